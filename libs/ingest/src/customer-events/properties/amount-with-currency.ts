import type { FieldError } from '@crm/platform/http/problem-details';

/** An optional amount means nothing without its currency, and the other way round. */
export const amountNeedsCurrency = (
  properties: { amount?: number; currency?: string },
  at: string,
  errors: FieldError[],
): void => {
  if (properties.amount !== undefined && properties.currency === undefined)
    errors.push({ pointer: `${at}/currency`, detail: 'is required with amount' });
  if (properties.currency !== undefined && properties.amount === undefined)
    errors.push({ pointer: `${at}/amount`, detail: 'is required with currency' });
};
