import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { Projection } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';
import {
  createGeneration,
  dropRetiredTables,
  ensureMetaTables,
  readGeneration,
  readGenerations,
  switchToGeneration,
  type Generation,
} from './generations';
import { GenerationMoved, GenerationRunner, type RetryPolicy } from './projection-runner';

export interface RebuildProgress {
  projection: string;
  generation: number;
  checkpoint: number;
  /** Head of the log when this catch-up round started: the target. */
  target: number;
  eventsApplied: number;
}

export interface RebuildOptions {
  batchSize?: number;
  retry?: RetryPolicy;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  projection: string;
  generation: number;
  version: number;
  checkpoint: number;
  eventsApplied: number;
  resumed: boolean;
  droppedGenerations: number[];
}

/**
 * Blue/green rebuild: builds the projection's current version into a new generation of tables from
 * position 0 while the active generation keeps serving (and, in a running app, keeps following the
 * log), then switches atomically and drops the old tables. A building generation left by a crash is
 * resumed from its checkpoint rather than started over.
 */
export const rebuildProjection = async (
  store: EventStore,
  rm: ReadModelStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> => {
  await ensureMetaTables(rm);
  const existing = (await readGenerations(rm, projection.name)).find(
    (g) => g.status === 'building' && g.version === projection.version,
  );
  let generation: Generation = existing ?? (await createGeneration(rm, projection, 'building'));

  for (;;) {
    const target = await store.headPosition();
    if (generation.checkpoint >= target) break;
    const runner = new GenerationRunner(store, rm, projection, generation, {
      batchSize: options.batchSize ?? 2000,
      ...(options.retry ? { retry: options.retry } : {}),
      onCommit: (p) => {
        if (p.checkpoint >= target) void runner.stop();
        options.onProgress?.({ ...p, target });
      },
    });
    await runner.run().catch(rethrowUnlessMoved);
    generation = await readGeneration(rm, projection.name, generation.generation);
    if (generation.status !== 'building') break; // another rebuild finished it
  }

  if (generation.status === 'building') await switchToGeneration(rm, projection, generation.generation);
  const droppedGenerations = await dropRetiredTables(rm, projection.name);
  const final = await readGeneration(rm, projection.name, generation.generation);
  return {
    projection: projection.name,
    generation: final.generation,
    version: final.version,
    checkpoint: final.checkpoint,
    eventsApplied: final.eventsApplied,
    resumed: existing !== undefined,
    droppedGenerations,
  };
};

/** Another process advanced the same building generation: reload it and go on. */
const rethrowUnlessMoved = (error: unknown): void => {
  if (!(error instanceof GenerationMoved)) throw error;
};
