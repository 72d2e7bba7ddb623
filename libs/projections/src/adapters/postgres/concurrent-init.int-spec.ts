import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { ensureMetaTables } from '../../core/generations';
import { PostgresReadModelStore } from './postgres-read-model-store';

// Several processes start at once on a fresh database (two crm-projectors, the API, a `crm` command): each
// creates the read-model schema and the runtime's tables. PostgreSQL's IF NOT EXISTS does not make concurrent
// creators safe (the loser fails on a catalog unique index), so a process could die at startup.
describe('read-model store initialisation on PostgreSQL', () => {
  it('given many processes starting at once on a fresh schema, when each initialises, then none fails', async () => {
    const schema = uniqueSchema('rm_race');
    const stores = Array.from({ length: 8 }, () => new PostgresReadModelStore(testDatabaseUrl(), schema, 2));
    try {
      for (let round = 0; round < 5; round++) {
        // given a schema nobody created yet
        await dropSchema(schema);
        // when every "process" creates it and the meta tables at the same moment
        const results = await Promise.allSettled(
          stores.map(async (rm) => {
            await rm.init();
            await ensureMetaTables(rm);
          }),
        );
        // then all of them succeed
        const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
        expect({ round, failures }).toEqual({ round, failures: [] });
      }
    } finally {
      await Promise.all(stores.map((rm) => rm.close()));
      await dropSchema(schema);
    }
  });
});
