import { randomUUID } from 'node:crypto';
import { StoreUnavailable } from '../port/event-store.errors';
import type { AppendOutcome } from './group-plan';
import { GroupCommitter } from './group-committer';
import { DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from './prepare-append';

const append = (stream: string): PreparedAppend =>
  prepareAppend(`acme/order-${stream}`, [{ eventId: randomUUID(), type: 'Noted', data: {} }], 'any', DEFAULT_LIMITS);
const ok = (n: number): AppendOutcome => ({
  ok: true,
  result: { nextExpectedVersion: 0, firstPosition: n, lastPosition: n },
});

describe('GroupCommitter', () => {
  it('commits appends submitted in the same turn as one group', async () => {
    const groups: number[] = [];
    const committer = new GroupCommitter((appends) => {
      groups.push(appends.length);
      return appends.map((_, i) => ok(i + 1));
    });
    const results = await Promise.all(['a', 'b', 'c'].map((s) => committer.submit(append(s))));
    expect(groups).toEqual([3]);
    expect(results.map((r) => r.firstPosition)).toEqual([1, 2, 3]);
  });

  it('retries one by one when the database refused the group, so only the bad append fails', async () => {
    const bad = append('bad');
    const committer = new GroupCommitter((appends) => {
      if (appends.includes(bad)) throw new Error('invalid input syntax');
      return appends.map(() => ok(1));
    });
    const results = await Promise.allSettled([
      committer.submit(append('a')),
      committer.submit(bad),
      committer.submit(append('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails the whole group, without retries, when the store is unavailable', async () => {
    let calls = 0;
    const committer = new GroupCommitter(() => {
      calls += 1;
      throw new StoreUnavailable('down');
    });
    const results = await Promise.allSettled([committer.submit(append('a')), committer.submit(append('b'))]);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailable)).toBe(true);
    expect(calls).toBe(1);
  });

  it('bounds the events in one group', async () => {
    const groups: number[] = [];
    const committer = new GroupCommitter((appends) => {
      groups.push(appends.length);
      return appends.map(() => ok(1));
    }, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((s) => committer.submit(append(s))));
    expect(groups).toEqual([2, 2, 1]);
  });
});
