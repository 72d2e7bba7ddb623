import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const repoRoot = join(__dirname, '..', '..', '..');

/**
 * Debian's Chromium, installed by infra/chromium/ensure.sh when missing (apt-get, as .ci/run does first).
 * playwright-core only drives it: it never downloads a browser of its own.
 */
export const ensureChromium = (): string => {
  const output = execFileSync('bash', [join(repoRoot, 'infra/chromium/ensure.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000, // an apt-get install on a fresh machine
  });
  const path = output.trim().split('\n').pop()?.trim();
  if (!path) throw new Error('infra/chromium/ensure.sh printed no path');
  return path;
};

export const launchChromium = (executablePath: string): Promise<Browser> =>
  chromium.launch({
    executablePath,
    headless: true,
    // Containers often give /dev/shm 64 MB; Chromium then crashes on big pages.
    args: ['--disable-dev-shm-usage'],
  });
