import { identifierKey } from '@crm/b2c/identity/domain/identifier-keys';
import { isIdentifierType } from '@crm/b2c/identity/domain/identifier';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { AppConfig } from '@crm/platform/config/app-config';
import { createDataKeyStore, loadSharedSecret, type DataKeyStoreConfig } from '@crm/privacy/data-key-store.factory';
import type { DataKeyStore } from '@crm/privacy/keys/data-key-store.port';
import type { IdentifierKeyOf } from '@crm/privacy/protection/event-protection';
import { ProtectingEventStore } from '@crm/privacy/protection/protecting-event-store';
import type { PrivacyServices } from '@crm/privacy/privacy-services';
import { hmacPseudonymizer, type Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What the privacy pieces need to know: where the embedded files live and, for a PostgreSQL
 * deployment, the database every machine shares. `eventStore` and `databaseUrl` are optional so a
 * caller that only has `{ dataDir }` keeps the embedded behaviour.
 */
/**
 * How a reader sees personal fields: `clear` where the person's keys exist (the API, projections, replay),
 * `pseudonymous` never (identifiers as `~p:<pseudonym>`, other fields `~redacted`), for copies that leave
 * the system and that a forget cannot reach, such as relay topics (KAFKA_RELAY_PERSONAL_DATA).
 */
export type PersonalDataView = 'clear' | 'pseudonymous';

export type PrivacyConfig = Pick<AppConfig, 'dataDir'> & Partial<Pick<AppConfig, 'eventStore' | 'databaseUrl'>>;

/** Where the install-wide pseudonym secret lives: `<DATA_DIR>/secrets/pseudonym.key` (32 random bytes). */
export const pseudonymSecretFile = (config: Pick<AppConfig, 'dataDir'>): string =>
  join(config.dataDir, 'secrets', 'pseudonym.key');

/** PostgreSQL deployments share keys and secrets through the database, so several machines agree. */
const sharedThroughPostgres = (config: PrivacyConfig): config is PrivacyConfig & { databaseUrl: string } =>
  config.eventStore === 'postgres' && config.databaseUrl !== undefined;

/**
 * The identifier pseudonymizer every process uses (API, projector, Kafka, CLI). The secret is created
 * once, durably and exclusively (a racing second process reads the winner's), and never rotated: a new
 * secret would give every person new identifier keys, hence new profile ids.
 *
 * With EVENT_STORE=postgres the secret lives in PostgreSQL (`crm_privacy.install_secrets`), because a
 * file per machine would give each machine other pseudonyms. An install that already has the file
 * seeds the database with it (same pseudonyms as before); a file that disagrees with the database stops
 * the process rather than silently splitting people in two.
 */
export const loadPseudonymizer = async (config: PrivacyConfig): Promise<Pseudonymizer> => {
  const file = pseudonymSecretFile(config);
  if (!sharedThroughPostgres(config)) return hmacPseudonymizer(readOrCreateSecret(file));
  const local = readIfExists(file);
  const shared = await loadSharedSecret(config.databaseUrl, 'pseudonym', () => local ?? randomBytes(32));
  if (local !== undefined && !local.equals(shared)) {
    throw new Error(
      `${file} holds another pseudonym secret than the database (crm_privacy.install_secrets): ` +
        'move the file away if the database is the one to keep, or fix DATABASE_URL',
    );
  }
  return hmacPseudonymizer(shared);
};

const readIfExists = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

const readOrCreateSecret = (file: string): Buffer => {
  const existing = readIfExists(file);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file);
};

/** The key store of this deployment: PostgreSQL with EVENT_STORE=postgres, else `<DATA_DIR>/secrets/data-keys.db`. */
export const dataKeyStoreConfig = (config: PrivacyConfig): DataKeyStoreConfig =>
  sharedThroughPostgres(config)
    ? { keyStore: 'postgres', dataDir: config.dataDir, databaseUrl: config.databaseUrl }
    : { keyStore: 'sqlite', dataDir: config.dataDir };

export const openDataKeyStore = (config: PrivacyConfig): Promise<DataKeyStore> =>
  createDataKeyStore(dataKeyStoreConfig(config));

/**
 * An identifier's key exactly as identity resolution computes it (normalise, then pseudonymise; a
 * `~p:` value carries its key): the data key of an identifier and its identity link share one address.
 */
export const identifierKeyOf =
  (pseudonymizer: Pseudonymizer): IdentifierKeyOf =>
  (tenantId, type, value) =>
    isIdentifierType(type)
      ? identifierKey(pseudonymizer, tenantId, type, value).key
      : pseudonymizer.pseudonym(tenantId, type, value);

export const openPrivacyServices = async (config: PrivacyConfig): Promise<PrivacyServices> => {
  const pseudonymizer = await loadPseudonymizer(config);
  const keys = await openDataKeyStore(config);
  return { keys, identifierKeyOf: identifierKeyOf(pseudonymizer), close: () => keys.close() };
};

/**
 * The GDPR read layer of openEventStore: personal fields sealed on append, opened on read with the
 * keys that still exist (libs/privacy ProtectingEventStore). The layer owns the key store it opens and
 * closes it with the store.
 */
export const protectPersonalData = async (
  store: EventStore,
  config: PrivacyConfig,
  personalData: PersonalDataView = 'clear',
): Promise<EventStore> => {
  const pseudonymizer = await loadPseudonymizer(config);
  const keys = await openDataKeyStore(config);
  return new ProtectingEventStore(store, keys, identifierKeyOf(pseudonymizer), {
    reveal: personalData === 'clear' ? 'keys' : 'none',
  });
};
