import { hmacPseudonymizer, PSEUDONYM_PREFIX } from '@crm/privacy/pseudonyms/pseudonymizer';
import { personKeysOf } from './person-keys';

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 3));

describe('person keys of a campaign touch or a purchase', () => {
  it('given two spellings of one email, then one key, the pseudonym of the normalised value', () => {
    const a = personKeysOf(pseudonymizer, 'acme', { identifiers: { email: ' Ana@Example.com' } });
    const b = personKeysOf(pseudonymizer, 'acme', { identifiers: { email: 'ana@example.com' } });
    expect(a).toEqual(b);
    expect(a).toEqual([{ type: 'email', key: pseudonymizer.pseudonym('acme', 'email', 'ana@example.com') }]);
  });

  it('keeps every linkable identifier, drops junk ones, and reads a shredded value as its pseudonym', () => {
    const keys = personKeysOf(pseudonymizer, 'acme', {
      identifiers: { customerId: 'c-1', email: 'test@example.com', cookieId: `${PSEUDONYM_PREFIX}abc` },
    });
    expect(keys).toEqual([
      { type: 'customerId', key: pseudonymizer.pseudonym('acme', 'customerId', 'c-1') },
      { type: 'cookieId', key: 'abc' },
    ]);
  });

  it('gives other keys in another tenant, and none for a B2B subject', () => {
    const subject = { identifiers: { email: 'ana@example.com' } };
    expect(personKeysOf(pseudonymizer, 'globex', subject)).not.toEqual(personKeysOf(pseudonymizer, 'acme', subject));
    expect(personKeysOf(pseudonymizer, 'acme', { accountId: 'acc-1' })).toEqual([]);
  });
});
