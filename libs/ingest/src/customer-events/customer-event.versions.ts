/**
 * The schema versions of the customer-event types as the store holds them, with the upcasters that
 * bring older stored events up to the current version on read (libs/wiring `openEventStore`). Derived
 * from CUSTOMER_EVENT_CONTRACTS, so the version the validator stamps and the version readers see cannot
 * disagree; a unit test checks every step against the contract's schemas.
 */
import { UpcasterRegistry, type EventTypeVersions, type Upcaster } from '@crm/event-store/upcasting/upcaster-registry';
import { CUSTOMER_EVENT_CONTRACTS, CUSTOMER_EVENT_TYPES, type CustomerEventType } from './customer-event.schemas';
import { emailMailboxesV1ToV2 } from './upcasters/email-mailboxes.upcaster';

/** Upcasters per type, in step order; a type without an entry has only ever had v1. */
export const CUSTOMER_EVENT_UPCASTERS: Partial<Record<CustomerEventType, readonly Upcaster[]>> = {
  'email.sent': [emailMailboxesV1ToV2],
  'email.received': [emailMailboxesV1ToV2],
};

export const customerEventVersions = (): EventTypeVersions[] =>
  CUSTOMER_EVENT_TYPES.map((type) => ({
    type,
    currentVersion: CUSTOMER_EVENT_CONTRACTS[type].schemaVersion,
    upcasters: CUSTOMER_EVENT_UPCASTERS[type] ?? [],
  }));

/** The customer-event chains alone, checked once at load: what the ingest front door upcasts old versions with. */
export const CUSTOMER_EVENT_UPCASTING = new UpcasterRegistry(customerEventVersions());
