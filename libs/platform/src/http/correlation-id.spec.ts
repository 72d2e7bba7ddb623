import { acceptOrCreateCorrelationId, isAcceptableCorrelationId } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation ids', () => {
  it.each(['a', 'checkout:7f3a-01.B_x', 'x'.repeat(128), '550e8400-e29b-41d4-a716-446655440000'])(
    'given %p, then it is accepted as is',
    (id) => expect(acceptOrCreateCorrelationId(id)).toBe(id),
  );

  it.each(['', 'x'.repeat(129), 'has space', 'line\nbreak', 'semi;colon', 'café', '<script>'])(
    'given %p, then a fresh UUID replaces it',
    (id) => {
      expect(isAcceptableCorrelationId(id)).toBe(false);
      expect(acceptOrCreateCorrelationId(id)).toMatch(UUID);
    },
  );

  it('given no header or a repeated one, then a fresh UUID each time', () => {
    const a = acceptOrCreateCorrelationId(undefined);
    const b = acceptOrCreateCorrelationId(['a', 'b']);
    expect([a, b]).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    expect(a).not.toBe(b);
  });
});
