import { DelegatingEventStore } from '@crm/event-store/core/delegating-event-store';
import { InvalidAppend } from '@crm/event-store/port/event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import { GDPR_EVENT_TYPES } from '../forget/person-forgotten.events';
import { KeyMemory } from './key-memory';
import type { DataKeyStore } from '../keys/data-key-store.port';
import {
  FieldKeyCache,
  keyRefsToReveal,
  needsOwnerKeys,
  ownerKeyIdsOf,
  planProtection,
  revealEvent,
  sealEvent,
  UnclassifiedEventVersion,
  type IdentifierKeyOf,
  type ProtectionPlan,
} from './event-protection';

const FORGET_TYPES = new Set<string>(GDPR_EVENT_TYPES);

/**
 * The EventStore port with personal data encrypted at rest (crypto-shredding, ADR 0009). Appends seal
 * the personal fields of customer events under per-person keys obtained (and made durable) before the
 * inner append; reads, pages of subscriptions included, open them again with the keys that still exist.
 * A forgotten person's fields read as placeholders (`~p:<pseudonym>`, `~redacted`) for every reader
 * from the moment the key is deleted: every page first checks the key store's shred epoch (KeyMemory),
 * and keys held in memory are dropped as soon as it moved, so no process keeps decrypting after
 * another process forgot someone.
 *
 * Positions, versions, ids, metadata and subscription semantics (back-pressure, errors through `done`)
 * are the inner store's: a read that cannot be decrypted (corrupted ciphertext) fails the call or the
 * page loudly rather than skipping the event.
 */
export class ProtectingEventStore extends DelegatingEventStore {
  private readonly memory: KeyMemory;
  /** The install's identifier keys, remembered (an HMAC per identifier per event otherwise). */
  private readonly keyOf: IdentifierKeyOf;

  /**
   * The layer owns `keys` (it closes them with the store). `reveal: 'none'` makes a pseudonymous reader: it
   * opens no personal field, so everyone reads as if forgotten (identifiers as `~p:<pseudonym>`, other
   * fields `~redacted`) — for what leaves the system and cannot be called back, such as the Kafka relay.
   */
  constructor(
    inner: EventStore,
    private readonly keys: DataKeyStore,
    identifierKeyOf: IdentifierKeyOf,
    private readonly options: { reveal?: 'keys' | 'none' } = {},
  ) {
    super(inner);
    this.memory = new KeyMemory(keys);
    // Remembered with the field keys, so a forget anywhere drops the clear values it is keyed by.
    this.keyOf = (tenantId, type, value) => this.memory.fieldKeys.identifierKey(tenantId, type, value, identifierKeyOf);
  }

  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const stream = parseStreamId(streamId);
    // An invalid stream id or batch is the inner store's to refuse, with its own error.
    if (stream === undefined || !Array.isArray(events)) return this.inner.append(streamId, events, options);
    const { tenantId, category } = stream;
    let plans: (ProtectionPlan | undefined)[];
    const owners = await this.ownerKeyIds(streamId, tenantId, category, events);
    try {
      plans = events.map((event) => planProtection(tenantId, event, this.keyOf, category, owners));
    } catch (error) {
      if (error instanceof UnclassifiedEventVersion) throw new InvalidAppend(error.message);
      throw error;
    }
    const keyIds = [...new Set(plans.flatMap((plan) => plan?.keyIds ?? []))];
    if (keyIds.length === 0) return this.inner.append(streamId, events, options);
    // Durable before the events that need them can be acked.
    const dataKeys = await this.memory.obtain(tenantId, keyIds);
    const sealed = events.map((event, i) => {
      const plan = plans[i];
      return plan ? sealEvent(tenantId, plan, dataKeys, this.memory.fieldKeys) : event;
    });
    return this.inner.append(streamId, sealed, options);
  }

  /**
   * The deal owner's employee keys, for events whose free text is sealed under them (close reasons,
   * payment references): from an OpportunityOpened in the batch, else the stream's first stored event
   * (its `~p:` placeholders are the keys: nothing to decrypt). One read of one event per such append.
   */
  private async ownerKeyIds(
    streamId: string,
    tenantId: string,
    category: string,
    events: readonly NewEvent[],
  ): Promise<readonly string[]> {
    if (category !== 'opportunity' || !events.some((event) => needsOwnerKeys(event.type))) return [];
    const opened =
      events.find((event) => event.type === 'OpportunityOpened') ??
      (await this.inner.readStream(streamId, { limit: 1 }))[0];
    return opened === undefined ? [] : ownerKeyIdsOf(tenantId, opened, this.keyOf);
  }

  /** A page in clear where keys exist: one shred-epoch check, then a lookup of the refs not in memory. */
  private async reveal<T extends readonly RecordedEvent[]>(events: T): Promise<T> {
    if (this.options.reveal === 'none') {
      // No key is ever looked up, and a cache of its own: nothing opened elsewhere can leak in.
      const none = new FieldKeyCache(new Map());
      return events.map((event) => revealEvent(event, none)) as unknown as T;
    }
    const wanted = new Map<string, Set<string>>();
    for (const event of events) {
      if (FORGET_TYPES.has(event.type)) this.memory.fieldKeys.forgetAll();
      const ids = keyRefsToReveal(event);
      if (ids.length === 0) continue;
      let set = wanted.get(event.metadata.tenantId);
      if (!set) wanted.set(event.metadata.tenantId, (set = new Set()));
      for (const id of ids) set.add(id);
    }
    if (wanted.size === 0) return events;
    const caches = new Map<string, FieldKeyCache>();
    for (const [tenantId, refs] of wanted) {
      caches.set(tenantId, new FieldKeyCache(await this.memory.find(tenantId, [...refs]), this.memory.fieldKeys));
    }
    return events.map((event) => {
      const cache = caches.get(event.metadata.tenantId);
      return cache ? revealEvent(event, cache) : event;
    }) as unknown as T;
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readStream(streamId, options));
  }

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readAll(options));
  }

  override subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    // The inner subscription waits for this promise: back-pressure and handler errors pass through as is.
    return this.inner.subscribeAll(options, async (events, progress) => handler(await this.reveal(events), progress));
  }

  override async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      await this.keys.close();
    }
  }
}
