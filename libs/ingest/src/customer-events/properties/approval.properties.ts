/** Multi-step approvals of discounts and contracts (manager → finance → CEO), one event per request and decision. */
import { currency, id, longText, shortText } from '../schema/strings';
import { integer, money, oneOf } from '../schema/scalars';
import { object, optional, required } from '../schema/schema';
import { amountNeedsCurrency } from './amount-with-currency';

export const MAX_APPROVAL_STEPS = 20;

const approvalId = () => id('Groups the steps of one approval', 'apr_2025_0042');
const step = () => integer(1, MAX_APPROVAL_STEPS, 'Step number, 1 for the first approver');

export const approvalRequestedV1 = object(
  {
    approvalId: required(approvalId()),
    step: required(step()),
    kind: required(oneOf(['discount', 'contract', 'payment-terms', 'other'] as const)),
    approverId: optional(id('Who is asked to decide')),
    approverRole: optional(shortText(200, 'e.g. manager, finance, ceo')),
    amount: optional(money()),
    currency: optional(currency()),
    comment: optional(longText()),
  },
  {
    description: 'An approval step was requested; amount and currency come together',
    check: amountNeedsCurrency,
  },
);

export const approvalDecidedV1 = object(
  {
    approvalId: required(approvalId()),
    step: required(step()),
    decision: required(oneOf(['approved', 'rejected'] as const)),
    deciderId: optional(id('Who decided')),
    comment: optional(longText()),
  },
  { description: 'An approval step was approved or rejected' },
);
