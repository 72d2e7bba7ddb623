import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Product code may open a store only through openEventStore; these may call the factory itself. */
const ALLOWED = [/^libs\/event-store\/src\//, /^libs\/wiring\/src\/open-event-store\.ts$/];
/** Test code opens raw stores on purpose (to write old event shapes, or to seed data). */
const TEST_CODE = /\.(?:spec|int-spec)\.ts$|\/(?:testing|contract|fixtures)\//;

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

describe('where event stores are opened', () => {
  it('every product call site (apps, libs, benchmarks) goes through openEventStore, so every reader gets upcast events', () => {
    const offenders = ['apps', 'libs', 'tools/bench']
      .flatMap(sources)
      .filter((path) => !TEST_CODE.test(path) && !ALLOWED.some((allowed) => allowed.test(path)))
      .filter((path) => /\bcreateEventStore\b/.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders.map((path) => relative('.', path))).toEqual([]);
  });
});
