import { StoreUnavailable } from '@crm/event-store/port/event-store.errors';
import { BackPressure, StoppedWhileWaiting } from './store-retry';

/** A clock that moves only when the code under test sleeps: no wall time in these tests. */
const fakeTime = () => {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
};

const harness = () => {
  const time = fakeTime();
  const calls: string[] = [];
  const backPressure = new BackPressure({
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    onDown: (_error, attempt, delayMs) => calls.push(`down#${attempt} retry in ${delayMs}`),
    onUp: (downForMs) => calls.push(`up after ${downForMs}`),
    initialDelayMs: 100,
    maxDelayMs: 400,
    heartbeatIntervalMs: 1000,
    ...time,
  });
  return { backPressure, calls };
};

const failing = (times: number) => {
  let left = times;
  return async (): Promise<string> => {
    if (left-- > 0) throw new StoreUnavailable('database is down');
    return 'stored';
  };
};

describe('BackPressure', () => {
  it('given a healthy store, when a page is stored, then nothing is paused', async () => {
    const { backPressure, calls } = harness();
    await expect(
      backPressure.run(failing(0), { heartbeat: async () => undefined, isRunning: () => true }),
    ).resolves.toBe('stored');
    expect(calls).toEqual([]);
  });

  it('given a store that is down for a while, when a page is stored, then the consumer pauses once, retries with growing backoff, and resumes', async () => {
    const { backPressure, calls } = harness();
    let heartbeats = 0;
    const result = await backPressure.run(failing(4), {
      heartbeat: async () => void (heartbeats += 1),
      isRunning: () => true,
    });
    expect(result).toBe('stored');
    expect(calls).toEqual([
      'pause',
      'down#1 retry in 100',
      'down#2 retry in 200',
      'down#3 retry in 400',
      'down#4 retry in 400',
      'resume',
      'up after 1100',
    ]);
    expect(heartbeats).toBeGreaterThanOrEqual(4);
    expect(backPressure.paused).toBe(false);
  });

  it('given the consumer stops while the store is down, when waiting, then it gives up the page and does not stay paused', async () => {
    const { backPressure, calls } = harness();
    let running = true;
    const attempt = backPressure.run(
      async () => {
        running = false;
        throw new StoreUnavailable('down');
      },
      { heartbeat: async () => undefined, isRunning: () => running },
    );
    await expect(attempt).rejects.toBeInstanceOf(StoppedWhileWaiting);
    expect(calls).toEqual(['pause', 'down#1 retry in 100', 'resume']);
  });

  it('given a rebalance while waiting, when the heartbeat fails, then the page is given up with the rebalance error', async () => {
    const { backPressure } = harness();
    const rebalancing = new Error('The group is rebalancing, so a rejoin is needed');
    const attempt = backPressure.run(failing(5), {
      heartbeat: async () => {
        throw rebalancing;
      },
      isRunning: () => true,
    });
    await expect(attempt).rejects.toBe(rebalancing);
    expect(backPressure.paused).toBe(false);
  });
});
