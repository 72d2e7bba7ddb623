import { formatTotal } from './format';

describe('money totals', () => {
  it('given deals in one currency, then the sum with its currency', () =>
    expect(formatTotal(244000, ['EUR'])).toBe('244,000 EUR'));

  it('given deals in several currencies, then no sum: it would add euros to dollars', () =>
    expect(formatTotal(2300, ['EUR', 'USD'])).toBe('mixed currencies (EUR, USD)'));

  it('given no deal behind it, then the zero alone', () => expect(formatTotal(0, [])).toBe('0'));
});
