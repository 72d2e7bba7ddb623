import { PassThrough } from 'node:stream';
import { runCli } from './cli';

// In-process: argument handling only, so no store is ever opened (DATA_DIR points nowhere).
const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await runCli(argv, { stdout, stderr, env: { DATA_DIR: '/nonexistent/crm-cli-spec' } });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

describe('crm argument handling', () => {
  it('prints help on stdout with exit 0', async () => {
    const r = await run(['replay', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: crm replay [options]');
    expect(r.stdout).toContain('--all-tenants');
  });

  it.each([
    [['nope'], "unknown command 'nope'"],
    [['replay', '--from', 'ten', '--tenant', 'acme'], 'non-negative integer position'],
    [['replay', '--from', '1'], '--tenant <tenant> is required'],
    [['projections', 'rebuild', 'x', '--all'], 'not both'],
    [['projections', 'hash', 'nope'], 'Unknown projection "nope"'],
    [['projections', 'park', 'nope'], 'Unknown projection "nope"'],
  ])('%p → exit 2: %s', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('a missing store is a failure, exit 1', async () => {
    const r = await run(['store', 'stats', '--all-tenants']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No event store at /nonexistent/crm-cli-spec/events.db');
  });
});
