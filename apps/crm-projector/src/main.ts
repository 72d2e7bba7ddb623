/**
 * crm-projector: keeps every projection of the catalog following the event log (checkpointed,
 * faults visible, new versions rebuilt blue/green) in its own process, beside or instead of the
 * API's embedded runtime. Plain Node rather than a Nest application context: it serves nothing and
 * injects nothing, its whole lifecycle is open stores → start daemon → stop daemon → close stores,
 * and keeping it explicit here makes the shutdown order (daemon before stores) obvious.
 */
import { resolve } from 'node:path';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { createLogger } from '@crm/platform/logging/logger';
import { ProjectionDaemon } from '@crm/projections/core/projection-daemon';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { allPublishers } from '@crm/wiring/projection-catalog';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';

/** A stop that hangs (a store that does not answer) must not keep a supervisor waiting forever. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const run = async (): Promise<void> => {
  const config = loadStoreConfig(process.env);
  const logger = createLogger(config.logLevel).child({ app: 'crm-projector' });
  const projections = await loadProjectionCatalog(process.env, { pseudonymizer: await loadPseudonymizer(config) });

  let store: EventStore | undefined;
  let rm: ReadModelStore | undefined;
  const closeStores = async (): Promise<void> => {
    await Promise.all([store?.close(), rm?.close()]);
  };
  try {
    store = await openEventStore(config);
    rm = await createReadModelStore(config);
  } catch (error) {
    await closeStores().catch(() => undefined);
    throw error;
  }

  const daemon = new ProjectionDaemon(store, rm, projections, {
    logger: {
      info: (message) => logger.info(message),
      error: (message, error) => logger.error({ err: error }, message),
    },
    // Several projectors may run: each projection is run by the holder of its lease, the others stand by.
    lease: { ttlMs: config.projectionLeaseTtlMs },
    publishers: allPublishers(),
  });
  await daemon.start();
  logger.info(
    {
      projections: projections.map((p) => `${p.name}@${p.version}`),
      eventStore: config.eventStore,
      readModelStore: config.readModelStore,
      dataDir: resolve(config.dataDir),
      leaseOwner: daemon.owner,
    },
    'projector started',
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'projector stopping');
    setTimeout(() => {
      logger.error(`projector did not stop within ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // The daemon first: its runners commit or roll back their page, then the stores close under no load.
    daemon
      .stop()
      .then(closeStores)
      .then(
        () => {
          logger.info('projector stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'projector stopped with an error');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
};

run().catch((error: unknown) => {
  // A ConfigError lists every bad variable; other start failures (store unreachable) are described by their message.
  process.stderr.write(`crm-projector cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
