import { ReadinessRegistry, TimeoutError, withTimeout } from './readiness-registry';

describe('ReadinessRegistry', () => {
  it('given no checks, then the list is empty (ready)', () => expect(new ReadinessRegistry().list()).toEqual([]));

  it('given a registered check, when unregistered, then it is gone; a second unregister is harmless', () => {
    const registry = new ReadinessRegistry();
    const unregister = registry.register({ name: 'p', check: async () => ({ ready: true }) });
    expect(registry.list().map((c) => c.name)).toEqual(['p']);
    unregister();
    unregister();
    expect(registry.list()).toEqual([]);
  });

  it('given a stale unregister function, then it does not remove a newer check of the same name', () => {
    const registry = new ReadinessRegistry();
    const first = registry.register({ name: 'p', check: async () => ({ ready: true }) });
    first();
    registry.register({ name: 'p', check: async () => ({ ready: false }) });
    first();
    expect(registry.list()).toHaveLength(1);
  });

  it('given a check that throws, when run, then not ready with the message', async () =>
    expect(await ReadinessRegistry.run({ name: 'x', check: () => Promise.reject(new Error('faulted')) }, 1000)).toEqual(
      { ready: false, detail: 'faulted' },
    ));

  it('given a check that never settles, when run, then not ready with a timeout message', async () =>
    expect(await ReadinessRegistry.run({ name: 'x', check: () => new Promise(() => undefined) }, 10)).toEqual({
      ready: false,
      detail: 'readiness check x: no answer within 10 ms',
    }));

  it('given withTimeout, then it resolves with the value or rejects with a TimeoutError', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'v')).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 5, 'slow')).rejects.toBeInstanceOf(TimeoutError);
  });
});
