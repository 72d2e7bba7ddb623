import type { JsonObject, JsonValue } from '@crm/event-store/port/json';
import type { Upcaster } from '@crm/event-store/upcasting/upcaster-registry';

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `"ana@acme.example"` → `{ "email": "ana@acme.example" }`; anything else is left as it is. */
const mailbox = (value: JsonValue): JsonValue => (typeof value === 'string' ? { email: value } : value);
const mailboxes = (value: JsonValue): JsonValue => (Array.isArray(value) ? value.map(mailbox) : value);

/**
 * `email.sent` / `email.received` v1 → v2: `from`, `to[]` and `cc[]` become mailboxes
 * `{ email, name?, contactId? }`. A v1 address only ever had the email, so nothing is invented:
 * no name, no contact. Every other field is kept as it was.
 */
export const emailMailboxesV1ToV2: Upcaster = {
  fromVersion: 1,
  toVersion: 2,
  description: '`from`, `to[]`, `cc[]`: address strings become mailboxes `{ "email": … }` (no `name`, no `contactId`)',
  upcast: (data) => {
    const properties = data.properties;
    if (!isObject(properties)) return data;
    const { from, to, cc } = properties;
    return {
      ...data,
      properties: {
        ...properties,
        ...(from !== undefined && { from: mailbox(from) }),
        ...(to !== undefined && { to: mailboxes(to) }),
        ...(cc !== undefined && { cc: mailboxes(cc) }),
      },
    };
  },
};
