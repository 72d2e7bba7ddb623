/** Number, boolean and enumeration schemas. */
import { describeType, INVALID, type Schema } from './schema';

export interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
  description?: string;
  example?: number;
}

/** A finite JSON number; strings such as "12.5" or "NaN" are refused, as is 1e999 (parsed as Infinity). */
export const number = (options: NumberOptions = {}): Schema<number> => ({
  parse: (value, at, errors) => {
    if (typeof value !== 'number') {
      errors.push({ pointer: at, detail: `must be a number, got ${describeType(value)}` });
      return INVALID;
    }
    if (!Number.isFinite(value)) {
      errors.push({ pointer: at, detail: 'must be a finite number' });
      return INVALID;
    }
    if (options.integer && !Number.isSafeInteger(value)) {
      errors.push({ pointer: at, detail: 'must be an integer' });
      return INVALID;
    }
    if (options.min !== undefined && value < options.min) {
      errors.push({ pointer: at, detail: `must be ≥ ${options.min}, got ${value}` });
      return INVALID;
    }
    if (options.max !== undefined && value > options.max) {
      errors.push({ pointer: at, detail: `must be ≤ ${options.max}, got ${value}` });
      return INVALID;
    }
    return value;
  },
  jsonSchema: {
    type: options.integer ? 'integer' : 'number',
    ...(options.min !== undefined && { minimum: options.min }),
    ...(options.max !== undefined && { maximum: options.max }),
    ...(options.description && { description: options.description }),
    ...(options.example !== undefined && { example: options.example }),
  },
});

/** Money: finite, ≥ 0, at most 10^13 (beyond any real order, below float precision trouble for cents). */
export const money = (description?: string): Schema<number> =>
  number({ min: 0, max: 1e13, ...(description && { description }), example: 49.9 });

export const integer = (min: number, max: number, description?: string): Schema<number> =>
  number({ integer: true, min, max, ...(description && { description }) });

export const boolean = (description?: string): Schema<boolean> => ({
  parse: (value, at, errors) => {
    if (typeof value !== 'boolean') {
      errors.push({ pointer: at, detail: `must be true or false, got ${describeType(value)}` });
      return INVALID;
    }
    return value;
  },
  jsonSchema: { type: 'boolean', ...(description && { description }) },
});

export const oneOf = <const T extends string>(values: readonly T[], description?: string): Schema<T> => ({
  parse: (value, at, errors) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : describeType(value);
      errors.push({ pointer: at, detail: `must be one of ${values.join(', ')}; got ${got}` });
      return INVALID;
    }
    return value as T;
  },
  jsonSchema: { type: 'string', enum: [...values], ...(description && { description }) },
});
