import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { StreamVersions, type Contender, type ReadPage } from '../contender';
import type { BenchEvent } from '../payload';

const toNewEvent = (event: BenchEvent): NewEvent => ({
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

/**
 * Our store through its public port only, exactly as the application uses it: exact expected
 * versions, full validation, idempotency lookups, hashing, group commit. The same wrapper serves
 * every adapter, so SQLite and PostgreSQL figures differ only by the adapter.
 */
export class OursContender implements Contender {
  readonly role = 'ours' as const;
  readonly label = 'ours';
  private readonly versions = new StreamVersions();

  constructor(
    private readonly store: EventStore,
    private readonly tenant: string,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  private streamId(key: string): string {
    return `${this.tenant}/purchase-${key}`;
  }

  async appendSingle(streamKey: string, event: BenchEvent): Promise<void> {
    await this.appendBatch(streamKey, [event]);
  }

  async appendConcurrent(streamKey: string, event: BenchEvent): Promise<void> {
    await this.appendBatch(streamKey, [event]);
  }

  async appendBatch(streamKey: string, events: readonly BenchEvent[]): Promise<void> {
    const before = this.versions.take(streamKey, events.length);
    await this.store.append(this.streamId(streamKey), events.map(toNewEvent), {
      expectedVersion: before === -1 ? 'no_stream' : before,
    });
  }

  async readPage(after: number, limit: number): Promise<ReadPage> {
    const events = await this.store.readAll({ fromPosition: after + 1, limit });
    return { count: events.length, last: events.length > 0 ? events[events.length - 1]!.position : after };
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.onClose();
  }
}
