import type { DataKey, DataKeyStore } from '../keys/data-key-store.port';
import { KeyCache } from './event-protection';

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
  private readonly byRef = new Map<string, Buffer>();
  private readonly byId = new Map<string, DataKey>();
  private readonly gone = new Set<string>();

  constructor(
    private readonly store: DataKeyStore,
    private readonly maxEntries = 100_000,
  ) {
    this.fieldKeys = new KeyCache(maxEntries);
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

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    // Bounded without bookkeeping: a full cache starts over (one lookup per person again).
    if (map.size >= this.maxEntries) map.clear();
    map.set(key, value);
  }

  /** As DataKeyStore.obtain, from memory where the epoch allows. */
  async obtain(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const generation = await this.sync();
    const result = new Map<string, DataKey>();
    const missing: string[] = [];
    for (const keyId of keyIds) {
      const known = this.byId.get(`${tenantId}\u0000${keyId}`);
      if (known) result.set(keyId, known);
      else missing.push(keyId);
    }
    if (missing.length === 0) return result;
    const obtained = await this.store.obtain(tenantId, missing);
    for (const [keyId, key] of obtained) {
      result.set(keyId, key);
      if (generation === this.generation) {
        this.remember(this.byId, `${tenantId}\u0000${keyId}`, key);
        this.remember(this.byRef, `${tenantId}\u0000${key.ref}`, key.key);
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
      const id = `${tenantId}\u0000${ref}`;
      const known = this.byRef.get(id);
      if (known) result.set(ref, known);
      else if (!this.gone.has(id)) missing.push(ref);
    }
    if (missing.length === 0) return result;
    const found = await this.store.find(tenantId, missing);
    for (const ref of missing) {
      const id = `${tenantId}\u0000${ref}`;
      const key = found.get(ref);
      if (key === undefined) {
        this.fieldKeys.forget(ref);
        if (this.gone.size >= this.maxEntries) this.gone.clear();
        this.gone.add(id);
        continue;
      }
      result.set(ref, key);
      if (generation === this.generation) this.remember(this.byRef, id, key);
    }
    return result;
  }
}
