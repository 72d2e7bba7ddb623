import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestApp, type TestApp } from '../testing/create-test-app';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = 'apps/crm-api/src/main.ts';

const freeLoopbackPort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real entry point, compiled on the fly with the repo's tsconfig (paths included). */
const startApi = (env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<Exit>; output: () => string } => {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, exited, output: () => output };
};

/** Resolves with the exit, or rejects after `ms` (bounded wait, not a timing assertion). */
const within = <T>(ms: number, promise: Promise<T>, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/** Polls GET /health until it answers 200, the process exits, or the deadline passes. */
const waitForHealth = async (url: string, exited: Promise<Exit>, output: () => string): Promise<unknown> => {
  let exit: Exit | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`crm-api exited early (${JSON.stringify(exit)}):\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`crm-api did not answer ${url} in time:\n${output()}`);
};

describe('GET /health', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-api-health-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('in process (createTestApp: AppModule on the production pipeline)', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp();
    });
    afterEach(() => t.close());

    it('answers 200 { status: "ok" } without an API key', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('wires the embedded event store into DATA_DIR and closes it with the app', async () => {
      expect(existsSync(join(t.dataDir, 'events.db'))).toBe(true);
      await t.app.close();
      // SQLite removes the WAL when its last connection closes cleanly.
      expect(existsSync(join(t.dataDir, 'events.db-wal'))).toBe(false);
    });

    it('keeps answering liveness while the store is closed', async () => {
      await t.store.close();
      const response = await t.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('as a process (the real entry point)', () => {
    const running: ChildProcess[] = [];
    afterEach(() => {
      for (const child of running.splice(0))
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('listens on loopback, answers /health, and exits 0 on SIGTERM after closing the store', async () => {
      const port = await freeLoopbackPort();
      const api = startApi({ PORT: String(port), DATA_DIR: dataDir });
      running.push(api.child);

      await expect(waitForHealth(`http://127.0.0.1:${port}/health`, api.exited, api.output)).resolves.toEqual({
        status: 'ok',
      });
      expect(api.output()).toContain(`Listening on http://127.0.0.1:${port}`);

      api.child.kill('SIGTERM');
      const exit = await within(30_000, api.exited, 'SIGTERM');
      expect({ exit, output: api.output() }).toEqual({
        exit: { code: 0, signal: null },
        output: expect.stringContaining('Event store closed (sqlite)'),
      });
      expect(existsSync(join(dataDir, 'events.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'events.db-wal'))).toBe(false);
    });

    it('in dev mode (no CRM_API_KEYS) prints one demo key with a curl example, and that key works', async () => {
      const port = await freeLoopbackPort();
      const api = startApi({ PORT: String(port), DATA_DIR: dataDir });
      running.push(api.child);
      await waitForHealth(`http://127.0.0.1:${port}/health`, api.exited, api.output);
      const deadline = Date.now() + 30_000;
      while (!api.output().includes('curl -H') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      const banners = api.output().match(/DEV MODE: no CRM_API_KEYS configured/g) ?? [];
      expect(banners).toHaveLength(1);
      const key = /^\s+(crm_[A-Za-z0-9_-]{40,})$/m.exec(api.output())?.[1];
      expect(key).toBeDefined();
      expect(api.output()).toContain(`curl -H "Authorization: Bearer ${key}" http://127.0.0.1:${port}/v1/whoami`);

      const whoami = await fetch(`http://127.0.0.1:${port}/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
      expect(whoami.status).toBe(200);
      expect(await whoami.json()).toMatchObject({ tenantId: 'demo', scopes: ['events:write', 'read', 'ops'] });
      const anonymous = await fetch(`http://127.0.0.1:${port}/v1/whoami`);
      expect(anonymous.status).toBe(401);

      api.child.kill('SIGTERM');
      await within(30_000, api.exited, 'SIGTERM');
    });

    it('with NODE_ENV=production and no keys, refuses to start naming CRM_API_KEYS', async () => {
      const api = startApi({ NODE_ENV: 'production', DATA_DIR: dataDir });
      running.push(api.child);
      const exit = await within(30_000, api.exited, 'production without keys');
      expect(exit).toEqual({ code: 1, signal: null });
      expect(api.output()).toContain('CRM_API_KEYS: is required when NODE_ENV=production');
      expect(api.output()).not.toContain('DEV MODE');
    });

    it('exits 1 naming every invalid variable', async () => {
      const api = startApi({ PORT: 'eighty', EVENT_STORE: 'mongodb', DATA_DIR: dataDir });
      running.push(api.child);
      const exit = await within(30_000, api.exited, 'invalid configuration');
      expect(exit).toEqual({ code: 1, signal: null });
      expect(api.output()).toContain('PORT: must be an integer from 1 to 65535');
      expect(api.output()).toContain('EVENT_STORE: must be one of sqlite, postgres, kurrentdb');
    });
  });
});
