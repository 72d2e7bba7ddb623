import { Gauge, type Registry } from 'prom-client';
import type { LiveStatus } from './core/projection-daemon';
import type { ProjectionStatus } from './core/projection-status';
import type { DerivedEventsPublisher } from './port/derived-events-publisher';
import type { ReadModelStore } from './port/read-model-store';
import type { ProjectionMonitor } from './projection-monitor';
import { publisherStatuses } from './publishers/publisher-status';

/**
 * The projection series of /metrics, computed at scrape time from the read-model database (checkpoints,
 * generations, faults, derived rows), so every process that can read it reports the same figures: crm-api
 * and crm-projector alike (KurrentDB #1392/#2632: a subscription must never stop unnoticed).
 */
export const registerProjectionGauges = (
  registry: Registry,
  monitor: ProjectionMonitor,
  rm: ReadModelStore,
  publishers: readonly DerivedEventsPublisher[],
): void => {
  const registers = [registry];
  // One status read per scrape, shared by the gauges collected in it.
  let scrape: Promise<ProjectionStatus[]> | undefined;
  const statuses = (): Promise<ProjectionStatus[]> => {
    scrape ??= monitor.statuses().finally(() => setImmediate(() => (scrape = undefined)));
    return scrape.catch(() => []);
  };
  const gauge = (name: string, help: string, value: (s: ProjectionStatus) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['projection', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const s of await statuses()) this.set({ projection: s.name, status: s.status }, value(s));
      },
    });
  };
  gauge('crm_projection_lag_events', 'Head position minus the projection checkpoint', (s) => s.lag);
  gauge('crm_projection_checkpoint', 'Last global position applied by the projection', (s) => s.checkpoint);
  gauge('crm_projection_faulted', '1 when the projection is stopped on a failing event', (s) =>
    s.state === 'faulted' ? 1 : 0,
  );
  gauge('crm_projection_events_per_second', 'Recent apply rate of the projection', (s) => s.eventsPerSecond);
  new Gauge({
    name: 'crm_derived_events_pending',
    help: 'Rows a read model derived (merges, splits) that its publisher has not appended to the log yet',
    labelNames: ['publisher'],
    registers,
    async collect() {
      this.reset();
      const statuses = await publisherStatuses(rm, publishers).catch(() => []);
      for (const p of statuses) this.set({ publisher: p.name }, p.pending);
    },
  });
};

/**
 * Which projections and publishers this process runs under its lease now (crm-projector): 1 for the
 * holder, 0 for a process standing by, so a dashboard shows one owner per name across instances.
 */
export const registerLeaseGauge = (
  registry: Registry,
  daemon: { liveStatus(): LiveStatus[]; publisherStatus(): LiveStatus[] },
): void => {
  new Gauge({
    name: 'crm_projector_lease_held',
    help: '1 while this process holds the lease of the projection or publisher (and runs it), else 0',
    labelNames: ['name', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of daemon.liveStatus()) this.set({ name: s.name, kind: 'projection' }, s.leaseHeld ? 1 : 0);
      for (const s of daemon.publisherStatus()) this.set({ name: s.name, kind: 'publisher' }, s.leaseHeld ? 1 : 0);
    },
  });
};
