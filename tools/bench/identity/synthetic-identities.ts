/**
 * A reproducible identity graph: persons with 2 to 10 identifiers of distinct types, sighted three at a
 * time in overlapping windows (identifier i links to i+2 through a chain, like a shop sees email →
 * device → cookie → phone), plus shared kiosk devices seen with hundreds of emails and junk values.
 */
import type { CustomerIdentifiers } from '@crm/ingest/customer-events/customer-event';
import type { IdentifierType } from '@crm/b2c/identity/domain/identifier';

export interface SyntheticGraph {
  sightings: CustomerIdentifiers[];
  persons: number;
  identifiers: number;
  kiosks: number;
  /** Identifiers per person, 2..10, for the report. */
  chainLengths: Map<number, number>;
}

export interface SyntheticOptions {
  /** Stop adding persons once this many distinct identifiers exist. */
  identifiers: number;
  /** Stop once this many sightings exist (whichever comes first). */
  sightings: number;
  seed?: number;
  /** Every identifier of a person in one sighting with one other: the 1M-profiles memory case. */
  pairsOnly?: boolean;
}

// Every window of three consecutive types is three distinct types (one value per type per event).
const CYCLE: readonly IdentifierType[] = [
  'email',
  'deviceId',
  'cookieId',
  'phone',
  'orderAccount',
  'loyaltyCard',
  'customerId',
  'anonymousId',
];

const valueOf = (type: IdentifierType, person: number, j: number): string => {
  switch (type) {
    case 'email':
      return `p${person}.${j}@example.net`;
    case 'phone':
      return `+1${String(2_000_000_000 + person * 7 + j).padStart(10, '0')}`;
    default:
      return `${type}-${person}-${j}`;
  }
};

/** The sightings one by one (a million profiles need not sit in memory twice); `stats` fills as it goes. */
export function* syntheticSightings(
  options: SyntheticOptions,
  stats: Omit<SyntheticGraph, 'sightings'> = { persons: 0, identifiers: 0, kiosks: 0, chainLengths: new Map() },
): Generator<CustomerIdentifiers> {
  let state = (options.seed ?? 7) >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let sightings = 0;
  while (stats.identifiers < options.identifiers && sightings < options.sightings) {
    // Chain lengths skewed short (most people: an email, a device, a cookie), mean about five.
    const k = options.pairsOnly ? 2 : Math.min(10, 2 + Math.floor(-Math.log(1 - random()) * 3));
    const offset = Math.floor(random() * CYCLE.length);
    const ids = Array.from({ length: k }, (_, j) => {
      const type = CYCLE[(offset + j) % CYCLE.length]!;
      return [type, valueOf(type, stats.persons, j)] as const;
    });
    for (let i = 0; i + 1 < k; i += 2) {
      const sighting: CustomerIdentifiers = Object.fromEntries(ids.slice(i, Math.min(k, i + 3)));
      // 1 in 50 sightings also carries junk a form or SDK left in: never to link.
      if (random() < 0.02 && sighting.anonymousId === undefined) sighting.anonymousId = 'null';
      sightings += 1;
      yield sighting;
      // Some identifier sets are seen again (another visit): no new link, but work for the resolver.
      if (!options.pairsOnly && random() < 0.09) {
        sightings += 1;
        yield { ...sighting };
      }
    }
    stats.identifiers += k;
    stats.chainLengths.set(k, (stats.chainLengths.get(k) ?? 0) + 1);
    stats.persons += 1;
  }
  // Kiosks: a store device each 300 shoppers log in on; over the email limit, so shared.
  stats.kiosks = options.pairsOnly ? 0 : Math.max(1, Math.floor(stats.persons / 20_000));
  for (let kiosk = 0; kiosk < stats.kiosks; kiosk++)
    for (let i = 0; i < 300; i++)
      yield { deviceId: `kiosk-${kiosk}`, email: valueOf('email', Math.floor(random() * stats.persons), 0) };
  stats.identifiers += stats.kiosks;
}

export const syntheticGraph = (options: SyntheticOptions): SyntheticGraph => {
  const stats: Omit<SyntheticGraph, 'sightings'> = { persons: 0, identifiers: 0, kiosks: 0, chainLengths: new Map() };
  const sightings = [...syntheticSightings(options, stats)];
  return { sightings, ...stats };
};
