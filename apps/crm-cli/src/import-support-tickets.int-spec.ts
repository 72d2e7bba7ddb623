import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crmJson, repoRoot, runCrm } from '../../../test/fixtures/crm-process';

// The real `crm import support-tickets` process on a slice of the real CSV plus a few rows with the blanks
// an export of open tickets has: exit codes, JSON report, progress on stderr, a no-op second run, a
// refused re-import under another opening time, and nothing written when the file has a problem.

const SOURCE = join(repoRoot, '../shared/data/support-tickets/customer_support_tickets.csv');
const TICKETS = 400;

interface Report {
  tenantId: string;
  tickets: number;
  openedAt: string;
  events: { opened: number; replied: number; resolved: number };
  eventsAppended: number;
  lastPosition: number;
  orderings: Record<string, { count: number; examples: string[] }>;
  blanks: { noFirstResponse: number; unresolved: number; noCsat: number };
  refused: unknown[];
}

describe('crm import support-tickets', () => {
  let root: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const [header, ...lines] = readFileSync(SOURCE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const slice = lines.slice(0, TICKETS);
  // Columns 11–13: First_Response_Time, Time_to_Resolution, Customer_Satisfaction_Rating.
  const withCells = (line: string, id: string, cells: [string, string, string]): string => {
    const fields = line.split(',');
    fields[0] = id;
    fields.splice(11, 3, ...cells);
    return fields.join(',');
  };
  const open = [
    withCells(lines[0]!, 'open-1', ['', '', '']),
    withCells(lines[1]!, 'pending-1', ['2023-06-01 8:00', '', '']),
    withCells(lines[2]!, 'unrated-1', ['2023-06-01 8:00', '2023-06-01 9:30', '']),
  ];
  const fields = slice.map((l) => l.split(','));
  const opening = Date.parse('2023-06-01T00:00:00Z');
  const at = (text: string): number => Date.parse(`${text.replace(' ', 'T').replace(/T(\d):/, 'T0$1:')}:00Z`);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-import-tickets-'));
    dir = join(root, 'csv');
    mkdirSync(dir);
    writeFileSync(join(dir, 'customer_support_tickets.csv'), `${[header, ...slice, ...open].join('\r\n')}\r\n`);
    env = { DATA_DIR: join(root, 'store') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('imports the folder into a new store, reports blanks and impossible orderings, and shows progress', async () => {
    const r = await runCrm(['import', 'support-tickets', dir, '--tenant', 'acme', '--json'], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({
      tenantId: 'acme',
      tickets: TICKETS + 3,
      openedAt: '2023-06-01T00:00:00.000Z',
      events: { opened: TICKETS + 3, replied: TICKETS + 2, resolved: TICKETS + 1 },
      eventsAppended: TICKETS + 3 + TICKETS + 2 + TICKETS + 1,
      blanks: { noFirstResponse: 1, unresolved: 2, noCsat: 1 },
      refused: [],
    });
    expect(report.orderings.respondedBeforeOpened!.count).toBe(fields.filter((f) => at(f[11]!) < opening).length);
    expect(report.orderings.resolvedBeforeOpened!.count).toBe(fields.filter((f) => at(f[12]!) < opening).length);
    expect(report.orderings.resolvedBeforeFirstResponse!.count).toBe(
      fields.filter((f) => at(f[12]!) < at(f[11]!)).length,
    );
    expect(r.stderr).toMatch(/support-tickets \[#+\]\s+100%\s+403\/403/);
  });

  it('adds nothing when run again, and says so', async () => {
    const before = await crmJson<{ headPosition: number }>(['store', 'stats', '--all-tenants'], env);
    const report = await crmJson<Report>(['import', 'support-tickets', dir, '--tenant', 'acme'], env);
    expect(report).toMatchObject({ eventsAppended: 0, lastPosition: before.headPosition, refused: [] });
    expect(await crmJson<{ headPosition: number }>(['store', 'stats', '--all-tenants'], env)).toMatchObject(before);
    const human = await runCrm(
      ['import', 'support-tickets', join(dir, 'customer_support_tickets.csv'), '--tenant', 'acme'],
      env,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/events appended\s+0 \(everything was imported before\)/);
    expect(human.stdout).toMatch(/replied before opened\s+\d+ \(e\.g\. ticket /);
  });

  it('refuses (exit 1) to import the same tickets again under another opening time', async () => {
    const r = await runCrm(
      ['import', 'support-tickets', dir, '--tenant', 'acme', '--opened-at', '2023-05-31T00:00:00Z', '--json'],
      env,
    );
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).refused).toHaveLength(TICKETS + 3);
    expect(r.stderr).toMatch(/403 event\(s\) were refused/);
  });

  it('writes nothing when the file has a problem (exit 1), and refuses bad arguments (exit 2)', async () => {
    const broken = join(root, 'broken.csv');
    writeFileSync(broken, `${header}\n${withCells(lines[3]!, '9001', ['2023-06-01 8:00', 'later', '7'])}\n`);
    const failed = await runCrm(['import', 'support-tickets', broken, '--tenant', 'globex'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/2 problem\(s\)[\s\S]*line 2: Time_to_Resolution "later"[\s\S]*Nothing was imported/);
    expect(await crmJson<{ headPosition: number }>(['store', 'stats', '--tenant', 'globex'], env)).toMatchObject({
      headPosition: 0,
    });
    expect((await runCrm(['import', 'support-tickets', dir], env)).code).toBe(2);
    expect((await runCrm(['import', 'support-tickets', join(root, 'nope'), '--tenant', 'acme'], env)).code).toBe(2);
    expect(
      (await runCrm(['import', 'support-tickets', dir, '--tenant', 'acme', '--opened-at', 'noon'], env)).code,
    ).toBe(2);
  });
});
