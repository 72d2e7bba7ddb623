import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { freshKeys } from '../../crypto/field-cipher';
import type { DataKey, DataKeyStore, KeyInfo, ShredResult } from '../../keys/data-key-store.port';

interface KeyRow {
  key_id: string;
  key_ref: string;
  data_key: Buffer;
}

interface Waiting {
  tenantId: string;
  keyIds: readonly string[];
  resolve: (keys: Map<string, DataKey>) => void;
  reject: (error: unknown) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Data keys in a SQLite file of their own (default `<DATA_DIR>/secrets/data-keys.db`, mode 0600 in a
 * 0700 folder), never in the event store's file: a copy of events.db carries no key.
 *
 * - `synchronous=FULL`: a created key is fsynced before obtain() resolves (the events sealed with it
 *   are acked later, by the store's own fsync).
 * - `secure_delete=ON`: a deleted key's bytes are overwritten with zeros in its page, and freed pages
 *   are zeroed; after a delete the WAL is checkpointed with TRUNCATE, so no frame still holds the key.
 * - Every transaction here is synchronous (no await inside), so a lock is never held across the event
 *   loop and a second connection of the same process cannot dead-lock on it.
 * - Concurrent obtain() calls of one event-loop turn share one transaction and one fsync.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], KeyRow>;
  private readonly selectRefs: Database.Statement<[string, string], KeyRow>;
  private readonly insert: Database.Statement<[string, string, string, Buffer, string]>;
  private readonly remove: Database.Statement<[string, string], { key_id: string }>;
  private readonly info: Database.Statement<[string, string], { key_id: string; created_at: string }>;
  private readonly epoch: Database.Statement<[], number>;
  private readonly bumpEpoch: Database.Statement<[]>;
  private waiting: Waiting[] = [];

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Created private before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    // Keyed by ref: readers look keys up by the refs events carry (the hot path); appends and forgets
    // go by key id through the second index.
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      tenant_id TEXT NOT NULL,
      key_ref TEXT NOT NULL,
      key_id TEXT NOT NULL,
      data_key BLOB NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (tenant_id, key_ref)) WITHOUT ROWID;
      CREATE UNIQUE INDEX IF NOT EXISTS person_keys_id ON person_keys (tenant_id, key_id);
      CREATE TABLE IF NOT EXISTS key_store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO key_store_meta (name, value) VALUES ('shred_epoch', 0) ON CONFLICT DO NOTHING;`);
    // INDEXED BY: with IN (json_each) the planner would otherwise search by tenant only, a scan that
    // grows with the tenant's keys (measured: appends of new people slowed down quadratically).
    const ids = 'key_id IN (SELECT value FROM json_each(?))';
    const byId = 'person_keys INDEXED BY person_keys_id';
    const columns = 'key_id, key_ref, data_key';
    this.select = this.db.prepare(`SELECT ${columns} FROM ${byId} WHERE tenant_id = ? AND ${ids}`);
    this.selectRefs = this.db.prepare(
      `SELECT ${columns} FROM person_keys WHERE tenant_id = ? AND key_ref IN (SELECT value FROM json_each(?))`,
    );
    this.insert = this.db.prepare(
      'INSERT INTO person_keys (tenant_id, key_id, key_ref, data_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.remove = this.db.prepare(`DELETE FROM ${byId} WHERE tenant_id = ? AND ${ids} RETURNING key_id`);
    this.info = this.db.prepare(`SELECT key_id, created_at FROM ${byId} WHERE tenant_id = ? AND ${ids}`);
    this.epoch = this.db.prepare<[], number>("SELECT value FROM key_store_meta WHERE name = 'shred_epoch'").pluck();
    this.bumpEpoch = this.db.prepare("UPDATE key_store_meta SET value = value + 1 WHERE name = 'shred_epoch'");
  }

  private selectKeys(tenantId: string, keyIds: readonly string[]): Map<string, DataKey> {
    const rows = this.select.all(tenantId, JSON.stringify(keyIds));
    return new Map(rows.map((r) => [r.key_id, { ref: r.key_ref, key: r.data_key }]));
  }

  obtain(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const unique = [...new Set(keyIds)];
    // Fast path, no write and no fsync: every key already exists (the usual case after a first sighting).
    const found = this.selectKeys(tenantId, unique);
    if (found.size === unique.length) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      this.waiting.push({ tenantId, keyIds: unique, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.createWaiting());
    });
  }

  /** One write transaction (one fsync) for every obtain() that needed a new key in this turn. */
  private createWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const now = new Date().toISOString();
      const fresh = freshKeys(batch.reduce((n, w) => n + w.keyIds.length, 0));
      const results = this.db
        .transaction(() =>
          batch.map((w) => {
            for (const keyId of w.keyIds) {
              const { ref, key } = fresh();
              this.insert.run(w.tenantId, keyId, ref, key, now);
            }
            // Read back inside the transaction: a racing process's key wins, and everyone uses it.
            return this.selectKeys(w.tenantId, w.keyIds);
          }),
        )
        .immediate();
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  async find(tenantId: string, refs: readonly string[]): Promise<Map<string, Buffer>> {
    if (refs.length === 0) return new Map();
    const rows = this.selectRefs.all(tenantId, JSON.stringify([...new Set(refs)]));
    return new Map(rows.map((r) => [r.key_ref, r.data_key]));
  }

  async shredEpoch(): Promise<number> {
    return this.epoch.get()!;
  }

  async describe(tenantId: string, keyIds: readonly string[]): Promise<KeyInfo[]> {
    return this.info
      .all(tenantId, JSON.stringify([...new Set(keyIds)]))
      .map((r) => ({ keyId: r.key_id, createdAt: r.created_at }))
      .sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
  }

  async shred(tenantId: string, keyIds: readonly string[]): Promise<ShredResult> {
    const deleted = this.db
      .transaction(() => {
        const removed = this.remove.all(tenantId, JSON.stringify([...new Set(keyIds)])).map((r) => r.key_id);
        if (removed.length > 0) this.bumpEpoch.run();
        return removed;
      })
      .immediate()
      .sort();
    // secure_delete zeroed the cells in the new page versions; the old versions still sit in WAL frames
    // until a checkpoint copies the new ones over the file and TRUNCATE empties the WAL.
    for (let attempt = 1; attempt <= 50; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
      if (result?.busy === 0) {
        return { deleted, scrubbed: true, detail: 'secure_delete=ON, WAL checkpointed and truncated' };
      }
      await sleep(Math.min(20 * attempt, 200));
    }
    return {
      deleted,
      scrubbed: false,
      detail: 'keys deleted, but the WAL could not be truncated (a reader held it); run forget again',
    };
  }

  async close(): Promise<void> {
    for (const w of this.waiting.splice(0)) w.reject(new Error('The key store is closed'));
    this.db.close();
  }
}
