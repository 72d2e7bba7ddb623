import type { FieldError } from '@crm/platform/http/problem-details';
import { array, INVALID, object, optional, pointer, required, type Schema } from './schema';
import { number } from './scalars';
import { text } from './strings';

const run = <T>(schema: Schema<T>, value: unknown): { value: T | typeof INVALID; errors: FieldError[] } => {
  const errors: FieldError[] = [];
  return { value: schema.parse(value, '/x', errors), errors };
};

describe('schema toolkit', () => {
  it('given keys with / and ~, when building pointers, then they are escaped as RFC 6901 says', () => {
    expect(pointer('/a', 'b/c~d')).toBe('/a/b~1c~0d');
    expect(pointer('', 0)).toBe('/0');
  });

  it('given an object with a missing, an unknown and a bad field, when parsed, then all three are reported', () => {
    const schema = object({ a: required(number()), b: optional(number()), c: required(number()) });
    expect(run(schema, { b: 'two', c: 3, d: 4 }).errors.map((e) => e.pointer)).toEqual(['/x/d', '/x/a', '/x/b']);
  });

  it('given null for an optional field, when parsed, then it is an error, not "absent"', () => {
    expect(run(object({ b: optional(number()) }), { b: null }).errors).toEqual([
      { pointer: '/x/b', detail: 'must be a number, got null' },
    ]);
  });

  it('given a valid object with extra runtime keys only from the schema, when parsed, then only known fields come out', () => {
    const schema = object({ a: required(number()), b: optional(number()) });
    expect(run(schema, { a: 1 }).value).toEqual({ a: 1 });
  });

  it('given a valid object, when parsed, then the given object is the result (no copy)', () => {
    const given = { a: 1, b: [1, 2] };
    const schema = object({ a: required(number()), b: required(array(number(), { max: 2 })) });
    expect(run(schema, given).value).toBe(given);
  });

  it('given a field schema that normalises, when parsed, then a copy carries the normalised value', () => {
    const upper: Schema<string> = {
      parse: (v, at, errors) =>
        typeof v === 'string' ? v.toUpperCase() : (errors.push({ pointer: at, detail: 'x' }), INVALID),
      jsonSchema: {},
    };
    const given = { code: 'eur', list: ['a', 'B'] };
    const result = run(object({ code: required(upper), list: required(array(upper, { max: 5 })) }), given).value;
    expect(result).toEqual({ code: 'EUR', list: ['A', 'B'] });
    expect(given).toEqual({ code: 'eur', list: ['a', 'B'] });
  });

  it('given a cross-field check, when fields are valid but the check fails, then the check error is reported', () => {
    const schema = object(
      { a: optional(number()), b: optional(number()) },
      {
        check: (v, at, errors) =>
          v.a === undefined && v.b === undefined ? errors.push({ pointer: at, detail: 'a or b' }) : 0,
      },
    );
    expect(run(schema, {}).errors).toEqual([{ pointer: '/x', detail: 'a or b' }]);
  });

  it('given an array with two bad items, when parsed, then both are reported at their index', () => {
    expect(run(array(number({ min: 0 }), { max: 5 }), [1, -1, 'a']).errors.map((e) => e.pointer)).toEqual([
      '/x/1',
      '/x/2',
    ]);
  });

  it.each([
    ['a string', '1'],
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['a boolean', true],
  ])('given %s for a number, when parsed, then it is refused', (_, value) => {
    expect(run(number(), value).value).toBe(INVALID);
  });

  it('given multiline text, when parsed, then tabs and line breaks pass and other controls do not', () => {
    const schema = text({ max: 100, chars: 'multiline' });
    expect(run(schema, 'a\tb\r\nc').value).toBe('a\tb\r\nc');
    expect(run(schema, 'a\u0007b').value).toBe(INVALID);
  });

  it('given a one-line text, when parsed, then line breaks are refused', () => {
    expect(run(text({ max: 100, chars: 'line' }), 'a\nb').value).toBe(INVALID);
  });

  it('given a schema, when described, then its JSON Schema forbids unknown fields and lists required ones', () => {
    const schema = object({ a: required(number({ min: 0 })), b: optional(text({ max: 3, chars: 'id' })) });
    expect(schema.jsonSchema).toEqual({
      type: 'object',
      properties: { a: { type: 'number', minimum: 0 }, b: { type: 'string', minLength: 1, maxLength: 3 } },
      required: ['a'],
      additionalProperties: false,
    });
  });
});
