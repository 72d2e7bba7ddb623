import type { RebuildResult } from '@crm/projections/core/rebuild';
import type { Projection } from '@crm/projections/port/projection';
import { RebuildJobs, type RunRebuild } from './rebuild-jobs';

const projection = { name: 'b2b-accounts', version: 2 } as Projection;
const result: RebuildResult = {
  projection: 'b2b-accounts',
  generation: 3,
  version: 2,
  checkpoint: 500,
  eventsApplied: 500,
  resumed: false,
  droppedGenerations: [2],
};

/** A rebuild the test finishes by hand, reporting progress on the way. */
const controlled = () => {
  let finish: (outcome: RebuildResult | Error) => void = () => undefined;
  let report: Parameters<RunRebuild>[1] = () => undefined;
  const run: RunRebuild = (_p, onProgress) => {
    report = onProgress;
    return new Promise((resolve, reject) => {
      finish = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
    });
  };
  return {
    run,
    finish: (o: RebuildResult | Error) => finish(o),
    report: (...a: Parameters<typeof report>) => report(...a),
  };
};

describe('rebuild jobs', () => {
  it('given a started rebuild, then it runs, reports progress and ends succeeded with its result', async () => {
    const c = controlled();
    const jobs = new RebuildJobs(c.run, () => new Date('2026-11-20T10:00:00.000Z'));
    expect(jobs.start(projection, 'api-key:k1@system')).toMatchObject({
      state: 'running',
      requestedBy: 'api-key:k1@system',
    });
    c.report({ projection: 'b2b-accounts', generation: 3, checkpoint: 200, target: 500, eventsApplied: 200 });
    expect(jobs.jobs()[0]).toMatchObject({ state: 'running', generation: 3, checkpoint: 200, target: 500 });
    c.finish(result);
    await jobs.idle(1000);
    expect(jobs.jobs()[0]).toMatchObject({
      state: 'succeeded',
      checkpoint: 500,
      eventsApplied: 500,
      finishedAt: '2026-11-20T10:00:00.000Z',
      result,
    });
  });

  it('given a rebuild running, then a second start of the same projection is refused with a 409 type', () => {
    const jobs = new RebuildJobs(controlled().run);
    jobs.start(projection, 'a');
    expect(() => jobs.start(projection, 'b')).toThrow(
      expect.objectContaining({ name: 'DomainError', code: 'rebuild-in-progress', kind: 'conflict' }),
    );
  });

  it('given a failing rebuild, then the job says why (first line) and a new start is allowed', async () => {
    const c = controlled();
    const jobs = new RebuildJobs(c.run);
    jobs.start(projection, 'a');
    c.finish(new Error('read-model database unavailable\n  at …'));
    await jobs.idle(1000);
    expect(jobs.jobs()[0]).toMatchObject({ state: 'failed', error: 'read-model database unavailable' });
    expect(jobs.start(projection, 'b').state).toBe('running');
  });

  it('given a rebuild that outlasts the grace period, then idle() returns anyway', async () => {
    const jobs = new RebuildJobs(controlled().run);
    jobs.start(projection, 'a');
    await expect(jobs.idle(10)).resolves.toBeUndefined();
  });
});
