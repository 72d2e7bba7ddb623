import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPseudonymizer, pseudonymSecretFile } from './open-privacy';

describe('loadPseudonymizer', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'crm-privacy-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the secret once and gives every later process the same pseudonyms', async () => {
    // given a fresh data dir, when two processes load the pseudonymizer one after the other
    const first = await loadPseudonymizer({ dataDir });
    const second = await loadPseudonymizer({ dataDir });
    // then they agree, and the secret file is private to the owner
    expect(second.pseudonym('acme', 'email', 'a@b.c')).toBe(first.pseudonym('acme', 'email', 'a@b.c'));
    expect(statSync(pseudonymSecretFile({ dataDir })).mode & 0o077).toBe(0);
  });

  it('gives another install other pseudonyms', async () => {
    const other = mkdtempSync(join(tmpdir(), 'crm-privacy-'));
    try {
      const a = await loadPseudonymizer({ dataDir });
      const b = await loadPseudonymizer({ dataDir: other });
      expect(b.pseudonym('acme', 'email', 'a@b.c')).not.toBe(a.pseudonym('acme', 'email', 'a@b.c'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
