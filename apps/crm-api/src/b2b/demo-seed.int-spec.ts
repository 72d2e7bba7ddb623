import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@crm/b2b/demo/seed-demo';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { CommandBus } from '@nestjs/cqrs';
import { createTestApp, type TestApp } from '../testing/create-test-app';

// The demo data set: what a newcomer sees, seeded through the command handlers; and `npm start`'s
// entry point in dev mode seeding it (and the B2C demo, libs/b2c/src/demo) on an empty embedded store, once.

describe('B2B demo seed', () => {
  describe('the data set, seeded into a tenant of the test app', () => {
    let t: TestApp;
    let client: B2bClient;
    beforeAll(async () => {
      t = await createTestApp();
      client = b2bClient(t.app, t.keys.acme);
      const report = await seedDemo(t.app.get(CommandBus), new Date(), 'acme');
      client.lastPosition = report.lastPosition;
    });
    afterAll(() => t.close());

    it('has a group with subsidiaries and an org chart', async () => {
      const group = await client.read<Record<string, unknown>>('/v1/b2b/accounts/northwind-holdings');
      expect(group).toMatchObject({
        subsidiaryIds: ['northwind-logistics', 'northwind-retail'],
        openPipelineWithSubsidiaries: { count: 2, value: 244_000 },
        orgChart: [expect.objectContaining({ contactId: 'olivia-hart', reports: expect.any(Array) })],
      });
    });

    it('has a deal mid-approval, a won deal with an overdue instalment, and committee gaps', async () => {
      const fleet = await client.read<{ approvals: Record<string, unknown>[]; stage: string }>(
        '/v1/b2b/opportunities/nw-fleet-analytics',
      );
      expect(fleet.stage).toBe('Negotiation');
      expect(fleet.approvals[0]).toMatchObject({
        status: 'pending',
        nextApprover: { step: 2, approverId: 'finance.desk', role: 'finance' },
      });
      const mes = await client.read<{ payments: Record<string, unknown> }>('/v1/b2b/opportunities/contoso-mes');
      expect(mes.payments).toMatchObject({ total: 240_000, paid: 110_000, overdue: 50_000 });
      const lab = await client.read<{ coverageGaps: Record<string, unknown> }>(
        '/v1/b2b/opportunities/fabrikam-lab-data',
      );
      expect(lab.coverageGaps).toMatchObject({
        missingRoles: ['decision-maker', 'economic-buyer'],
        notEngaged: [expect.objectContaining({ contactId: 'hugo-martin' })],
      });
    });

    it('adds nothing when seeded again', async () => {
      const head = await t.store.headPosition();
      expect(await seedDemo(t.app.get(CommandBus), new Date(), 'acme')).toMatchObject({ eventsAppended: 0 });
      expect(await t.store.headPosition()).toBe(head);
    });
  });

  describe('npm start in dev mode', () => {
    const freePort = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          server.close(() =>
            typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
          );
        });
      });

    /** Starts apps/crm-api/src/main.ts without CRM_API_KEYS and returns its URL and printed dev key. */
    const start = async (dataDir: string) => {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      };
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/crm-api/src/main.ts'], {
        cwd: join(__dirname, '../../../..'),
        env,
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.resume();
      const deadline = Date.now() + 60_000;
      let key: string | undefined;
      while (!key) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill('SIGKILL');
          throw new Error(`no dev key printed:\n${stdout}`);
        }
        key = /DEV MODE[^\n]*\n\n\s+(\S+)\n/.exec(stdout)?.[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      const stop = () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      return { url: `http://127.0.0.1:${port}`, key, stop };
    };

    const summary = async (api: { url: string; key: string }) => {
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${api.url}/v1/b2b/pipeline/summary`, {
          headers: { authorization: `Bearer ${api.key}` },
        });
        const body = (await res.json()) as { opportunities?: number };
        if (res.status === 200 && body.opportunities === 6) return body;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the demo deals never showed in the pipeline summary');
    };

    /** The B2C half of the seed (libs/b2c/src/demo), once its read model has caught up. */
    const b2cStats = async (api: { url: string; key: string }) => {
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${api.url}/v1/b2c/stats`, { headers: { authorization: `Bearer ${api.key}` } });
        const body = (await res.json()) as { profiles?: number };
        if (res.status === 200 && body.profiles === 4) return body;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the demo customers never showed in the B2C stats');
    };

    it('seeds tenant demo on an empty embedded store; a restart adds nothing', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'crm-demo-'));
      try {
        const first = await start(dataDir);
        try {
          expect(await summary(first)).toMatchObject({ opportunities: 6, won: { count: 1 }, lost: { count: 1 } });
          expect(await b2cStats(first)).toMatchObject({ profiles: 4, repeatCustomers: 2, orders: 6 });
        } finally {
          await first.stop();
        }
        // A second start finds a store that is not empty: nothing is seeded again.
        const second = await start(dataDir);
        try {
          expect(await summary(second)).toMatchObject({ opportunities: 6 });
          expect(await b2cStats(second)).toMatchObject({ profiles: 4, orders: 6 });
        } finally {
          await second.stop();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
