import { eventStoreContract } from '../../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../testing/postgres-test-db';

const schema = uniqueSchema('es_contract');

eventStoreContract('postgres', {
  open: () => new PostgresEventStore({ connectionString: testDatabaseUrl(), schema, pollMs: 50 }).init(),
  dispose: () => dropSchema(schema),
});
