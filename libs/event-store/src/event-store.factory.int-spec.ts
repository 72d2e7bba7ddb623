import { randomUUID } from 'node:crypto';
import { testDatabaseUrl } from './testing/postgres-test-db';
import { createEventStore } from './event-store.factory';

describe('createEventStore with EVENT_STORE=postgres', () => {
  it('loads the adapter lazily and returns it initialised (schema created, ready to append)', async () => {
    const store = await createEventStore({
      eventStore: 'postgres',
      dataDir: '/nonexistent',
      databaseUrl: testDatabaseUrl(),
    });
    try {
      expect(store.name).toBe('postgres');
      const tenant = `f${randomUUID().slice(0, 8)}`;
      const result = await store.append(`${tenant}/note-1`, [{ eventId: randomUUID(), type: 'Noted', data: {} }], {
        expectedVersion: 'no_stream',
      });
      expect(result.nextExpectedVersion).toBe(0);
      expect(await store.readStream(`${tenant}/note-1`)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('fails to open, without leaking a pool, when the server is unreachable', async () => {
    await expect(
      createEventStore({
        eventStore: 'postgres',
        dataDir: '/nonexistent',
        databaseUrl: 'postgres://crm@127.0.0.1:1/crm',
      }),
    ).rejects.toThrow();
  });
});
