import type { Generation } from '@crm/projections/core/generations';
import { faultPositions, percentOf, projectionBoard, type BoardInput } from './projection-board';
import type { RebuildJob } from './rebuild-jobs';

const generation = (overrides: Partial<Generation>): Generation => ({
  name: 'b2b-accounts',
  generation: 1,
  version: 1,
  status: 'active',
  checkpoint: 100,
  eventsApplied: 100,
  state: 'running',
  faultEventId: null,
  faultPosition: null,
  faultError: null,
  faultAttempts: 0,
  resolution: null,
  eventsPerSecond: 50,
  updatedAt: '2026-11-20T10:00:00.000Z',
  switchedAt: null,
  ...overrides,
});

const input = (overrides: Partial<BoardInput>): BoardInput => ({
  at: new Date('2026-11-20T10:00:05.000Z'),
  head: 120,
  catalog: [
    { name: 'b2b-accounts', version: 1 },
    { name: 'event-counts', version: 1 },
  ],
  generations: [],
  jobs: [],
  operator: false,
  callerTenant: 'acme',
  faultTenants: new Map(),
  ...overrides,
});

const faulted = generation({
  state: 'faulted',
  checkpoint: 41,
  faultEventId: 'e-42',
  faultPosition: 42,
  faultError: 'boom at 42\n    at apply (stack…)',
  faultAttempts: 3,
});

describe('projection board', () => {
  it('given a serving generation, then its lag to the head, rate and ETA', () => {
    const board = projectionBoard(input({ generations: [generation({})] }));
    expect(board.projections[0]).toMatchObject({
      name: 'b2b-accounts',
      serving: { generation: 1, state: 'running', checkpoint: 100, lag: 20, eventsPerSecond: 50, etaSeconds: 1 },
      rebuild: null,
      job: null,
    });
  });

  it('given a catalog projection never built, then a row without a serving generation', () =>
    expect(projectionBoard(input({})).projections.map((p) => [p.name, p.serving])).toEqual([
      ['b2b-accounts', null],
      ['event-counts', null],
    ]));

  it('given a building generation beside the serving one, then the rebuild with its percentage of the head', () => {
    const board = projectionBoard(
      input({
        generations: [
          generation({}),
          generation({ generation: 2, status: 'building', checkpoint: 30 }),
          generation({ generation: 0, status: 'retired', checkpoint: 5 }),
        ],
      }),
    );
    expect(board.projections[0]?.rebuild).toMatchObject({ generation: 2, checkpoint: 30, lag: 90, percent: 25 });
  });

  it('given a job started here, then the row carries it', () => {
    const job = { projection: 'event-counts', state: 'succeeded' } as RebuildJob;
    expect(projectionBoard(input({ jobs: [job] })).projections[1]?.job).toBe(job);
  });

  describe('faults', () => {
    it('given the faulted event is the caller’s tenant’s, then which event and why (first line only)', () =>
      expect(
        projectionBoard(input({ generations: [faulted], faultTenants: new Map([[42, 'acme']]) })).projections[0]
          ?.serving?.fault,
      ).toEqual({
        position: 42,
        attempts: 3,
        resolution: null,
        disclosed: true,
        eventId: 'e-42',
        error: 'boom at 42',
        tenantId: 'acme',
      }));

    it('given another tenant’s faulted event, then only that the projection stopped and where', () =>
      expect(
        projectionBoard(input({ generations: [faulted], faultTenants: new Map([[42, 'globex']]) })).projections[0]
          ?.serving?.fault,
      ).toEqual({
        position: 42,
        attempts: 3,
        resolution: null,
        disclosed: false,
        eventId: null,
        error: null,
        tenantId: null,
      }));

    it('given a platform operator, then every fault in full', () =>
      expect(
        projectionBoard(input({ generations: [faulted], operator: true, faultTenants: new Map([[42, 'globex']]) }))
          .projections[0]?.serving?.fault,
      ).toMatchObject({ disclosed: true, eventId: 'e-42', tenantId: 'globex' }));

    it('given generations, then the positions whose tenant is needed, once each', () =>
      expect(faultPositions([faulted, { ...faulted, generation: 2, status: 'building' }, generation({})])).toEqual([
        42,
      ]));
  });

  it.each([
    [0, 0, 100],
    [50, 200, 25],
    [199, 200, 99],
    [250, 200, 100],
  ])('given checkpoint %p of head %p, then %p %', (checkpoint, head, percent) =>
    expect(percentOf(checkpoint, head)).toBe(percent),
  );
});
