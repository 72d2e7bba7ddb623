import type { Projection } from '@crm/projections/port/projection';
import type { OpsKafka } from './dead-letters/ops-kafka';

/** What the application root gives the console module (it reads no environment itself). */
export interface ConsoleModuleOptions {
  /** The projection catalog of the app (`allProjections()`): what may be rebuilt. */
  projections: readonly Projection[];
  /** Kafka settings for the dead-letter endpoints; undefined when the API runs without KAFKA_BROKERS. */
  kafka?: OpsKafka;
  /** The built front end (index.html, assets/); defaults to `<repo>/dist/console`. */
  assetsDir?: string;
  /** Test-only: each page of a console-started rebuild waits this long (see rebuild-test-hook.ts). */
  testRebuildPageDelayMs?: number;
  /** How often the ops history samples the store head and projection checkpoints (default 2 s). */
  historyIntervalMs?: number;
}

export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');
