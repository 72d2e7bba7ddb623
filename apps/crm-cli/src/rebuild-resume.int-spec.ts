import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { CLI_MAIN, crmJson, finished, seedEvents, spawnTs } from '../../../test/fixtures/crm-process';

// kill -9 in the middle of `crm projections rebuild`, then run it again: it resumes, and the content
// hash equals that of an uninterrupted rebuild of a copy of the same data. Meanwhile the generation
// that served before keeps serving, unchanged.

const EVENTS = 100_000;
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];
const TYPES = ['AccountOpened', 'ContactAdded', 'OpportunityStageAdvanced', 'OrderPlaced', 'TicketOpened', 'Noted'];

interface StatusJson {
  head: number;
  projections: { name: string; generation: number; status: string; state: string; checkpoint: number }[];
}
interface RebuildJson {
  rebuilt: { generation: number; resumed: boolean; resumedFrom: number | null; droppedGenerations: number[] }[];
}
interface HashJson {
  generation: number;
  hash: string;
}

/** What analysts see: the view, not a generation's table. */
const viewRows = async (dataDir: string): Promise<object[]> => {
  const rm = await createReadModelStore({ readModelStore: 'sqlite', dataDir });
  try {
    return await rm.query('SELECT * FROM event_counts ORDER BY tenant_id, type');
  } finally {
    await rm.close();
  }
};

describe('crm projections rebuild, killed with SIGKILL and resumed', () => {
  let root: string;
  let dataDir: string;
  let copyDir: string;
  let head: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'crm-rebuild-kill-'));
    dataDir = join(root, 'data');
    copyDir = join(root, 'copy');
    head = await seedEvents(dataDir, { count: EVENTS, tenants: TENANTS, types: TYPES, batch: 500 });
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resumes to the same content hash as an uninterrupted rebuild', async () => {
    const env = { DATA_DIR: dataDir };
    // Generation 1 serves before the rebuild under test.
    const initial = await crmJson<RebuildJson>(['projections', 'rebuild', 'event-counts'], env);
    expect(initial.rebuilt[0]).toMatchObject({ generation: 1, resumed: false });
    const servingHash = await crmJson<HashJson>(['projections', 'hash', 'event-counts'], env);
    const servingRows = await viewRows(dataDir);
    expect(servingRows).toHaveLength(TENANTS.length * TYPES.length);

    // No process has the files open now: the copy is a consistent snapshot for the reference rebuild.
    cpSync(dataDir, copyDir, { recursive: true });

    // Progress on every commit (stderr is a pipe here), small batches: many chances to kill mid-way.
    const child = spawnTs(
      CLI_MAIN,
      ['projections', 'rebuild', 'event-counts', '--progress-interval', '0', '--batch-size', '500'],
      env,
    );
    const killedAt = new Promise<number>((resolve) => {
      let buffer = '';
      child.stderr.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (const match of buffer.matchAll(/\s(\d+)%\s/g)) {
          const percent = Number(match[1]);
          if (percent >= 20 && percent < 90) {
            child.kill('SIGKILL');
            resolve(percent);
            return;
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      });
    });
    const killed = await finished(child);
    expect(killed.signal).toBe('SIGKILL'); // it did not finish on its own
    expect(await Promise.race([killedAt, Promise.resolve(-1)])).toBeGreaterThanOrEqual(20);

    // The partial generation 2 is building; generation 1 still serves, its content and view unchanged.
    const partial = await crmJson<StatusJson>(['projections', 'status'], env);
    const byGeneration = new Map(partial.projections.map((p) => [p.generation, p]));
    expect(byGeneration.get(1)).toMatchObject({ status: 'active', checkpoint: head });
    expect(byGeneration.get(2)).toMatchObject({ status: 'building' });
    expect(byGeneration.get(2)!.checkpoint).toBeGreaterThan(0);
    expect(byGeneration.get(2)!.checkpoint).toBeLessThan(head);
    expect(await crmJson<HashJson>(['projections', 'hash', 'event-counts'], env)).toEqual(servingHash);
    expect(await viewRows(dataDir)).toEqual(servingRows);

    // Run it again: it resumes generation 2 from its checkpoint and switches over.
    const resumed = await crmJson<RebuildJson>(['projections', 'rebuild', 'event-counts'], env);
    expect(resumed.rebuilt[0]).toMatchObject({
      generation: 2,
      resumed: true,
      resumedFrom: byGeneration.get(2)!.checkpoint,
      droppedGenerations: [1],
    });
    const resumedHash = await crmJson<HashJson>(['projections', 'hash', 'event-counts'], env);

    // The reference: the same rebuild, uninterrupted, on the copy.
    const reference = await crmJson<RebuildJson>(['projections', 'rebuild', 'event-counts'], { DATA_DIR: copyDir });
    expect(reference.rebuilt[0]).toMatchObject({ generation: 2, resumed: false });
    const referenceHash = await crmJson<HashJson>(['projections', 'hash', 'event-counts'], { DATA_DIR: copyDir });

    expect(resumedHash).toEqual(referenceHash);
    expect(resumedHash.hash).toBe(servingHash.hash); // same log, same content, whichever generation
    expect(await viewRows(dataDir)).toEqual(servingRows);
  }, 300_000);
});
