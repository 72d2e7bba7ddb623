/**
 * crm-projector: keeps every projection of the catalog following the event log (checkpointed,
 * faults visible, new versions rebuilt blue/green) in its own process, beside or instead of the
 * API's embedded runtime. Plain Node rather than a Nest application context: it serves nothing and
 * injects nothing, its whole lifecycle is open stores → start daemon → stop daemon → close stores,
 * and keeping it explicit here makes the shutdown order (daemon before stores) obvious. With OPS_PORT
 * set, serves GET /health, /health/ready and /metrics on OPS_HOST (loopback by default): docs/operations.md,
 * "Probing and scraping the workers".
 */
import { resolve } from 'node:path';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ReadinessRegistry } from '@crm/platform/health/readiness-registry';
import { createLogger } from '@crm/platform/logging/logger';
import { CrmMetrics } from '@crm/platform/metrics/crm-metrics';
import { loadOpsConfig, type OpsConfig } from '@crm/platform/ops/ops-config';
import { startOpsListener, storeReachable, type OpsListener } from '@crm/platform/ops/ops-listener';
import { ProjectionDaemon } from '@crm/projections/core/projection-daemon';
import { registerLeaseGauge, registerProjectionGauges } from '@crm/projections/projection-gauges';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { allPublishers } from '@crm/wiring/projection-catalog';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';

type DaemonPhase = 'starting' | 'running' | 'stopping';

/** A stop that hangs (a store that does not answer) must not keep a supervisor waiting forever. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const run = async (): Promise<void> => {
  const config = loadStoreConfig(process.env);
  const opsConfig = loadOpsConfig(process.env);
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
  // The listener first, so a supervisor can probe a slow start; a port already taken stops us before any lease is held.
  let phase: DaemonPhase = 'starting';
  const ops = opsConfig && (await startOps(opsConfig, { store, rm, daemon, projections, phase: () => phase }));
  if (ops && opsConfig)
    logger.info(
      {
        host: opsConfig.host,
        port: ops.port,
        metricsAuth: opsConfig.apiKeys ? 'ops key' : 'open (loopback, no CRM_API_KEYS)',
      },
      'ops listener started',
    );
  await daemon.start();
  phase = 'running';
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
    phase = 'stopping';
    // The daemon first: its runners commit or roll back their page, then the stores close under no load.
    daemon
      .stop()
      .then(() => ops?.close())
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

/**
 * Ready: the event store and the read-model database answer, and the daemon runs (started, not
 * stopping). A projection faulted or lagging, or one whose lease another process holds, does not make
 * this process unready: restarting it would not help; /metrics shows those.
 */
const startOps = async (
  opsConfig: OpsConfig,
  parts: {
    store: EventStore;
    rm: ReadModelStore;
    daemon: ProjectionDaemon;
    projections: readonly { name: string }[];
    phase: () => DaemonPhase;
  },
): Promise<OpsListener> => {
  const { store, rm, daemon } = parts;
  const metrics = new CrmMetrics();
  metrics.trackStoreHead(() => store.headPosition());
  const monitor = new ProjectionMonitor(
    store,
    rm,
    parts.projections.map((p) => p.name),
  );
  registerProjectionGauges(metrics.registry, monitor, rm, allPublishers());
  registerLeaseGauge(metrics.registry, daemon);
  const readiness = new ReadinessRegistry();
  readiness.register(storeReachable('store', store.name, () => store.headPosition()));
  readiness.register({
    name: 'read-models',
    check: async () => {
      await rm.query('SELECT 1 AS one');
      return { ready: true };
    },
  });
  readiness.register({
    name: 'daemon',
    check: async () => {
      const phase = parts.phase();
      if (phase !== 'running') return { ready: false, detail: `the daemon is ${phase}` };
      const held = daemon
        .liveStatus()
        .filter((s) => s.leaseHeld)
        .map((s) => s.name);
      return { ready: true, data: { leaseOwner: daemon.owner, leasesHeld: held } };
    },
  });
  return startOpsListener({ config: opsConfig, readiness, metrics, realm: 'crm-projector' });
};

run().catch((error: unknown) => {
  // A ConfigError lists every bad variable; other start failures (store unreachable) are described by their message.
  process.stderr.write(`crm-projector cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
