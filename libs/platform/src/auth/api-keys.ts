import { createHash, randomBytes } from 'node:crypto';
import { isValidTenantId } from '@crm/event-store/port/stream-id';
import { parseRateLimitField, type RateLimitSetting } from '../rate-limit/rate-limit-policy';
import { SCOPES, type AuthContext, type Scope } from './auth-context';

/**
 * API keys as the process holds them: only the SHA-256 of each key is kept after loading, so a heap
 * dump, a log line or an error message can never reveal one. Plain TypeScript (no framework): the
 * config loader, the HTTP guard and the CLI share it.
 */
export interface ApiKeyRecord {
  /** Hex SHA-256 of the key. */
  keyHash: string;
  /** First 12 hex digits of the hash: names the key in logs and metrics without revealing it. */
  keyId: string;
  tenantId: string;
  scopes: readonly Scope[];
  /** This key's own request rate (CRM_API_KEYS `rateLimit`); undefined: the default (RATE_LIMIT_PER_SECOND). */
  rateLimit?: RateLimitSetting;
}

export const MIN_API_KEY_LENGTH = 16;
export const DEV_TENANT_ID = 'demo';

/**
 * Tenants no API key may have: `system` holds the operators' own events (projection fault decisions,
 * libs/projections resolve-fault.ts OPERATOR_TENANT), whose error texts may quote any tenant's data.
 */
export const RESERVED_TENANT_IDS: readonly string[] = ['system'];

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export const keyIdOf = (keyHash: string): string => keyHash.slice(0, 12);

export const toApiKeyRecord = (
  key: string,
  tenantId: string,
  scopes: readonly Scope[],
  rateLimit?: RateLimitSetting,
): ApiKeyRecord => {
  const keyHash = hashApiKey(key);
  return {
    keyHash,
    keyId: keyIdOf(keyHash),
    tenantId,
    scopes: [...scopes],
    ...(rateLimit !== undefined && { rateLimit }),
  };
};

/** 32 random bytes, URL-safe, with a prefix that makes a leaked key easy to recognise (and to grep for). */
export const generateApiKey = (): string => `crm_${randomBytes(32).toString('base64url')}`;

export interface ApiKeysParseResult {
  records: ApiKeyRecord[];
  /** Human-readable, never containing a key. */
  problems: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses `[{"key":"…","tenant":"demo","scopes":["events:write","read","ops"]}]`. Every entry is checked
 * and every problem reported; messages name the entry by index and never echo a key (nor the JSON
 * parser's message, which quotes the input).
 */
export const parseApiKeys = (json: string): ApiKeysParseResult => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { records: [], problems: ['is not valid JSON (expected [{"key","tenant","scopes"}])'] };
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    return { records: [], problems: ['must be a non-empty JSON array of {"key","tenant","scopes"} objects'] };
  }

  const records: ApiKeyRecord[] = [];
  const problems: string[] = [];
  const firstIndexOfHash = new Map<string, number>();
  parsed.forEach((entry: unknown, index) => {
    const at = `entry ${index}`;
    if (!isRecord(entry)) {
      problems.push(`${at}: must be an object {"key","tenant","scopes"}`);
      return;
    }
    const entryProblems: string[] = [];
    const unknownFields = Object.keys(entry).filter(
      (field) => !['key', 'tenant', 'scopes', 'rateLimit'].includes(field),
    );
    if (unknownFields.length > 0) entryProblems.push(`unknown field(s) ${unknownFields.join(', ')}`);

    const { key, tenant, scopes } = entry;
    if (typeof key !== 'string') entryProblems.push('key must be a string');
    else if (key.length < MIN_API_KEY_LENGTH)
      entryProblems.push(`key must be at least ${MIN_API_KEY_LENGTH} characters (got ${key.length})`);
    else if (key.trim() !== key || /\s/.test(key)) entryProblems.push('key must not contain whitespace');

    if (typeof tenant !== 'string' || !isValidTenantId(tenant))
      entryProblems.push(
        `tenant must be a tenant id (lowercase letters, digits, '_' or '-', 1-63 characters, starting with a letter or digit), got ${JSON.stringify(tenant)}`,
      );
    else if (RESERVED_TENANT_IDS.includes(tenant))
      entryProblems.push(`tenant ${JSON.stringify(tenant)} is reserved for the operators' own events`);

    const rateLimit = entry.rateLimit === undefined ? undefined : parseRateLimitField(entry.rateLimit);
    if (rateLimit) entryProblems.push(...rateLimit.problems);

    if (!Array.isArray(scopes) || scopes.length === 0)
      entryProblems.push(`scopes must be a non-empty array of ${SCOPES.join(', ')}`);
    else {
      const unknownScopes = scopes.filter((scope) => !(SCOPES as readonly unknown[]).includes(scope));
      if (unknownScopes.length > 0)
        entryProblems.push(
          `unknown scope(s) ${unknownScopes.map((s) => JSON.stringify(s)).join(', ')}; allowed: ${SCOPES.join(', ')}`,
        );
    }

    if (typeof key === 'string' && key.length >= MIN_API_KEY_LENGTH) {
      const keyHash = hashApiKey(key);
      const first = firstIndexOfHash.get(keyHash);
      if (first !== undefined) entryProblems.push(`holds the same key as entry ${first}`);
      else firstIndexOfHash.set(keyHash, index);
    }

    if (entryProblems.length > 0) {
      problems.push(...entryProblems.map((problem) => `${at}: ${problem}`));
      return;
    }
    const grantedScopes = [...new Set(scopes as Scope[])];
    records.push(toApiKeyRecord(key as string, tenant as string, grantedScopes, rateLimit?.setting));
  });
  return { records, problems };
};

/** Looks a presented key up by its hash; the registry holds no key in clear. */
export class ApiKeyRegistry {
  private readonly byHash: ReadonlyMap<string, ApiKeyRecord>;

  constructor(
    records: readonly ApiKeyRecord[],
    /**
     * Dev mode only: the generated key, kept so the entry point can print it once after listening.
     * Undefined whenever keys were configured.
     */
    readonly devKey?: { key: string; tenantId: string },
  ) {
    this.byHash = new Map(records.map((record) => [record.keyHash, record]));
  }

  /** Dev mode: one `demo` tenant with a fresh random key holding every scope. */
  static withDevKey(): ApiKeyRegistry {
    const key = generateApiKey();
    return new ApiKeyRegistry([toApiKeyRecord(key, DEV_TENANT_ID, SCOPES)], { key, tenantId: DEV_TENANT_ID });
  }

  get size(): number {
    return this.byHash.size;
  }

  authenticate(presentedKey: string): AuthContext | undefined {
    const record = this.byHash.get(hashApiKey(presentedKey));
    return (
      record && {
        tenantId: record.tenantId,
        keyId: record.keyId,
        scopes: record.scopes,
        ...(record.rateLimit !== undefined && { rateLimit: record.rateLimit }),
      }
    );
  }
}
