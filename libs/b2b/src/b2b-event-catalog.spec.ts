import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { B2B_EVENT_TYPES } from './b2b-event-types';

const CATALOG = readFileSync(join(__dirname, '../../../docs/event-catalog.md'), 'utf8');

/** Rows `| \`Type\` | v1 | …` of the B2B tables, with the stream category heading they sit under. */
const documented = (): Map<string, { version: number; category: string }> => {
  const found = new Map<string, { version: number; category: string }>();
  let category = '';
  for (const line of CATALOG.split('\n')) {
    const heading = /^### `([a-zA-Z]+)` — `<tenant>\/\1-</.exec(line);
    if (heading) category = heading[1]!;
    const row = /^\| `([A-Z][A-Za-z]+)` +\| v(\d+) /.exec(line);
    if (row && category) found.set(row[1]!, { version: Number(row[2]), category });
  }
  return found;
};

describe('docs/event-catalog.md, B2B store event types', () => {
  it('documents every B2B event type, and no other, at version 1 under its stream category', () => {
    const catalog = documented();
    const expected = Object.entries(B2B_EVENT_TYPES).flatMap(([category, types]) =>
      types.map((type) => [type, { version: 1, category }] as const),
    );
    expect([...catalog.entries()].sort()).toEqual([...expected].sort());
  });
});
