/**
 * Forget waits until the read models have processed PersonForgotten (and so dropped the person's
 * display values) before it scrubs their files. It asks the projection runtime's own bookkeeping
 * (`projection_generations`: the serving generation's checkpoint and state), never the projections'
 * tables: how each read model forgets is its owner's business.
 */
import { activeGeneration, readGenerations } from '@crm/projections/core/generations';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface ProjectionProgress {
  name: string;
  checkpoint: number;
  state: 'running' | 'faulted';
  /** The serving generation has applied the log up to the target position. */
  reached: boolean;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  onProgress?: (progress: readonly ProjectionProgress[]) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Where each named projection's serving generation stands; a projection never built has nothing to forget. */
export const projectionProgress = async (
  rm: ReadModelStore,
  names: readonly string[],
  target: number,
): Promise<ProjectionProgress[]> => {
  const generations = await readGenerations(rm);
  return names.flatMap((name) => {
    const active = activeGeneration(generations.filter((g) => g.name === name));
    if (!active) return [];
    return [{ name, checkpoint: active.checkpoint, state: active.state, reached: active.checkpoint >= target }];
  });
};

/**
 * Polls until every serving generation reached `target`, or only faulted ones (they wait for an
 * operator, ADR 0003) are left behind, or the time is up. Resolves to the last progress seen.
 */
export const waitForProjections = async (
  rm: ReadModelStore,
  names: readonly string[],
  target: number,
  options: WaitOptions,
): Promise<ProjectionProgress[]> => {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const progress = await projectionProgress(rm, names, target);
    options.onProgress?.(progress);
    const behind = progress.filter((p) => !p.reached);
    if (behind.every((p) => p.state === 'faulted') || Date.now() >= deadline) return progress;
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, deadline - Date.now())));
  }
};
