import { join } from 'node:path';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { allProjections } from './projection-catalog';
import { loadProjectionCatalog } from './extra-projections';

const deps = { pseudonymizer: hmacPseudonymizer(Buffer.alloc(32, 1)) };

const FAULTY = join(__dirname, 'testing/faulty-projections.ts');

describe('loadProjectionCatalog', () => {
  it('is allProjections(deps) without the test-only hook', async () => {
    expect((await loadProjectionCatalog({}, deps)).map((p) => p.name)).toEqual(allProjections(deps).map((p) => p.name));
  });

  it('adds the projections of CRM_EXTRA_PROJECTIONS_MODULE', async () => {
    const catalog = await loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: FAULTY }, deps);
    expect(catalog.map((p) => p.name)).toEqual([...allProjections(deps).map((p) => p.name), 'notes']);
  });

  it('refuses the hook in production', async () => {
    await expect(
      loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: FAULTY, NODE_ENV: 'production' }, deps),
    ).rejects.toThrow('test-only');
  });

  it('refuses a module without extraProjections()', async () => {
    await expect(
      loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: join(__dirname, 'projection-catalog.ts') }, deps),
    ).rejects.toThrow('does not export extraProjections()');
  });
});
