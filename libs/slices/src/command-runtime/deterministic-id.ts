import { createHash } from 'node:crypto';

/** Namespace of every name-based id the CRM derives (imports, seeds, idempotency keys). */
export const CRM_ID_NAMESPACE = '5d0c8f3e-1b7a-4c2e-9f4d-6a8b2c1e0f3d';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * RFC 9562 UUID version 5 (SHA-1, name-based): the same name always gives the same id, so an import
 * or a retried command re-appends exactly the events it appended before and the store's exact
 * idempotency turns the repeat into a no-op.
 */
export const uuidV5 = (name: string, namespace: string = CRM_ID_NAMESPACE): string => {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`Invalid namespace UUID ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The id of the `index`-th event a command with this idempotency key appends to `streamId`. */
export const commandEventId = (streamId: string, idempotencyKey: string, index: number): string =>
  uuidV5(`${streamId}\n${idempotencyKey}\n${index}`);
