import { join } from 'node:path';
import { allProjections } from './projection-catalog';
import { loadProjectionCatalog } from './extra-projections';

const FAULTY = join(__dirname, 'testing/faulty-projections.ts');

describe('loadProjectionCatalog', () => {
  it('is allProjections() without the test-only hook', async () => {
    expect((await loadProjectionCatalog({})).map((p) => p.name)).toEqual(allProjections().map((p) => p.name));
  });

  it('adds the projections of CRM_EXTRA_PROJECTIONS_MODULE', async () => {
    const catalog = await loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: FAULTY });
    expect(catalog.map((p) => p.name)).toEqual([...allProjections().map((p) => p.name), 'notes']);
  });

  it('refuses the hook in production', async () => {
    await expect(
      loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: FAULTY, NODE_ENV: 'production' }),
    ).rejects.toThrow('test-only');
  });

  it('refuses a module without extraProjections()', async () => {
    await expect(
      loadProjectionCatalog({ CRM_EXTRA_PROJECTIONS_MODULE: join(__dirname, 'projection-catalog.ts') }),
    ).rejects.toThrow('does not export extraProjections()');
  });
});
