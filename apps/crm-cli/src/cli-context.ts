import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SQLITE_EVENTS_FILE } from '@crm/event-store/event-store.factory';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { AppConfig } from '@crm/platform/config/app-config';
import { ensureMetaTables } from '@crm/projections/core/generations';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';
import { CliFailure, UsageError } from './cli-errors';

/** Where a command writes: stdout for results (human or JSON), stderr for progress and errors. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/**
 * What the commands share: configuration, stores and the projection catalog, each opened on first
 * use (so `--help` and argument errors touch nothing) and closed once at the end.
 */
export class CliContext {
  private configValue: AppConfig | undefined;
  private storeValue: Promise<EventStore> | undefined;
  private readModelsValue: Promise<ReadModelStore> | undefined;
  private catalogValue: Promise<Projection[]> | undefined;

  constructor(readonly io: CliIo) {}

  config(): AppConfig {
    this.configValue ??= loadStoreConfig(this.io.env);
    return this.configValue;
  }

  store(): Promise<EventStore> {
    this.storeValue ??= (async () => {
      const config = this.config();
      const file = join(config.dataDir, SQLITE_EVENTS_FILE);
      // Opening SQLite creates the file: a mistyped DATA_DIR would show an empty store instead of an error.
      if (config.eventStore === 'sqlite' && !existsSync(file)) {
        throw new CliFailure(`No event store at ${resolve(file)}: check DATA_DIR (now ${config.dataDir}).`);
      }
      return openEventStore(config);
    })();
    return this.storeValue;
  }

  readModels(): Promise<ReadModelStore> {
    this.readModelsValue ??= (async () => {
      const rm = await createReadModelStore(this.config());
      await ensureMetaTables(rm);
      return rm;
    })();
    return this.readModelsValue;
  }

  projections(): Promise<Projection[]> {
    this.catalogValue ??= (async () =>
      loadProjectionCatalog(this.io.env, { pseudonymizer: await loadPseudonymizer(this.config()) }))();
    return this.catalogValue;
  }

  /** The catalog entry of that name; an unknown name is a usage error (exit 2) listing the known ones. */
  async projection(name: string): Promise<Projection> {
    const catalog = await this.projections();
    const found = catalog.find((p) => p.name === name);
    if (!found) {
      throw new UsageError(`Unknown projection "${name}". Known: ${catalog.map((p) => p.name).join(', ')}.`);
    }
    return found;
  }

  async close(): Promise<void> {
    const opened = [this.storeValue, this.readModelsValue].filter((p) => p !== undefined);
    await Promise.all(
      opened.map(async (p) => {
        const closable = await p.catch(() => undefined);
        await closable?.close().catch(() => undefined);
      }),
    );
  }
}
