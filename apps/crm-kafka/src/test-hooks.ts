/**
 * Test-only fault injection for the integration tests' real crm-kafka processes, switched on by
 * environment variables and refused under NODE_ENV=production (like CRM_EXTRA_PROJECTIONS_MODULE):
 *
 *   CRM_TEST_HOLD_BEFORE_COMMIT_MS  after a page is durable in the store (and its dead letters acked),
 *                                   log "test hook: page durable, offsets not committed" and wait this
 *                                   long before committing — the window a kill -9 test aims at
 *   CRM_TEST_APPEND_DELAY_MS        make every append this much slower (a slow store)
 *   CRM_TEST_RELAY_HOLD_MS          after the broker acked a relay page, log "test hook: relay page acked,
 *                                   checkpoint not written" and wait this long before the checkpoint
 *
 * With any of them set, every committed page and relay checkpoint is logged too, so a test can wait for
 * "the consumer is in the middle of the topic" without sleeping.
 */
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { IngestHooks } from '@crm/messaging/ingest/ingest-consumer';
import type { RelayHooks } from '@crm/messaging/relay/outbound-relay';
import type { MessagingLogger } from '@crm/messaging/messaging-logger';

export const TEST_HOOK_VARIABLES = [
  'CRM_TEST_HOLD_BEFORE_COMMIT_MS',
  'CRM_TEST_APPEND_DELAY_MS',
  'CRM_TEST_RELAY_HOLD_MS',
] as const;

export interface TestHooks {
  ingest: IngestHooks;
  relay: RelayHooks;
  wrapStore: (store: EventStore) => EventStore;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const millis = (env: NodeJS.ProcessEnv, variable: string): number | undefined => {
  const text = env[variable]?.trim();
  if (!text) return undefined;
  if (!/^\d{1,7}$/.test(text))
    throw new Error(`${variable} must be a number of milliseconds, got ${JSON.stringify(text)}`);
  return Number(text);
};

export const loadTestHooks = (env: NodeJS.ProcessEnv, logger: MessagingLogger): TestHooks | undefined => {
  const set = TEST_HOOK_VARIABLES.filter((v) => env[v]?.trim());
  if (set.length === 0) return undefined;
  if (env.NODE_ENV === 'production')
    throw new Error(`${set.join(', ')}: test-only fault injection, refused under NODE_ENV=production`);
  const hold = millis(env, 'CRM_TEST_HOLD_BEFORE_COMMIT_MS');
  const delay = millis(env, 'CRM_TEST_APPEND_DELAY_MS');
  const relayHold = millis(env, 'CRM_TEST_RELAY_HOLD_MS');
  logger.warn('test hooks active', Object.fromEntries(set.map((v) => [v, env[v]])));
  return {
    ingest: {
      afterCommit: (page) =>
        logger.info('test hook: page committed', {
          topic: page.topic,
          partition: page.partition,
          firstOffset: page.firstOffset,
          lastOffset: page.lastOffset,
          stored: page.result.stored,
          split: page.result.split,
        }),
      ...(hold !== undefined && {
        beforeCommit: async (page) => {
          logger.info('test hook: page durable, offsets not committed', {
            topic: page.topic,
            partition: page.partition,
            firstOffset: page.firstOffset,
            lastOffset: page.lastOffset,
            stored: page.result.stored,
          });
          await sleep(hold);
        },
      }),
    },
    relay: {
      afterCheckpoint: (page) => logger.info('test hook: relay checkpoint written', { ...page }),
      ...(relayHold !== undefined && {
        afterAck: async (page) => {
          if (page.events === 0) return;
          logger.info('test hook: relay page acked, checkpoint not written', { ...page });
          await sleep(relayHold);
        },
      }),
    },
    wrapStore: (store) =>
      delay === undefined
        ? store
        : new Proxy(store, {
            get(target, property, receiver) {
              if (property === 'append') {
                return async (...args: Parameters<EventStore['append']>) => {
                  await sleep(delay);
                  return target.append(...args);
                };
              }
              const value: unknown = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
            },
          }),
  };
};
