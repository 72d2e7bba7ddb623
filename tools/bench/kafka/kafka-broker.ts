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

export interface KafkaBroker {
  brokers: string[];
  source: string;
  /** Stops the broker only if this benchmark started it. */
  release(): Promise<void>;
}

/** The benchmark floods the broker: it may only ever point at this machine. */
export const isLoopbackBroker = (broker: string): boolean => {
  const host = broker.slice(0, broker.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
};

/**
 * KAFKA_BROKERS when set (left running); otherwise the project's test broker through
 * infra/kafka/start.sh, stopped at the end only when it was not already running before.
 */
export const resolveKafka = async (root: string): Promise<KafkaBroker> => {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) {
    const brokers = given.split(',').map((b) => b.trim());
    if (!brokers.every(isLoopbackBroker))
      throw new Error('KAFKA_BROKERS must point at this machine (loopback) for the benchmark');
    return { brokers, source: 'KAFKA_BROKERS', release: async () => undefined };
  }
  const start = join(root, 'infra/kafka/start.sh');
  if (!existsSync(start)) throw new Error(`Set KAFKA_BROKERS: ${start} is missing`);
  const wasRunning = await accepting(Number(process.env.KAFKA_PORT ?? 19092));
  const broker = (await runScript(start, root)).trim().split('\n').pop() ?? '';
  if (!isLoopbackBroker(broker))
    throw new Error(`infra/kafka/start.sh printed no loopback broker (got ${JSON.stringify(broker)})`);
  return {
    brokers: [broker],
    source: wasRunning
      ? 'infra/kafka/start.sh (already running, left running)'
      : 'infra/kafka/start.sh (started, stopped at the end)',
    release: async () => {
      if (!wasRunning) await runScript(join(root, 'infra/kafka/stop.sh'), root);
    },
  };
};
