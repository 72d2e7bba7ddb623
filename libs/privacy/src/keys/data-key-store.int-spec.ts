import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresDataKeyStore } from '../adapters/postgres/postgres-data-key-store';
import { SqliteDataKeyStore } from '../adapters/sqlite/sqlite-data-key-store';
import type { DataKeyStore } from './data-key-store.port';

/** Every file of the key store (database, WAL, shared memory) as one buffer, for byte searches. */
const filesOf = (path: string): Buffer =>
  Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((f) => readFileSync(f)));

const behavesAsAKeyStore = (name: string, open: () => Promise<DataKeyStore>, close: () => Promise<void>) => {
  describe(`${name} data key store`, () => {
    let keys: DataKeyStore;
    beforeAll(async () => (keys = await open()));
    afterAll(async () => {
      await keys.close();
      await close();
    });

    it('creates a 256-bit key once and gives it back to every caller, concurrent ones included', async () => {
      // given twenty concurrent obtains of overlapping ids
      const calls = await Promise.all(
        Array.from({ length: 20 }, (_, i) => keys.obtain('acme', ['k-shared', `k-${i % 3}`])),
      );
      // then every caller got the same key (and ref) per id, 64 random bytes (AES-256 key and MAC key)
      const shared = calls[0]!.get('k-shared')!;
      expect(shared.key).toHaveLength(64);
      for (const got of calls) expect(got.get('k-shared')).toEqual(shared);
      expect(calls[3]!.get('k-0')).toEqual(calls[0]!.get('k-0'));
      expect((await keys.find('acme', [shared.ref])).get(shared.ref)!.equals(shared.key)).toBe(true);
    });

    it('keeps tenants apart: same key id, other tenant, other key; a shred touches one tenant', async () => {
      const a = (await keys.obtain('acme', ['same-id'])).get('same-id')!;
      const b = (await keys.obtain('globex', ['same-id'])).get('same-id')!;
      expect(a.key.equals(b.key)).toBe(false);
      expect((await keys.find('globex', [a.ref])).size).toBe(0);
      // when acme shreds the id, twice
      const first = await keys.shred('acme', ['same-id']);
      const second = await keys.shred('acme', ['same-id']);
      // then acme's key is gone (the second shred deletes nothing), globex's is untouched
      expect([first.deleted, second.deleted]).toEqual([['same-id'], []]);
      expect(first.scrubbed).toBe(true);
      expect((await keys.find('acme', [a.ref])).size).toBe(0);
      expect((await keys.find('globex', [b.ref])).get(b.ref)!.equals(b.key)).toBe(true);
    });

    it('gives a key id seen again after a shred a new key under a new ref; the old ref finds nothing', async () => {
      const old = (await keys.obtain('acme', ['came-back'])).get('came-back')!;
      await keys.shred('acme', ['came-back']);
      const renewed = (await keys.obtain('acme', ['came-back'])).get('came-back')!;
      expect(renewed.ref).not.toBe(old.ref);
      expect(renewed.key.equals(old.key)).toBe(false);
      expect([...(await keys.find('acme', [old.ref, renewed.ref])).keys()]).toEqual([renewed.ref]);
    });

    it('moves the shred epoch when, and only when, a shred deletes keys', async () => {
      await keys.obtain('acme', ['epoch-key']);
      const before = await keys.shredEpoch();
      await keys.shred('acme', ['never-created']);
      expect(await keys.shredEpoch()).toBe(before);
      await keys.shred('acme', ['epoch-key']);
      expect(await keys.shredEpoch()).toBeGreaterThan(before);
    });

    it('describes keys without their bytes', async () => {
      await keys.obtain('acme', ['described']);
      const [info] = await keys.describe('acme', ['described', 'never-created']);
      expect(info).toEqual({ keyId: 'described', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(await keys.describe('acme', ['never-created'])).toEqual([]);
    });
  });
};

const sqliteDir = mkdtempSync(join(tmpdir(), 'crm-keys-'));
const sqlitePath = join(sqliteDir, 'secrets', 'data-keys.db');
behavesAsAKeyStore(
  'SQLite',
  async () => new SqliteDataKeyStore(sqlitePath),
  async () => rmSync(sqliteDir, { recursive: true, force: true }),
);

const pgSchema = uniqueSchema('keys');
behavesAsAKeyStore(
  'PostgreSQL',
  () => new PostgresDataKeyStore(testDatabaseUrl(), pgSchema).init(),
  () => dropSchema(pgSchema),
);

describe('shredding on SQLite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crm-keys-shred-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no byte of a deleted key in the files (database, WAL), and the file is private', async () => {
    // given a key store holding two keys, one of them to be forgotten
    const path = join(dir, 'secrets', 'data-keys.db');
    const keys = new SqliteDataKeyStore(path);
    try {
      const forgotten = (await keys.obtain('acme', ['forget-me'])).get('forget-me')!.key;
      const kept = (await keys.obtain('acme', ['keep-me'])).get('keep-me')!;
      // (control: before the shred the key's bytes are in the files, so the search below can fail)
      expect(filesOf(path).includes(forgotten)).toBe(true);
      // when it is shredded
      const result = await keys.shred('acme', ['forget-me']);
      // then its bytes are nowhere in the files, the other key still is, and nobody else may read them
      expect(result).toMatchObject({ deleted: ['forget-me'], scrubbed: true });
      expect(filesOf(path).includes(forgotten)).toBe(false);
      expect((await keys.find('acme', [kept.ref])).get(kept.ref)!.equals(kept.key)).toBe(true);
      expect(statSync(path).mode & 0o077).toBe(0);
      expect(statSync(join(dir, 'secrets')).mode & 0o077).toBe(0);
    } finally {
      await keys.close();
    }
  });

  it('sees a shred made by another connection (another process) at once', async () => {
    const path = join(dir, 'secrets', 'data-keys.db');
    const api = new SqliteDataKeyStore(path);
    const cli = new SqliteDataKeyStore(path);
    try {
      const { ref } = (await api.obtain('acme', ['k'])).get('k')!;
      await cli.shred('acme', ['k']);
      expect((await api.find('acme', [ref])).size).toBe(0);
    } finally {
      await Promise.all([api.close(), cli.close()]);
    }
  });
});

