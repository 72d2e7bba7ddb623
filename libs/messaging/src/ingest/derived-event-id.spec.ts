import { derivedEventId, nameBasedUuid } from './derived-event-id';

describe('derivedEventId', () => {
  it('given the RFC 9562 example, when hashed, then it matches the published version-5 UUID', () => {
    // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('given the same coordinates twice, when derived, then the id is the same (a redelivery dedupes)', () => {
    expect(derivedEventId('crm.customer-events.v1', 2, '1234')).toBe(
      derivedEventId('crm.customer-events.v1', 2, '1234'),
    );
  });

  it('given other coordinates, when derived, then the ids differ', () => {
    const ids = new Set([
      derivedEventId('t', 0, '1'),
      derivedEventId('t', 1, '1'),
      derivedEventId('t', 0, '2'),
      derivedEventId('u', 0, '1'),
      derivedEventId('t', 0, '11'),
      derivedEventId('t', 1, '0'),
    ]);
    expect(ids.size).toBe(6);
  });
});
