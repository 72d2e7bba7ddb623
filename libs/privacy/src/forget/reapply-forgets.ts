/**
 * After a key store is restored from a backup, the people forgotten since that backup have their data keys
 * back, and with them their clear values on every read of the log. The log still records each forget, so
 * the forgets can be done again: every forget event of the tenant (or of every tenant, for an operator) is
 * read in log order and its keys deleted again. Nothing is appended (the recorded forgets stand) and a run
 * that finds nothing to delete changes nothing: run it after every restore.
 */
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { DataKeyStore } from '../keys/data-key-store.port';
import {
  CONTACT_FORGOTTEN,
  EMPLOYEE_FORGOTTEN,
  PERSON_FORGOTTEN,
  type ContactForgotten,
  type EmployeeForgotten,
  type GdprEvent,
  type PersonForgotten,
} from './person-forgotten.events';

/** What a forget event shredded: its subject (for the report) and its key ids. */
export interface ForgetRecord {
  subject: string;
  keyIds: readonly string[];
}

/** Every forget event the log may hold, each with how to read what it shredded (a new one fails the build). */
export const FORGET_EVENT_READERS: Readonly<Record<GdprEvent['type'], (event: RecordedEvent) => ForgetRecord>> = {
  [PERSON_FORGOTTEN]: (event) => {
    const data = event.data as unknown as PersonForgotten['data'];
    return { subject: `profile ${data.profileId}`, keyIds: data.identifierKeys ?? [] };
  },
  [CONTACT_FORGOTTEN]: (event) => {
    const data = event.data as unknown as ContactForgotten['data'];
    return { subject: `contact ${data.contactId}`, keyIds: data.keyIds ?? [] };
  },
  [EMPLOYEE_FORGOTTEN]: (event) => {
    const data = event.data as unknown as EmployeeForgotten['data'];
    // The notice key too: a restored one would make the forgotten id readable again in this very event.
    const keyIds = [...(data.keyIds ?? []), ...(data.noticeKeyId ? [data.noticeKeyId] : [])];
    return { subject: `employee ~p:${data.employeeKey}`, keyIds: [...new Set(keyIds)] };
  },
};

export interface ReapplyProgress {
  position: number;
  head: number;
  forgetEvents: number;
  keysDeleted: number;
}

export interface ReapplyResult {
  /** Null: every tenant. */
  tenantId: string | null;
  forgetEvents: number;
  /** Keys that existed again (restored) and are deleted now, by tenant and subject. */
  resurrected: { tenantId: string; subject: string; keysDeleted: number }[];
  keysDeleted: number;
  /** True once the deleted bytes are gone from the key store's files too. */
  scrubbed: boolean;
}

const PAGE = 1000;

export const reapplyForgets = async (
  tenantId: string | null,
  deps: { store: EventStore; keys: DataKeyStore; onProgress?: (progress: ReapplyProgress) => void },
): Promise<ReapplyResult> => {
  const types = Object.keys(FORGET_EVENT_READERS);
  const head = await deps.store.headPosition(tenantId ?? undefined);
  const result: ReapplyResult = { tenantId, forgetEvents: 0, resurrected: [], keysDeleted: 0, scrubbed: true };
  let from = 1;
  for (;;) {
    const page = await deps.store.readAll({
      fromPosition: from,
      limit: PAGE,
      filter: { types, ...(tenantId !== null && { tenantId }) },
    });
    for (const event of page) {
      const record = FORGET_EVENT_READERS[event.type as GdprEvent['type']](event);
      result.forgetEvents += 1;
      if (record.keyIds.length === 0) continue;
      // Every forget is addressed by its own tenant: an operator's run never mixes them.
      const shred = await deps.keys.shred(event.metadata.tenantId, record.keyIds);
      result.scrubbed &&= shred.scrubbed;
      if (shred.deleted.length > 0) {
        result.keysDeleted += shred.deleted.length;
        result.resurrected.push({
          tenantId: event.metadata.tenantId,
          subject: record.subject,
          keysDeleted: shred.deleted.length,
        });
      }
    }
    const last = page[page.length - 1];
    deps.onProgress?.({
      position: last?.position ?? head,
      head,
      forgetEvents: result.forgetEvents,
      keysDeleted: result.keysDeleted,
    });
    if (page.length < PAGE || last === undefined) return result;
    from = last.position + 1;
  }
};