describe('shredding on PostgreSQL', () => {
  const schema = uniqueSchema('keys_shred');
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    // Raw heap pages, read through SQL: what a copy of the table's files would show.
    await client.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
  });
  afterAll(async () => {
    await client.end();
    await dropSchema(schema);
  });

  const heapPages = async (table: string): Promise<Buffer> => {
    const { rows } = await client.query<{ page: Buffer }>(
      `SELECT get_raw_page($1::text, 'main', n::int) AS page
         FROM generate_series(0, (pg_relation_size($1::regclass) / current_setting('block_size')::int) - 1) AS n`,
      [table],
    );
    return Buffer.concat(rows.map((r) => r.page));
  };

  it('leaves no byte of a deleted key in the pages of the table, where a plain VACUUM would', async () => {
    // given two keys, one of them to be forgotten
    const keys = await new PostgresDataKeyStore(testDatabaseUrl(), schema).init();
    try {
      const forgotten = (await keys.obtain('acme', ['forget-me'])).get('forget-me')!.key;
      const kept = (await keys.obtain('acme', ['keep-me'])).get('keep-me')!;
      const table = `${schema}.person_keys`;
      expect((await heapPages(table)).includes(forgotten)).toBe(true);
      // (control: a DELETE and a plain VACUUM leave the bytes in the page's free space when nothing is
      // moved over them, here the last row inserted; which is why shred rewrites the table instead)
      await client.query(`CREATE TABLE ${schema}.probe (key_id text, data_key bytea)`);
      await client.query(`INSERT INTO ${schema}.probe VALUES ('keep-me', $1)`, [Buffer.alloc(64, 1)]);
      await client.query(`INSERT INTO ${schema}.probe VALUES ('forget-me', $1)`, [forgotten]);
      await client.query(`DELETE FROM ${schema}.probe WHERE key_id = 'forget-me'`);
      await client.query(`VACUUM ${schema}.probe`);
      expect((await heapPages(`${schema}.probe`)).includes(forgotten)).toBe(true);
      // when the key is shredded
      await keys.shred('acme', ['forget-me']);
      // then no page of the table holds it any more, and the other key is still there
      expect((await heapPages(table)).includes(forgotten)).toBe(false);
      expect((await keys.find('acme', [kept.ref])).size).toBe(1);
    } finally {
      await keys.close();
    }
  });
});
