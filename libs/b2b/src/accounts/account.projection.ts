import type { Projection } from '@crm/projections/port/projection';
import { isB2bEvent } from '../shared/projection/b2b-stream-guard';
import { CONTACT_FORGOTTEN, forgottenContactOf } from '../shared/projection/forgotten-contact';
import {
  applyToContactTables,
  CONTACT_TABLE_EVENTS,
  CONTACT_TABLES,
  forgetInContactTables,
} from '../contacts/contact-tables';
import { ACCOUNT_TABLE_EVENTS, ACCOUNT_TABLES, applyToAccountTables } from './account-tables';

export const ACCOUNTS_PROJECTION = 'b2b-accounts';

const CONTACT_EVENTS = new Set<string>(CONTACT_TABLE_EVENTS);

/**
 * The account view: accounts with their place in the hierarchy, the deals of each account (won value
 * and open pipeline, rolled up over subsidiaries at query time with a recursive walk of `parent_id`),
 * and the people at each account with whom they report to (the org chart).
 */
export const accountProjection: Projection = {
  name: ACCOUNTS_PROJECTION,
  version: 2,
  handles: [...ACCOUNT_TABLE_EVENTS, ...CONTACT_TABLE_EVENTS, CONTACT_FORGOTTEN],
  tables: [...ACCOUNT_TABLES, ...CONTACT_TABLES],
  async apply(event, tx) {
    const forgotten = forgottenContactOf(event);
    if (forgotten) return forgetInContactTables(tx, event.metadata.tenantId, forgotten.contactId);
    if (!isB2bEvent(event)) return;
    if (CONTACT_EVENTS.has(event.type)) return applyToContactTables(event, tx);
    return applyToAccountTables(event, tx);
  },
};
