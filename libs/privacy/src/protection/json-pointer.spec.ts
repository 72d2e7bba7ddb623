import type { JsonObject } from '@crm/event-store/port/json';
import { copyAlong, matches, setAt, valueAt } from './json-pointer';

describe('JSON pointers over event data', () => {
  const data = (): JsonObject => ({
    subject: { identifiers: { 'a/b': 'x', 'c~d': 'y' } },
    properties: { to: ['p@x.io', 'q@x.io'], participants: [{ name: 'A' }, { email: 'b@x.io' }, { name: 'C' }] },
  });

  it('reads and matches patterns, escaped tokens and array elements included', () => {
    expect(valueAt(data(), '/subject/identifiers/a~1b')).toBe('x');
    expect(valueAt(data(), '/subject/identifiers/c~0d')).toBe('y');
    expect(matches(data(), '/properties/to/*')).toEqual([
      ['/properties/to/0', 'p@x.io'],
      ['/properties/to/1', 'q@x.io'],
    ]);
    expect(matches(data(), '/properties/participants/*/name').map(([p]) => p)).toEqual([
      '/properties/participants/0/name',
      '/properties/participants/2/name',
    ]);
    expect(matches(data(), '/properties/missing/*')).toEqual([]);
  });

  it('writes into a copy along the pointers and leaves the original untouched', () => {
    // given event data and a copy along two pointers
    const original = data();
    const before = JSON.stringify(original);
    const copy = copyAlong(original, ['/properties/to/1', '/subject/identifiers/a~1b']);
    // when both are set in the copy
    setAt(copy, '/properties/to/1', '~redacted');
    setAt(copy, '/subject/identifiers/a~1b', '~p:k');
    // then the copy has them, the original does not, and untouched branches are shared
    expect(JSON.stringify(original)).toBe(before);
    expect(valueAt(copy, '/properties/to')).toEqual(['p@x.io', '~redacted']);
    expect(valueAt(copy, '/subject/identifiers/a~1b')).toBe('~p:k');
    expect((copy.properties as JsonObject).participants).toBe((original.properties as JsonObject).participants);
  });

  it('refuses to write where there is no field', () => {
    expect(() => setAt(data(), '/properties/to/7', 'x')).toThrow(/No field/);
    expect(() => setAt(data(), '', 'x')).toThrow(/root/);
  });
});
