/**
 * Tenant isolation of the `crm` CLI: every command the program defines is classified (a new command
 * fails 'every command is classified' until it has its line in CLI_COMMANDS), and each class is
 * checked against a real DATA_DIR holding two tenants. The CLI runs in this process (runCli, the
 * function bin/crm.js runs) so the suite stays fast; apps/crm-cli has the child-process tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { DEMO_DEALS } from '@crm/b2b/demo/demo-data';
import { seedDemo } from '@crm/b2b/demo/seed-demo';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { openEventStore } from '@crm/wiring/open-event-store';
import type { Command } from 'commander';
import { buildProgram, runCli } from '../../apps/crm-cli/src/cli';
import { CliContext } from '../../apps/crm-cli/src/cli-context';
import { globexMarkerIn } from './two-tenants.fixture';

/**
 * `tenant-output`: prints a tenant's data; needs `--tenant <t>` or, on purpose, `--all-tenants`, and
 *   prints nothing of another tenant. `probe`: the command line without the tenant flags.
 * `tenant-target`: acts on one tenant (imports, GDPR): `--tenant` is mandatory.
 * `install-wide`: operates shared machinery (projections, dead-letter replay); takes no tenant data
 *   out (`probe`: a command line whose output is checked for another tenant's data).
 */
type CliRule =
  | { kind: 'tenant-output'; probe: readonly string[]; needsKafka?: boolean }
  | { kind: 'tenant-target'; why: string }
  | { kind: 'install-wide'; why: string; probe?: readonly string[] };

