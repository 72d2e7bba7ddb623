/** Shop and ERP orders (B2C web/app/store purchases, B2B ERP orders): the basis of RFM, CLV and repeat purchase. */
import { array, object, optional, required } from '../schema/schema';
import { currency, id, shortText } from '../schema/strings';
import { integer, money } from '../schema/scalars';

const lineItem = object(
  {
    sku: required(id('Stock-keeping unit', 'SKU-10482')),
    name: optional(shortText(500)),
    quantity: required(integer(1, 1_000_000, 'Units, at least 1')),
    unitPrice: required(money('Price of one unit, in the event currency')),
  },
  { description: 'An order line' },
);

export const MAX_LINE_ITEMS = 500;

export const purchaseCompletedV1 = object(
  {
    orderId: required(id('The shop or ERP order id', 'ord_8f2k1')),
    amount: required(money('Total charged, in `currency`, ≥ 0 (taxes, shipping and discounts included)')),
    currency: required(currency()),
    items: required(array(lineItem, { min: 1, max: MAX_LINE_ITEMS })),
    storeId: optional(id('Physical store or web shop that took the order')),
    couponCode: optional(id()),
  },
  { description: 'An order was paid' },
);

export const purchaseRefundedV1 = object(
  {
    orderId: required(id('The order the refund belongs to')),
    refundId: optional(id()),
    amount: required(money('Amount refunded, in `currency`')),
    currency: required(currency()),
    reason: optional(shortText()),
    items: optional(array(lineItem, { min: 1, max: MAX_LINE_ITEMS, description: 'Lines refunded, when partial' })),
  },
  { description: 'An order was refunded in full or in part' },
);
