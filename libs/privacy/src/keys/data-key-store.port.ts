/**
 * Where the per-person data keys live: outside the event log, so that deleting a key (crypto-shredding)
 * makes every ciphertext sealed under it unreadable, in the log, its replicas and its backups alike.
 * Keys are addressed by (tenant, key id); a key id is an identifier key (the pseudonym of a normalised
 * identifier, see pseudonyms/), so each identifier of a person has its own key. Tenant A's calls never
 * see, create or delete tenant B's keys: the tenant is part of every key's address.
 */
export interface ShredResult {
  /** Key ids that existed and are now deleted (a second shred of the same ids deletes nothing). */
  deleted: readonly string[];
  /** True once the deleted bytes are gone from the store's files too (WAL truncated, VACUUM run). */
  scrubbed: boolean;
  /** What was done to the files, for the operator. */
  detail: string;
}

/**
 * One data key. `ref` names this very key, not its identifier: a person forgotten and seen again gets
 * a new key under the same key id, and a ciphertext sealed under the old key must find no key at all
 * (rather than the new one, which would fail authentication).
 */
export interface DataKey {
  ref: string;
  key: Buffer;
}

export interface KeyInfo {
  keyId: string;
  createdAt: string;
}

export interface DataKeyStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * The keys of these ids, creating a random 256-bit key for each id that has none. Resolves only once
   * new keys are durable (fsynced / committed), so an event sealed with them is never acked before its
   * key could survive a crash. Concurrent creators of one id all get the same key.
   */
  obtain(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>>;
  /** The keys of these refs that still exist, by ref; a shredded key is absent from the map. */
  find(tenantId: string, refs: readonly string[]): Promise<Map<string, Buffer>>;
  /** Deletes the keys of these key ids, then removes their bytes from the store's files (see ShredResult.scrubbed). */
  shred(tenantId: string, keyIds: readonly string[]): Promise<ShredResult>;
  /**
   * A number that changes whenever keys are deleted (in the same transaction as the delete), in any
   * process. A reader that cached keys checks it once per page: unchanged means no cached key was
   * shredded since; changed means drop the cache. One cheap query instead of a lookup per key.
   */
  shredEpoch(): Promise<number>;
  /** Which of these keys exist and since when (for the right of access); never the key bytes. */
  describe(tenantId: string, keyIds: readonly string[]): Promise<KeyInfo[]>;
  close(): Promise<void>;
}
