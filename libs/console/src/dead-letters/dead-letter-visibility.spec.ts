import { deadLetterTenant, visibleDeadLetters } from './dead-letter-visibility';

const letter = (topic: string, headers: Record<string, string>) => ({
  original: { topic, partition: 0, offset: '1', timestamp: '0' },
  headers,
});
const mapped = new Map([['acme.events', 'acme']]);

describe('dead-letter visibility', () => {
  it('given a mapped topic, then its tenant, whatever the header claims', () =>
    expect(deadLetterTenant(letter('acme.events', { tenant: 'globex' }), mapped)).toBe('acme'));

  it('given an unmapped topic, then the tenant header, else nobody', () => {
    expect(deadLetterTenant(letter('crm.customer-events.v1', { tenant: 'globex' }), mapped)).toBe('globex');
    expect(deadLetterTenant(letter('crm.customer-events.v1', {}), mapped)).toBeNull();
  });

  it('given a tenant key, then only its own tenant’s dead letters; an operator sees all', () => {
    const letters = [
      letter('acme.events', { tenant: 'globex' }),
      letter('crm.customer-events.v1', { tenant: 'globex' }),
      letter('crm.customer-events.v1', {}),
    ];
    expect(visibleDeadLetters(letters, { tenantId: 'acme', operator: false }, mapped)).toEqual([letters[0]]);
    expect(visibleDeadLetters(letters, { tenantId: 'globex', operator: false }, mapped)).toEqual([letters[1]]);
    expect(visibleDeadLetters(letters, { tenantId: 'system', operator: true }, mapped)).toEqual(letters);
  });
});
