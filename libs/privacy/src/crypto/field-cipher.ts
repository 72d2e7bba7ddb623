/**
 * Deterministic authenticated encryption of one personal field (AES-256-GCM with a synthetic IV).
 *
 * Why deterministic: the store's idempotency compares a retried event's content with the stored one
 * (ADR 0001). A random IV would make every retry of the same event differ, i.e. a false
 * IdempotencyConflict. The IV is therefore derived from what is sealed (SIV construction, RFC 5297 in
 * spirit): IV = first 96 bits of HMAC-SHA256(sivKey, context ‖ 0 ‖ plaintext). Equal inputs give equal
 * ciphertexts (that is the point); different plaintexts collide on an IV with probability ~2^-96.
 * AES-GCM-SIV itself is not available in Node 20's OpenSSL 3.0.
 *
 * The context (tenant and field pointer, plus the event id for personal properties: event-protection.ts)
 * is also the GCM additional data, so a ciphertext moved to another field or tenant (or a property to
 * another event) fails authentication instead of decrypting there.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** AES-256 key ‖ SIV MAC key: both random, so a field sealed under one data key needs no derivation. */
export const DATA_KEY_BYTES = 64;
const HALF = 32;

const REF_BYTES = 12;

/**
 * `count` new data keys, each with a ref: a fresh name for that very key (96 random bits, base64url),
 * unique per key ever created. One call to the CSPRNG for all of them: small synchronous randomBytes
 * calls cost more than the bytes.
 */
export const freshKeys = (count: number): (() => { ref: string; key: Buffer }) => {
  const pool = randomBytes(count * (REF_BYTES + DATA_KEY_BYTES));
  let next = 0;
  return () => {
    if (next >= count) throw new Error('freshKeys: more keys taken than asked for');
    const at = next++ * (REF_BYTES + DATA_KEY_BYTES);
    return {
      ref: pool.subarray(at, at + REF_BYTES).toString('base64url'),
      // A copy, so the key does not keep the whole pool alive (nor share memory with other keys).
      key: Buffer.from(pool.subarray(at + REF_BYTES, at + REF_BYTES + DATA_KEY_BYTES)),
    };
  };
};
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Salt of the key-set derivation: versions it, so a future scheme never reuses these sub-keys. */
const SALT = 'crm-gdpr-field-key-v1';

/** The two sub-keys one field is sealed with. */
export interface FieldKey {
  readonly encryption: Buffer;
  readonly siv: Buffer;
}

/**
 * The field key of a set of data keys, in the given order. One key: its two halves, readable while
 * that key exists. Several keys: readable only while ALL exist (a field about a person known by several
 * identifiers is shredded when any of them is forgotten): HMAC-SHA512 under the salt over all of them
 * (an HKDF extract; 512 bits give both sub-keys at once).
 */
export const deriveFieldKey = (dataKeys: readonly Buffer[]): FieldKey => {
  if (dataKeys.length === 0) throw new Error('A field key needs at least one data key');
  for (const key of dataKeys) {
    if (key.length !== DATA_KEY_BYTES) throw new Error(`A data key is ${DATA_KEY_BYTES} bytes, got ${key.length}`);
  }
  let material = dataKeys[0]!;
  if (dataKeys.length > 1) {
    const extract = createHmac('sha512', SALT);
    for (const key of dataKeys) extract.update(key);
    material = extract.digest();
  }
  return { encryption: material.subarray(0, HALF), siv: material.subarray(HALF, 2 * HALF) };
};

/** base64url(IV ‖ ciphertext ‖ tag). */
export const sealField = (key: FieldKey, context: string, plaintext: string): string => {
  const clear = Buffer.from(plaintext, 'utf8');
  const iv = createHmac('sha256', key.siv)
    .update(context)
    .update(Buffer.of(0))
    .update(clear)
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(clear), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
};

export class FieldTampered extends Error {
  constructor(readonly context: string) {
    super(`A sealed personal field does not authenticate (${context}): corrupted or moved ciphertext`);
    this.name = 'FieldTampered';
  }
}

/**
 * The plaintext of a sealed field. Throws FieldTampered when it does not authenticate: with the right
 * key that means corruption, which must be loud, never silently read as "forgotten".
 */
export const openField = (key: FieldKey, context: string, sealed: string): string => {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new FieldTampered(context);
  const iv = bytes.subarray(0, IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.encryption, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    // GCM authenticates ciphertext and context; the synthetic IV needs no second check on the way out.
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new FieldTampered(context);
  }
};