const CLI_COMMANDS: Readonly<Record<string, CliRule>> = {
  'projections status': {
    kind: 'install-wide',
    why: 'checkpoints and faults',
    probe: ['projections', 'status', '--json'],
  },
  'projections rebuild': {
    kind: 'install-wide',
    why: 'a read model holds every tenant',
    probe: ['projections', 'rebuild', 'event-counts', '--json'],
  },
  'projections hash': {
    kind: 'install-wide',
    why: 'a digest',
    probe: ['projections', 'hash', 'event-counts', '--json'],
  },
  'projections retry': { kind: 'install-wide', why: 'operator decision on a faulted event' },
  'projections skip': { kind: 'install-wide', why: 'operator decision on a faulted event' },
  'projections park': { kind: 'install-wide', why: 'operator decision on a faulted event' },
  replay: { kind: 'tenant-output', probe: ['replay', '--from', '1'] },
  'import b2b-pipeline': { kind: 'tenant-target', why: 'imports into --tenant' },
  'import support-tickets': { kind: 'tenant-target', why: 'imports into --tenant' },
  'import olist': { kind: 'tenant-target', why: 'imports into --tenant' },
  'dead-letters list': { kind: 'tenant-output', probe: ['dead-letters', 'list', '--json'], needsKafka: true },
  'dead-letters replay': {
    kind: 'install-wide',
    why: 're-produces chosen letters to their topics as the publisher sent them; --tenant narrows --all/--reason',
  },
  forget: { kind: 'tenant-target', why: 'erases a person (--profile, --contact, --employee) of --tenant' },
  'reapply-forgets': { kind: 'tenant-output', probe: ['reapply-forgets', '--json'] },
  export: { kind: 'tenant-target', why: 'a person (--profile, --contact, --employee) of --tenant' },
  'store stats': { kind: 'tenant-output', probe: ['store', 'stats', '--json'] },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const leafCommands = (command: Command, prefix = ''): { name: string; command: Command }[] =>
  command.commands.flatMap((child) => {
    const name = `${prefix}${child.name()}`;
    return child.commands.length > 0 ? leafCommands(child, `${name} `) : [{ name, command: child }];
  });

describe('tenant isolation: the crm CLI', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  const crm = async (argv: readonly string[]): Promise<Run> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const code = await runCli(argv, { stdout, stderr, env });
    return { code, stdout: out, stderr: err };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-isolation-cli-'));
    env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const store = await openEventStore({ eventStore: 'sqlite', dataDir });
    try {
      await seedDemo(localB2bDispatcher(store), new Date(), 'globex');
      await store.append(ingestStreamOf('acme'), [
        {
          eventId: randomUUID(),
          type: 'ticket.opened',
          data: {
            subject: { identifiers: { email: 'carl@acme-customers.example' } },
            properties: { ticketId: 'acme-tk-1', priority: 'low' },
          },
        },
      ]);
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const commands = leafCommands(
    buildProgram(new CliContext({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} })),
  );

  it('every command is classified, and every classified command exists', () => {
    const names = commands.map((c) => c.name);
    expect(names.length).toBeGreaterThan(10);
    expect({ unclassified: names.filter((n) => !(n in CLI_COMMANDS)) }).toEqual({ unclassified: [] });
    expect({ gone: Object.keys(CLI_COMMANDS).filter((n) => !names.includes(n)) }).toEqual({ gone: [] });
  });

  it('commands that act on one tenant make --tenant mandatory', () => {
    const optional = commands
      .filter((c) => CLI_COMMANDS[c.name]?.kind === 'tenant-target')
      .filter((c) => c.command.options.find((o) => o.long === '--tenant')?.mandatory !== true)
      .map((c) => c.name);
    expect(optional).toEqual([]);
  });

  it('commands that print tenant data refuse to run without --tenant or --all-tenants (exit 2)', async () => {
    for (const [name, rule] of Object.entries(CLI_COMMANDS)) {
      if (rule.kind !== 'tenant-output') continue;
      const run = await crm(rule.probe);
      expect([name, run.code, run.stdout, run.stderr]).toEqual([
        name,
        2,
        '',
        expect.stringContaining('--tenant <tenant> is required'),
      ]);
    }
  });

  it('crm replay --tenant acme exports acme only; --all-tenants (on purpose) holds globex too', async () => {
    const lines = (text: string): RecordedEvent[] =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as RecordedEvent);
    const acme = await crm(['replay', '--from', '1', '--tenant', 'acme']);
    expect(acme.code).toBe(0);
    expect(new Set(lines(acme.stdout).map((e) => e.metadata.tenantId))).toEqual(new Set(['acme']));
    expect(globexMarkerIn(acme.stdout)).toBeUndefined();
    const all = await crm(['replay', '--from', '1', '--all-tenants']);
    expect(new Set(lines(all.stdout).map((e) => e.metadata.tenantId))).toEqual(new Set(['acme', 'globex']));
  });

  it("crm forget / export --employee: another tenant's employee is not found, nothing is erased", async () => {
    const agent = DEMO_DEALS[0]!.owner.salesAgent;
    const forgot = await crm(['forget', '--tenant', 'acme', '--employee', agent, '--json']);
    expect([forgot.code, forgot.stdout, forgot.stderr]).toEqual([
      1,
      '',
      expect.stringContaining('is not known in tenant acme'),
    ]);
    const exported = await crm(['export', '--tenant', 'acme', '--employee', agent]);
    expect([exported.code, exported.stdout]).toEqual([1, '']);
    const own = await crm(['export', '--tenant', 'globex', '--employee', agent]);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ tenantId: 'globex', status: 'active' });
    expect(own.stdout).toContain(agent);
  });

  it('crm store stats --tenant acme counts acme only', async () => {
    const acme = JSON.parse((await crm(['store', 'stats', '--tenant', 'acme', '--json'])).stdout) as {
      totalEvents: number;
      eventsByType: object;
    };
    expect(acme).toMatchObject({ totalEvents: 1, eventsByType: { 'ticket.opened': 1 } });
    const all = JSON.parse((await crm(['store', 'stats', '--all-tenants', '--json'])).stdout) as {
      totalEvents: number;
    };
    expect(all.totalEvents).toBeGreaterThan(1);
  });

  it('install-wide commands print no tenant data', async () => {
    for (const [name, rule] of Object.entries(CLI_COMMANDS)) {
      if (rule.kind !== 'install-wide' || rule.probe === undefined) continue;
      const run = await crm(rule.probe);
      // The exit code, or what went wrong.
      expect([name, run.code === 0 ? 0 : run.stderr, globexMarkerIn(run.stdout + run.stderr)]).toEqual([
        name,
        0,
        undefined,
      ]);
    }
  });
});
