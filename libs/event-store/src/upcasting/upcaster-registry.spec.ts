import type { RecordedEvent } from '../port/event-store.port';
import type { JsonObject } from '../port/json';
import { UpcasterRegistry, UpcasterRegistryError, type EventTypeVersions, type Upcaster } from './upcaster-registry';

const step = (
  fromVersion: number,
  upcast: (data: JsonObject) => JsonObject,
  toVersion = fromVersion + 1,
): Upcaster => ({
  fromVersion,
  toVersion,
  description: `v${fromVersion} to v${toVersion}`,
  upcast,
});

/** OrderPlaced: v1 `{ total }` → v2 `{ amount }` → v3 `{ amount: { value, currency } }`. */
const orderPlaced: EventTypeVersions = {
  type: 'OrderPlaced',
  currentVersion: 3,
  upcasters: [
    // Declared out of order on purpose: the registry orders the chain.
    step(2, (d) => ({ amount: { value: d.amount ?? null, currency: 'EUR' } })),
    step(1, ({ total, ...rest }) => ({ ...rest, amount: total ?? null })),
  ],
};
const noted: EventTypeVersions = { type: 'Noted', currentVersion: 1, upcasters: [] };

const recorded = (type: string, schemaVersion: number, data: JsonObject, position = 7): RecordedEvent => ({
  eventId: '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b',
  type,
  schemaVersion,
  streamId: 'acme/order-1',
  streamVersion: 3,
  position,
  data,
  metadata: { tenantId: 'acme', occurredAt: '2026-01-02T03:04:05.000Z' },
  recordedAt: '2026-01-02T03:04:06.000Z',
});

const problemsOf = (declarations: EventTypeVersions[]): readonly string[] => {
  try {
    new UpcasterRegistry(declarations);
  } catch (error) {
    if (error instanceof UpcasterRegistryError) return error.problems;
    throw error;
  }
  return [];
};

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

describe('UpcasterRegistry', () => {
  describe('checked at start', () => {
    it('accepts complete chains and types that never changed', () => {
      expect(problemsOf([orderPlaced, noted])).toEqual([]);
    });

    it('refuses a gap in a chain', () => {
      expect(problemsOf([{ ...orderPlaced, upcasters: [orderPlaced.upcasters[0]!] }])).toEqual([
        'OrderPlaced: no upcaster from v1 to v2 (current is v3)',
      ]);
    });

    it('refuses a chain that does not reach the current version', () => {
      expect(problemsOf([{ ...orderPlaced, currentVersion: 4 }])).toEqual([
        'OrderPlaced: no upcaster from v3 to v4 (current is v4)',
      ]);
    });

    it('refuses a step past the current version, a duplicate step, a skipping step and a type declared twice', () => {
      const identity = (d: JsonObject): JsonObject => d;
      expect(
        problemsOf([
          { type: 'A', currentVersion: 2, upcasters: [step(1, identity), step(2, identity)] },
          { type: 'B', currentVersion: 2, upcasters: [step(1, identity), step(1, identity)] },
          { type: 'C', currentVersion: 3, upcasters: [step(1, identity, 3)] },
          noted,
          noted,
          { type: 'D', currentVersion: 0, upcasters: [] },
        ]),
      ).toEqual([
        'A: upcaster v2→v3 goes past the current version v2',
        'B: upcaster v1→v2 is declared twice',
        'C: upcaster v1→v3 must go from one version to the next',
        'C: no upcaster from v1 to v2 (current is v3)',
        'C: no upcaster from v2 to v3 (current is v3)',
        'Noted: declared twice',
        'D: current version must be an integer ≥ 1, got 0',
      ]);
    });

    it('lists every problem in the error message', () => {
      expect(() => new UpcasterRegistry([{ ...orderPlaced, upcasters: [] }])).toThrow(
        /2 problems[\s\S]*v1 to v2[\s\S]*v2 to v3/,
      );
    });
  });

  describe('upcasting one event', () => {
    const registry = new UpcasterRegistry([orderPlaced, noted]);

    it('given a v1 event, when upcast, then every step ran in order and only version and data changed', () => {
      const v1 = deepFreeze(recorded('OrderPlaced', 1, { total: 12.5, note: 'gift' }));
      const upcast = registry.upcast(v1);
      expect(upcast).toEqual({
        ...v1,
        schemaVersion: 3,
        data: { amount: { value: 12.5, currency: 'EUR' } },
      });
      expect(v1.data).toEqual({ total: 12.5, note: 'gift' });
    });

    it('given a v2 event, when upcast, then only the remaining step ran', () => {
      expect(registry.upcast(recorded('OrderPlaced', 2, { amount: 3 })).data).toEqual({
        amount: { value: 3, currency: 'EUR' },
      });
    });

    it('returns the same object for an event at the current version, of an unknown type, or from a newer build', () => {
      for (const event of [
        recorded('OrderPlaced', 3, { amount: { value: 1, currency: 'EUR' } }),
        recorded('Noted', 1, { n: 1 }),
        recorded('SomethingElse', 1, {}),
        recorded('OrderPlaced', 4, { future: true }),
      ])
        expect(registry.upcast(event)).toBe(event);
    });

    it('reports the current version of each declared type', () => {
      expect([registry.currentVersionOf('OrderPlaced'), registry.currentVersionOf('Noted')]).toEqual([3, 1]);
      expect(registry.currentVersionOf('SomethingElse')).toBeUndefined();
    });
  });

  describe('upcasting a page', () => {
    const registry = new UpcasterRegistry([orderPlaced, noted]);

    it('given a page with nothing to do, then the very same array comes back (no copy)', () => {
      const page = [recorded('Noted', 1, { n: 1 }, 1), recorded('OrderPlaced', 3, {}, 2)];
      expect(registry.upcastAll(page)).toBe(page);
    });

    it('given a registry where nothing evolves, then any page comes back as is', () => {
      const page = [recorded('OrderPlaced', 1, { total: 1 })];
      expect(new UpcasterRegistry([noted]).upcastAll(page)).toBe(page);
    });

    it('given a mixed page, then old events are replaced in place of a copy, order and positions kept', () => {
      const page = deepFreeze([
        recorded('Noted', 1, { n: 1 }, 1),
        recorded('OrderPlaced', 1, { total: 2 }, 2),
        recorded('OrderPlaced', 3, { amount: { value: 3, currency: 'EUR' } }, 3),
      ]);
      const upcast = registry.upcastAll(page);
      expect(upcast).not.toBe(page);
      expect(upcast[0]).toBe(page[0]);
      expect(upcast[2]).toBe(page[2]);
      expect(upcast.map((e) => [e.position, e.schemaVersion])).toEqual([
        [1, 1],
        [2, 3],
        [3, 3],
      ]);
    });
  });
});
