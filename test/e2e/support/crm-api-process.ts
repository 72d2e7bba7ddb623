import { execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { spawnTs } from '../../fixtures/crm-process';

const repoRoot = join(__dirname, '..', '..', '..');
export const API_MAIN = join(repoRoot, 'apps/crm-api/src/main.ts');

/** A port free on 127.0.0.1 right now (the API is told to listen there a moment later). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export interface CrmApiProcess {
  baseUrl: string;
  /** Everything the process wrote so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

/** The real crm-api, from its TypeScript source, listening on loopback; resolves once /health answers. */
export const startCrmApi = async (env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<CrmApiProcess> => {
  const port = await freePort();
  const child: ChildProcessWithoutNullStreams = spawnTs(API_MAIN, [], {
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`crm-api exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`crm-api did not answer /health within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, output: () => output, stop };
};

/** Builds the console from its sources into dist/console (what `npm run build` does), so the test sees this code. */
export const buildConsole = (): void => {
  execFileSync(
    process.execPath,
    [
      join(dirname(require.resolve('vite/package.json')), 'bin/vite.js'),
      'build',
      '--config',
      join(repoRoot, 'libs/console/web/vite.config.mjs'),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], timeout: 5 * 60_000 },
  );
};
