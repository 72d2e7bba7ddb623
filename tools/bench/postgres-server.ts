import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** Runs a bash script; its stderr (progress) goes straight to ours, its stdout is returned. */
const runScript = (script: string, cwd: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${script} exited with ${code}`))));
  });

export interface PostgresServer {
  url: string;
  /** How the server was found, for the log. */
  source: string;
  /** Stops the server only if this benchmark started it. */
  release(): Promise<void>;
}

/** The benchmark drives heavy load: it may only ever point at this machine. */
export const isLoopbackUrl = (url: string): boolean => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  // An empty host means a Unix socket (host=/path in the query string): local too.
  return host === '' || host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
};

const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/**
 * DATABASE_URL when set (left running); otherwise the project's test server through
 * infra/postgres/start.sh, stopped at the end only when it was not already running before.
 */
export const resolvePostgres = async (root: string): Promise<PostgresServer> => {
  const given = process.env.DATABASE_URL;
  if (given) {
    if (!isLoopbackUrl(given)) throw new Error('DATABASE_URL must point at this machine (loopback) for the benchmark');
    return { url: given, source: 'DATABASE_URL', release: async () => undefined };
  }
  const start = join(root, 'infra/postgres/start.sh');
  if (!existsSync(start)) throw new Error(`Set DATABASE_URL: ${start} is missing`);
  const port = Number(process.env.PG_PORT ?? 54329);
  const wasRunning = await accepting(port);
  const stdout = await runScript(start, root);
  const url = stdout.trim().split('\n').pop() ?? '';
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(`infra/postgres/start.sh printed no URL (got ${JSON.stringify(url)})`);
  if (!isLoopbackUrl(url)) throw new Error(`infra/postgres/start.sh returned a non-loopback URL: ${url}`);
  return {
    url,
    source: wasRunning
      ? 'infra/postgres/start.sh (already running, left running)'
      : 'infra/postgres/start.sh (started, stopped at the end)',
    release: async () => {
      if (!wasRunning) await runScript(join(root, 'infra/postgres/stop.sh'), root);
    },
  };
};
