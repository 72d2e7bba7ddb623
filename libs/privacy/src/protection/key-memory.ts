import type { DataKey, DataKeyStore } from '../keys/data-key-store.port';
import { KeyCache } from './event-protection';

/**
 * Values by tenant, then id, bounded without bookkeeping (a full map starts over: one lookup per person
 * again). Nested rather than keyed by `tenant + id`: appends look up every identifier of a batch, and
 * building a key string per lookup showed in profiles.
 */
class ByTenant<V> {
  private readonly tenants = new Map<string, Map<string, V>>();
  private entries = 0;

  constructor(private readonly maxEntries: number) {}

  get(tenantId: string, id: string): V | undefined {
    return this.tenants.get(tenantId)?.get(id);
  }

  has(tenantId: string, id: string): boolean {
    return this.tenants.get(tenantId)?.has(id) ?? false;
  }

  set(tenantId: string, id: string, value: V): void {
    if (this.entries >= this.maxEntries) this.clear();
    let ids = this.tenants.get(tenantId);
    if (!ids) this.tenants.set(tenantId, (ids = new Map()));
    if (!ids.has(id)) this.entries++;
    ids.set(id, value);
  }

  clear(): void {
    this.tenants.clear();
    this.entries = 0;
  }
}

/**
 * The data keys a store layer keeps in memory, so a page of events costs one query (the key store's
 * shred epoch) instead of a lookup per person. The epoch changes in the same transaction as any key
 * deletion, in any process; when it has moved, everything cached is dropped before the page is read.
 * A page read while another process forgets someone reads as if it happened just before the forget;
 * every page after it sees the person forgotten.
 *
 * A ref that the key store no longer has is remembered as gone: refs name one key each and a deleted
 * key never comes back (a person seen again gets a new key under a new ref).
 */
export class KeyMemory {
  /** Derived field keys and opened identifiers, dropped with the keys. */
  readonly fieldKeys: KeyCache;
  private epoch: number | undefined;
  /** Bumped on every drop: a lookup that started before a drop must not refill the cache after it. */
  private generation = 0;
  private readonly byRef: ByTenant<Buffer>;
  private readonly byId: ByTenant<DataKey>;
  private readonly gone: ByTenant<true>;

  constructor(
    private readonly store: DataKeyStore,
    maxEntries = 100_000,
  ) {
    this.fieldKeys = new KeyCache(maxEntries);
    this.byRef = new ByTenant(maxEntries);
    this.byId = new ByTenant(maxEntries);
    this.gone = new ByTenant(maxEntries);
  }

  private async sync(): Promise<number> {
    const epoch = await this.store.shredEpoch();
    if (epoch !== this.epoch) {
      this.byRef.clear();
      this.byId.clear();
      this.fieldKeys.forgetAll();
      this.epoch = epoch;
      this.generation++;
    }
    return this.generation;
  }

  /** As DataKeyStore.obtain, from memory where the epoch allows. */
  async obtain(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const generation = await this.sync();
    const result = new Map<string, DataKey>();
    const missing: string[] = [];
    for (const keyId of keyIds) {
      const known = this.byId.get(tenantId, keyId);
      if (known) result.set(keyId, known);
      else missing.push(keyId);
    }
    if (missing.length === 0) return result;
    const obtained = await this.store.obtain(tenantId, missing);
    for (const [keyId, key] of obtained) {
      result.set(keyId, key);
      if (generation === this.generation) {
        this.byId.set(tenantId, keyId, key);
        this.byRef.set(tenantId, key.ref, key.key);
      }
    }
    return result;
  }

  /** As DataKeyStore.find: the keys of these refs that exist, by ref. */
  async find(tenantId: string, refs: readonly string[]): Promise<Map<string, Buffer>> {
    const generation = await this.sync();
    const result = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const ref of refs) {
      const known = this.byRef.get(tenantId, ref);
      if (known) result.set(ref, known);
      else if (!this.gone.has(tenantId, ref)) missing.push(ref);
    }
    if (missing.length === 0) return result;
    const found = await this.store.find(tenantId, missing);
    for (const ref of missing) {
      const key = found.get(ref);
      if (key === undefined) {
        this.fieldKeys.forget(ref);
        this.gone.set(tenantId, ref, true);
        continue;
      }
      result.set(ref, key);
      if (generation === this.generation) this.byRef.set(tenantId, ref, key);
    }
    return result;
  }
}
