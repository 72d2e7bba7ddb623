/**
 * A small, framework-free schema toolkit for the customer-event contract. Each schema checks an
 * unknown JSON value, reports every problem as a FieldError with a JSON pointer (RFC 6901) into the
 * request body, and returns the accepted value typed; it also describes itself as JSON Schema so
 * the OpenAPI document and the event catalog cannot drift from what is enforced.
 *
 * Hand-written rather than class-validator because the same checks run on every Kafka message and on
 * 100,000s of HTTP events per minute: no class instances, no reflection, one pass per value.
 */
import type { FieldError } from '@crm/platform/http/problem-details';

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

/** JSON Schema, kept to the subset OpenAPI 3.0 understands. */
export type JsonSchema = Record<string, unknown>;

export interface Schema<T> {
  /** Pushes one FieldError per problem under pointer `at`; returns the accepted value, or INVALID. */
  readonly parse: (value: unknown, at: string, errors: FieldError[]) => T | Invalid;
  readonly jsonSchema: JsonSchema;
}

export type SchemaType<S> = S extends Schema<infer T> ? T : never;

/** `c/d` → `/c~1d`: one RFC 6901 reference token with its leading slash. */
export const pointerToken = (key: string | number): string => {
  const text = String(key);
  return text.includes('~') || text.includes('/') ? `/${text.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${text}`;
};

/** `/a/b` + `c/d` → `/a/b/c~1d` (RFC 6901 escaping). */
export const pointer = (at: string, key: string | number): string => at + pointerToken(key);

export const describeType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'a non-finite number';
  return typeof value;
};

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export interface ArrayOptions {
  min?: number;
  max: number;
  description?: string;
}

export const array = <T>(item: Schema<T>, options: ArrayOptions): Schema<T[]> => {
  const min = options.min ?? 0;
  return {
    parse: (value, at, errors) => {
      if (!Array.isArray(value)) {
        errors.push({ pointer: at, detail: `must be an array, got ${describeType(value)}` });
        return INVALID;
      }
      if (value.length < min || value.length > options.max) {
        errors.push({
          pointer: at,
          detail: `must hold ${min === options.max ? min : `${min} to ${options.max}`} items, got ${value.length}`,
        });
        return INVALID;
      }
      let ok = true;
      let copy: T[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const parsed = item.parse(value[i], `${at}/${i}`, errors);
        if (parsed === INVALID) ok = false;
        else if (parsed !== value[i]) (copy ??= value.slice() as T[])[i] = parsed;
      }
      // Schemas that accept values as they are (all but normalising ones) leave the array itself as the result.
      return ok ? (copy ?? (value as T[])) : INVALID;
    },
    jsonSchema: {
      type: 'array',
      items: item.jsonSchema,
      ...(min > 0 && { minItems: min }),
      maxItems: options.max,
      ...(options.description && { description: options.description }),
    },
  };
};

export interface Field<T, O extends boolean> {
  readonly schema: Schema<T>;
  readonly optional: O;
}
export const required = <T>(schema: Schema<T>): Field<T, false> => ({ schema, optional: false });
export const optional = <T>(schema: Schema<T>): Field<T, true> => ({ schema, optional: true });

export type Fields = Record<string, Field<unknown, boolean>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<F extends Fields> = Simplify<
  { [K in keyof F as F[K]['optional'] extends true ? never : K]: SchemaType<F[K]['schema']> } & {
    [K in keyof F as F[K]['optional'] extends true ? K : never]?: SchemaType<F[K]['schema']>;
  }
>;

export interface ObjectOptions<T> {
  description?: string;
  /** Cross-field rules, run only when every field is valid: push errors for what is wrong. */
  check?: (value: T, at: string, errors: FieldError[]) => void;
  /** JSON Schema additions for what `check` enforces (e.g. `anyOf` of required fields). */
  jsonSchema?: JsonSchema;
}

/**
 * A JSON object with exactly these fields: unknown fields are errors (a misspelt optional field must
 * not vanish silently), `null` is not "absent". The accepted value holds the known fields only
 * (it is the given object itself unless a field schema normalised a value).
 */
export const object = <F extends Fields>(fields: F, options: ObjectOptions<ObjectOf<F>> = {}): Schema<ObjectOf<F>> => {
  const names = Object.keys(fields);
  const known = new Set(names);
  // Escaped once here: the hot path (valid input) then only concatenates.
  const entries = names.map((name) => ({ name, token: pointerToken(name), ...fields[name]! }));
  const expected = names.length > 0 ? `is not a known field; expected ${names.join(', ')}` : 'is not a known field';
  return {
    parse: (value, at, errors) => {
      if (!isPlainObject(value)) {
        errors.push({ pointer: at, detail: `must be an object, got ${describeType(value)}` });
        return INVALID;
      }
      let ok = true;
      for (const key in value) {
        if (!known.has(key)) {
          errors.push({ pointer: pointer(at, key), detail: expected });
          ok = false;
        }
      }
      let copy: Record<string, unknown> | undefined;
      for (const { name, token, schema, optional } of entries) {
        const given = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
        if (given === undefined) {
          if (!optional) {
            errors.push({ pointer: at + token, detail: 'is required' });
            ok = false;
          }
          continue;
        }
        const parsed = schema.parse(given, at + token, errors);
        if (parsed === INVALID) ok = false;
        else if (parsed !== given) (copy ??= { ...value })[name] = parsed;
      }
      if (!ok) return INVALID;
      // Every key is known, so unless a field schema normalised its value the parsed JSON object itself
      // is the result: no copy of every object of every event on the hot path.
      const accepted = (copy ?? value) as ObjectOf<F>;
      if (options.check) {
        const before = errors.length;
        options.check(accepted, at, errors);
        if (errors.length > before) return INVALID;
      }
      return accepted;
    },
    jsonSchema: {
      type: 'object',
      properties: Object.fromEntries(names.map((name) => [name, fields[name]!.schema.jsonSchema])),
      ...(names.some((n) => !fields[n]!.optional) && { required: names.filter((n) => !fields[n]!.optional) }),
      additionalProperties: false,
      ...(options.description && { description: options.description }),
      ...options.jsonSchema,
    },
  };
};
