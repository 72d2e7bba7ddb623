import { createHash } from 'node:crypto';
import type { JsonValue } from '../port/json';

/** JSON with object keys sorted, so equal values hash equally whatever their key order (e.g. jsonb). */
export const canonicalJson = (value: JsonValue | undefined): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
};

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
