import { join } from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import { Interrupted, interruptRequested } from '../interrupt';
import type { FillResult } from './fill';
import type { FillWorkerData, FillWorkerMessage } from './fill-worker';

export interface Worker {
  done: Promise<FillResult>;
  terminate(): Promise<void>;
}

/**
 * Runs fill-worker.ts on a thread of its own (TypeScript through the same @swc-node/register hook
 * as the benchmark). Ctrl-C stops it: the main thread's interrupt flag is polled, since the signal
 * handler lives there.
 */
export const fillInWorker = (path: string, total: number, onProgress: (written: number) => void): Worker => {
  const thread = new NodeWorker(join(__dirname, 'fill-worker.ts'), {
    execArgv: ['-r', '@swc-node/register'],
    workerData: { path, total } satisfies FillWorkerData,
  });
  const done = new Promise<FillResult>((resolve, reject) => {
    const poll = setInterval(() => {
      if (!interruptRequested()) return;
      clearInterval(poll);
      void thread.terminate();
      reject(new Interrupted());
    }, 200);
    thread.on('message', (message: FillWorkerMessage) => {
      if ('written' in message) onProgress(message.written);
      else {
        clearInterval(poll);
        onProgress(message.result.events);
        resolve(message.result);
      }
    });
    thread.once('error', (error) => (clearInterval(poll), reject(error)));
    thread.once('exit', (code) => {
      clearInterval(poll);
      // After a result this is a no-op; without one, the worker died.
      reject(new Error(`SQLite fill worker exited with code ${code} before finishing`));
    });
  });
  return {
    done,
    terminate: async () => {
      await thread.terminate();
    },
  };
};
