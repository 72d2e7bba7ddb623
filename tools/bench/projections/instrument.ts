import type { EventStore, ReadAllOptions, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

/**
 * Where a rebuild's wall-clock time goes, in ms, measured per page (never per event, so the
 * clocks cost nothing measurable): reading pages, opening transactions, the work inside them
 * (the projection's apply and its statements plus the runner's bookkeeping), committing.
 */
export interface Breakdown {
  /** store.readAll calls: SQL, transfer, decoding rows into RecordedEvents. */
  readMs: number;
  /** store.headPosition calls (one per page, to bound the read). */
  headMs: number;
  /** From asking for a transaction to being inside it (mutex or pool, BEGIN). */
  beginMs: number;
  /** Inside the transaction: apply for every event, the checkpoint read and write. */
  workMs: number;
  /** From the work's end to the transaction's promise settling (COMMIT). */
  commitMs: number;
  pages: number;
  /** Statements run through tx.execute / tx.query (projection and runner together). */
  statements: number;
}

export const emptyBreakdown = (): Breakdown => ({
  readMs: 0,
  headMs: 0,
  beginMs: 0,
  workMs: 0,
  commitMs: 0,
  pages: 0,
  statements: 0,
});

const timed = async <T>(run: () => Promise<T>, add: (ms: number) => void): Promise<T> => {
  const started = performance.now();
  try {
    return await run();
  } finally {
    add(performance.now() - started);
  }
};

/**
 * Puts clocks around the store's readAll and headPosition for the duration of one rebuild, by
 * shadowing the two methods on the instance; `restore()` removes them. Shadowing rather than
 * wrapping keeps the adapter's own subscribeAll in the measured path — its catch-up loop calls
 * `this.readAll` and `this.headPosition`, so it picks the timed ones up, and everything else
 * (append signal, poll interval, LISTEN on PostgreSQL) stays exactly as in production.
 * `guard` runs before every read and may throw to stop the rebuild there.
 */
export const instrumentStore = (
  store: EventStore,
  b: Breakdown,
  guard: () => void = () => undefined,
): { restore(): void } => {
  const target = store as { readAll: EventStore['readAll']; headPosition: EventStore['headPosition'] };
  const { readAll, headPosition } = store;
  // Adapters define both on the prototype; if one ever became an own property, put it back as it was.
  const own = {
    readAll: Object.prototype.hasOwnProperty.call(store, 'readAll'),
    headPosition: Object.prototype.hasOwnProperty.call(store, 'headPosition'),
  };
  target.readAll = (o?: ReadAllOptions): Promise<RecordedEvent[]> =>
    timed(
      async () => {
        // A failed read rejects the subscription cleanly, between two committed pages.
        guard();
        return readAll.call(store, o);
      },
      (ms) => ((b.readMs += ms), (b.pages += 1)),
    );
  target.headPosition = (tenantId?: string): Promise<number> =>
    timed(
      () => headPosition.call(store, tenantId),
      (ms) => (b.headMs += ms),
    );
  return {
    restore: () => {
      if (own.readAll) target.readAll = readAll;
      else delete (target as Partial<typeof target>).readAll;
      if (own.headPosition) target.headPosition = headPosition;
      else delete (target as Partial<typeof target>).headPosition;
    },
  };
};

const countingTx = (tx: ReadModelTx, b: Breakdown): ReadModelTx => ({
  dialect: tx.dialect,
  table: (name) => tx.table(name),
  execute: (sql, params) => ((b.statements += 1), tx.execute(sql, params)),
  query: (sql, params) => ((b.statements += 1), tx.query(sql, params)),
});

/** The read-model store with clocks around each transaction's begin, work and commit. */
export const instrumentReadModels = (rm: ReadModelStore, b: Breakdown): ReadModelStore => ({
  dialect: rm.dialect,
  query: (sql, params) => rm.query(sql, params),
  close: () => rm.close(),
  transaction: async (work, tableNames) => {
    const asked = performance.now();
    let entered = asked;
    let finished = asked;
    const result = await rm.transaction(async (tx) => {
      entered = performance.now();
      try {
        return await work(countingTx(tx, b));
      } finally {
        finished = performance.now();
      }
    }, tableNames);
    b.beginMs += entered - asked;
    b.workMs += finished - entered;
    b.commitMs += performance.now() - finished;
    return result;
  },
});
