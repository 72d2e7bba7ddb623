import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crmJson, repoRoot, runCrm } from '../../../test/fixtures/crm-process';

// The real `crm import b2b-pipeline` process on a slice of the real data set: exit codes, JSON report,
// progress on stderr, a no-op second run, and nothing written when the data set has a problem.

const SOURCE = join(repoRoot, '../shared/data/b2b-sales-pipeline');
const DEALS = 300;

interface Report {
  tenantId: string;
  accounts: { total: number; registered: number };
  opportunities: { total: number; opened: number; won: number; lost: number; accountless: number };
  eventsAppended: number;
  lastPosition: number;
}

describe('crm import b2b-pipeline', () => {
  let root: string;
  let data: string;
  let env: NodeJS.ProcessEnv;
  const slice = readFileSync(join(SOURCE, 'sales_pipeline.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, DEALS + 1);
  const stages = slice.slice(1).map((line) => line.split(',')[4]);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-import-'));
    data = join(root, 'csv');
    mkdirSync(data);
    for (const file of ['accounts.csv', 'sales_teams.csv', 'products.csv'])
      copyFileSync(join(SOURCE, file), join(data, file));
    writeFileSync(join(data, 'sales_pipeline.csv'), `${slice.join('\n')}\n`);
    env = { DATA_DIR: join(root, 'store') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('imports into a new store, reports what it did and shows progress on stderr', async () => {
    const r = await runCrm(['import', 'b2b-pipeline', data, '--tenant', 'acme', '--json'], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const won = stages.filter((s) => s === 'Won').length;
    const lost = stages.filter((s) => s === 'Lost').length;
    expect(report).toMatchObject({
      tenantId: 'acme',
      accounts: { total: 85, registered: 85 },
      opportunities: { total: DEALS, opened: DEALS, won, lost },
      eventsAppended: 85 + DEALS + won + lost,
    });
    expect(r.stderr).toMatch(/b2b-pipeline \[#+\]\s+100%\s+385\/385/);
  });

  it('adds nothing when run again', async () => {
    const before = await crmJson<{ headPosition: number }>(['store', 'stats', '--all-tenants'], env);
    const report = await crmJson<Report>(['import', 'b2b-pipeline', data, '--tenant', 'acme'], env);
    expect(report).toMatchObject({ eventsAppended: 0, lastPosition: before.headPosition });
    expect(await crmJson<{ headPosition: number }>(['store', 'stats', '--all-tenants'], env)).toMatchObject(before);
    const human = await runCrm(['import', 'b2b-pipeline', data, '--tenant', 'acme'], env);
    expect(human.stdout).toMatch(/events appended\s+0 \(everything was imported before\)/);
  });

  it('writes nothing when the data set has a problem (exit 1), and refuses bad arguments (exit 2)', async () => {
    const broken = join(root, 'broken');
    mkdirSync(broken);
    for (const file of ['accounts.csv', 'sales_teams.csv', 'products.csv'])
      copyFileSync(join(data, file), join(broken, file));
    writeFileSync(
      join(broken, 'sales_pipeline.csv'),
      `${slice[0]}\nX1,Moses Frase,GTX Pro,Nowhere Inc,Won,2017-01-01,,1\n`,
    );
    const failed = await runCrm(['import', 'b2b-pipeline', broken, '--tenant', 'globex'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/1 problem\(s\)[\s\S]*Nowhere Inc[\s\S]*Nothing was imported/);
    expect(await crmJson<{ headPosition: number }>(['store', 'stats', '--tenant', 'globex'], env)).toMatchObject({
      headPosition: 0,
    });
    expect((await runCrm(['import', 'b2b-pipeline', data], env)).code).toBe(2);
    expect((await runCrm(['import', 'b2b-pipeline', join(root, 'nope'), '--tenant', 'acme'], env)).code).toBe(2);
  });

  it("seals the sales team's names, and forgets one agent of the imported deals by name", async () => {
    // given the imported slice: an agent and how many of its deals they own
    const agent = slice[1]!.split(',')[1]!;
    const owned = slice.slice(1).filter((line) => line.split(',')[1] === agent).length;
    expect(readFileSync(join(root, 'store', 'events.db')).toString('latin1')).not.toContain(agent);
    const before = await runCrm(['replay', '--tenant', 'acme', '--from', '1'], env);
    expect(before.stdout).toContain(`"salesAgent":"${agent}"`);
    // when the agent is forgotten (no read model serves here: nothing to wait for)
    const forgotten = await runCrm(
      ['forget', '--tenant', 'acme', '--employee', agent, '--json', '--wait-timeout', '2000'],
      env,
    );
    const result = JSON.parse(forgotten.stdout) as { employeeKey: string; keysDeleted: number };
    expect(result.keysDeleted).toBe(1);
    // then their deals read as owned by their pseudonym, every one of them, and their name is gone
    const after = await runCrm(['replay', '--tenant', 'acme', '--from', '1'], env);
    expect(after.stdout.split(`"salesAgent":"~p:${result.employeeKey}"`)).toHaveLength(owned + 1);
    expect([forgotten.code, after.stdout.includes(agent)]).toEqual([0, false]);
  });
});
