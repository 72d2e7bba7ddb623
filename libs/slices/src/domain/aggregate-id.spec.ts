import { isAggregateId } from './aggregate-id';

describe('isAggregateId', () => {
  it('refuses ids that would break a stream id or a URL', () => {
    expect(isAggregateId('a/b')).toBe(false);
    expect(isAggregateId('-lead')).toBe(false);
    expect(isAggregateId('x'.repeat(129))).toBe(false);
  });
});
