import type { AppConfig } from '@crm/platform/config/app-config';
import { hmacPseudonymizer, type Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the install-wide pseudonym secret lives: `<DATA_DIR>/secrets/pseudonym.key` (32 random bytes). */
export const pseudonymSecretFile = (config: Pick<AppConfig, 'dataDir'>): string =>
  join(config.dataDir, 'secrets', 'pseudonym.key');

/**
 * The identifier pseudonymizer every process uses (API, projector, Kafka, CLI). The secret is created
 * once, durably and exclusively (a racing second process reads the winner's), and never rotated: a new
 * secret would give every person new identifier keys, hence new profile ids.
 */
export const loadPseudonymizer = async (config: Pick<AppConfig, 'dataDir'>): Promise<Pseudonymizer> => {
  const file = pseudonymSecretFile(config);
  return hmacPseudonymizer(readOrCreateSecret(file));
};

const readOrCreateSecret = (file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
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
