import { presentedApiKey } from './presented-api-key';

describe('presentedApiKey', () => {
  it.each([
    [{ authorization: 'Bearer abc123' }, 'abc123'],
    [{ authorization: 'bearer abc123' }, 'abc123'],
    [{ authorization: '  Bearer   abc123  ' }, 'abc123'],
    [{ 'x-api-key': 'abc123' }, 'abc123'],
    [{ 'x-api-key': ' abc123 ' }, 'abc123'],
    [{ authorization: 'Bearer abc123', 'x-api-key': 'abc123' }, 'abc123'],
  ])('given %p, then the key %p', (headers, key) => expect(presentedApiKey(headers)).toEqual({ kind: 'key', key }));

  it.each([[{}], [{ authorization: '' }], [{ 'x-api-key': '   ' }]])('given %p, then missing', (headers) =>
    expect(presentedApiKey(headers)).toEqual({ kind: 'missing' }),
  );

  it.each([
    [{ authorization: 'Basic dTpw' }, 'Bearer'],
    [{ authorization: 'Bearer' }, 'Bearer'],
    [{ authorization: 'Bearer a b' }, 'Bearer'],
    [{ authorization: 'abc123' }, 'Bearer'],
    [{ 'x-api-key': ['a', 'b'] }, 'once'],
    [{ authorization: 'Bearer a', 'x-api-key': 'b' }, 'different keys'],
  ])('given %p, then malformed (%s)', (headers, reason) =>
    expect(presentedApiKey(headers)).toEqual({ kind: 'malformed', reason: expect.stringContaining(reason) }),
  );
});
