/**
 * RFC 6901 JSON pointers over event data, plus `*` patterns (every element of an array) for the
 * personal-data catalog. Copy-free reads; writes go to a copy the caller owns.
 */
import type { JsonObject, JsonValue } from '@crm/event-store/port/json';

const parsed = new Map<string, readonly string[]>();

/** The reference tokens of a pointer; memoised, since events of a type repeat the same few pointers. */
export const tokensOf = (pointer: string): readonly string[] => {
  let tokens = parsed.get(pointer);
  if (tokens === undefined) {
    tokens = pointer === '' ? [] : pointer.slice(1).split('/');
    if (pointer.includes('~')) tokens = tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(pointer, tokens);
  }
  return tokens;
};

export const pointerOf = (tokens: readonly (string | number)[]): string =>
  tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const child = (node: JsonValue | undefined, token: string): JsonValue | undefined => {
  if (Array.isArray(node)) return /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
  if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token))
    return node[token];
  return undefined;
};

export const valueAt = (root: JsonValue, pointer: string): JsonValue | undefined =>
  tokensOf(pointer).reduce<JsonValue | undefined>((node, token) => child(node, token), root);

/** Sets the value at an existing pointer of `root` (mutates it: pass a copy). */
export const setAt = (root: JsonObject, pointer: string, value: JsonValue): void => {
  const tokens = tokensOf(pointer);
  const last = tokens[tokens.length - 1];
  if (last === undefined) throw new Error('Cannot replace the root of event data');
  let parent: JsonValue | undefined = root;
  for (let i = 0; i < tokens.length - 1; i++) parent = child(parent, tokens[i]!);
  if (Array.isArray(parent) && /^(0|[1-9]\d*)$/.test(last) && Number(last) < parent.length)
    parent[Number(last)] = value;
  else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) parent[last] = value;
  else throw new Error(`No field at ${pointer}`);
};

/** The concrete pointers a pattern (`/properties/to/*`) matches in `root`, with their values. */
export const matches = (root: JsonValue, pattern: string): [string, JsonValue][] => {
  let found: [(string | number)[], JsonValue][] = [[[], root]];
  for (const token of tokensOf(pattern)) {
    const next: [(string | number)[], JsonValue][] = [];
    for (const [path, node] of found) {
      if (token === '*') {
        if (Array.isArray(node)) node.forEach((element, i) => next.push([[...path, i], element]));
        continue;
      }
      const value = child(node, token);
      if (value !== undefined) next.push([[...path, token], value]);
    }
    found = next;
  }
  return found.map(([path, value]) => [pointerOf(path), value]);
};

/**
 * A copy of `root` in which every object and array along the given pointers is a fresh shallow copy,
 * so `setAt` on those pointers leaves `root` untouched while everything else is shared (far cheaper
 * than a deep clone of every event read).
 */
export const copyAlong = (root: JsonObject, pointers: readonly string[]): JsonObject => {
  const copied = new WeakSet<object>();
  const copy = <T extends JsonObject | JsonValue[]>(node: T): T => {
    const fresh = (Array.isArray(node) ? [...node] : { ...node }) as T;
    copied.add(fresh);
    return fresh;
  };
  const top = copy(root);
  for (const pointer of pointers) {
    const tokens = tokensOf(pointer);
    let node: JsonValue = top;
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i]!;
      const next = child(node, token);
      if (next === null || typeof next !== 'object') break;
      const own = copied.has(next) ? next : copy(next);
      if (Array.isArray(node)) node[Number(token)] = own;
      else (node as JsonObject)[token] = own;
      node = own;
    }
  }
  return top;
};
