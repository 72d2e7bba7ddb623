import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../../contract/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'crm-sqlite-contract-'));

eventStoreContract('sqlite', {
  open: async () => new SqliteEventStore({ path: join(dir, 'events.db'), pollMs: 50 }),
  dispose: async () => rmSync(dir, { recursive: true, force: true }),
});
