import type { EventSource } from '@crm/event-store/port/event-store.port';

/** Who sent a command and through what; recorded in every event's metadata. */
export interface CommandOrigin {
  source: EventSource;
  /** The API key id (HTTP), `crm import` (CLI) or the seeder's name. */
  actor: string;
  correlationId?: string;
  /**
   * Makes the command's event ids deterministic (UUID v5 of stream, key and index): a repeat of the
   * command is answered with the original result and appends nothing. Imports and the demo seed
   * always set it; HTTP clients may through the `Idempotency-Key` header.
   */
  idempotencyKey?: string;
}

/** What every command answers: the aggregate's new version and the position for read-your-writes. */
export interface CommandResult {
  /** Pass as `expectedVersion` to the next command on the same aggregate. */
  version: number;
  /** Global position of the last event written (or of the original one on a repeat); use as `minPosition`. */
  position: number;
  /** Events appended by this call: 0 when the command was a repeat (idempotency key) or changed nothing. */
  appended: number;
}
