import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const MAIN = 'apps/crm-api/src/main.ts';

export const freeLoopbackPort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });

export interface RunningApi {
  url: string;
  pid: number;
  /** SIGTERM, then waits for the clean exit (the store closes its WAL); SIGKILL after 30 s. */
  stop(): Promise<void>;
}

/**
 * The real entry point (apps/crm-api/src/main.ts) in a child process, as `npm start` runs it but
 * compiled on the fly: the load generator and the API then use a core each, as they would on two
 * machines. Resolves once GET /health answers. `nodeArgs` (e.g. `--cpu-prof`) are for profiling runs.
 */
export const startApi = async (env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<RunningApi> => {
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOST: '127.0.0.1', PORT: String(port), ...env },
    // Logs go nowhere: a pipe nobody drains would block the API; stderr is kept for start failures.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exitedEarly) throw new Error(`crm-api exited during start:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`crm-api did not answer ${url}/health within 90 s:\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (exitedEarly) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
};
