import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
  it('encodes strings like JSON', () => {
    expect(canonicalJson({ s: 'é"\n' })).toBe(JSON.stringify({ s: 'é"\n' }));
  });
});
