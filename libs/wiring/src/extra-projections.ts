import { resolve } from 'node:path';
import type { Projection } from '@crm/projections/port/projection';
import { allProjections, type ProjectionDeps } from './projection-catalog';

/**
 * TEST-ONLY hook. `CRM_EXTRA_PROJECTIONS_MODULE=<path>` names a module exporting
 * `extraProjections(): Projection[]` that is added to the catalog, so integration tests can drive the
 * real `crm` and `crm-projector` processes with a projection that faults on purpose (operator
 * skip/park/retry flows). Refused under NODE_ENV=production: production runs exactly `allProjections()`.
 */
export const EXTRA_PROJECTIONS_ENV = 'CRM_EXTRA_PROJECTIONS_MODULE';

interface ExtraProjectionsModule {
  extraProjections?: () => Projection[];
}

/** The catalog for this process: `allProjections()`, plus the test-only extras when the hook is set. */
export const loadProjectionCatalog = async (env: NodeJS.ProcessEnv, deps: ProjectionDeps): Promise<Projection[]> => {
  const catalog = allProjections(deps);
  const modulePath = env[EXTRA_PROJECTIONS_ENV]?.trim();
  if (!modulePath) return catalog;
  if (env.NODE_ENV === 'production') {
    throw new Error(`${EXTRA_PROJECTIONS_ENV} is a test-only hook and is refused when NODE_ENV=production`);
  }
  let loaded: ExtraProjectionsModule;
  try {
    loaded = (await import(resolve(modulePath))) as ExtraProjectionsModule;
  } catch (error) {
    // A .ts module loads only when the process runs from source (@swc-node/register), not from dist/.
    throw new Error(
      `${EXTRA_PROJECTIONS_ENV}: cannot load ${modulePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof loaded.extraProjections !== 'function') {
    throw new Error(`${EXTRA_PROJECTIONS_ENV}=${modulePath} does not export extraProjections()`);
  }
  const names = new Set(catalog.map((p) => p.name));
  for (const extra of loaded.extraProjections()) {
    if (names.has(extra.name)) throw new Error(`${EXTRA_PROJECTIONS_ENV}: projection ${extra.name} already exists`);
    names.add(extra.name);
    catalog.push(extra);
  }
  return catalog;
};
