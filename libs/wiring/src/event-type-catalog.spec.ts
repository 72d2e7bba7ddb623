import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventTypeVersions } from '@crm/event-store/upcasting/upcaster-registry';
import { UpcasterRegistry } from '@crm/event-store/upcasting/upcaster-registry';
import { allEventTypes } from './event-type-catalog';

const CATALOG_FILE = join(__dirname, '../../../docs/event-catalog.md');
const START = '<!-- schema-versions:start -->';
const END = '<!-- schema-versions:end -->';
const HEADER = ['type', 'current version', 'older versions, upcast on read'];

/** One row per type: what docs/event-catalog.md#schema-versions must say about it. */
const rowOf = ({ type, currentVersion, upcasters }: EventTypeVersions): string[] => [
  `\`${type}\``,
  `v${currentVersion}`,
  upcasters.length === 0
    ? '–'
    : [...upcasters]
        .sort((a, b) => a.fromVersion - b.fromVersion)
        .map((step) => `v${step.fromVersion}→v${step.toVersion}: ${step.description}`)
        .join('; '),
];

const render = (rows: string[][]): string =>
  [HEADER, HEADER.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

/** The cells of the generated table as the (prettier-formatted) document holds them. */
const documentedRows = (catalog: string): string[][] => {
  const start = catalog.indexOf(START);
  const end = catalog.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/event-catalog.md has no ${START} … ${END} section`);
  return catalog
    .slice(start + START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    )
    .slice(2);
};

describe('docs/event-catalog.md#schema-versions', () => {
  const expected = allEventTypes().map(rowOf);

  it('lists every stored event type with its current version and upcasters, as the store reads them', () => {
    const catalog = readFileSync(CATALOG_FILE, 'utf8');
    // UPDATE_EVENT_CATALOG=1 rewrites the section (then run prettier on the file).
    if (process.env.UPDATE_EVENT_CATALOG === '1') {
      const start = catalog.indexOf(START) + START.length;
      writeFileSync(
        CATALOG_FILE,
        `${catalog.slice(0, start)}\n\n${render(expected)}\n\n${catalog.slice(catalog.indexOf(END))}`,
      );
    }
    expect(documentedRows(readFileSync(CATALOG_FILE, 'utf8'))).toEqual(expected);
  });

  it('is a valid registry: every type once, every chain complete', () => {
    expect(new UpcasterRegistry(allEventTypes()).declarations.length).toBe(expected.length);
  });
});
