import type { ReadModelStore } from '../port/read-model-store';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Read-your-writes: resolves true once the projection's serving generation has applied the log up
 * to `minPosition`, false if that takes longer than `timeoutMs` (the caller answers 503 + Retry-After).
 */
export const waitForPosition = async (
  rm: ReadModelStore,
  projection: string,
  minPosition: number,
  timeoutMs: number,
  pollMs = 20,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await rm.query<{ checkpoint: number }>(
      "SELECT checkpoint FROM projection_generations WHERE name = ? AND status = 'active'",
      [projection],
    );
    if ((row?.checkpoint ?? 0) >= minPosition) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
};
