import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_EVENT_CONTRACTS, CUSTOMER_EVENT_TYPES } from './customer-event.schemas';
import { validateCustomerEventBatch } from './validate-customer-events';

const CATALOG = readFileSync(join(__dirname, '../../../../docs/event-catalog.md'), 'utf8');
const NOW = Date.UTC(2025, 5, 1);

/** `### \`type\` — vN` headings, each with the first json block after it. */
const documented = (): Map<string, { version: number; example: unknown }> => {
  const found = new Map<string, { version: number; example: unknown }>();
  const heading = /^### `([a-z.]+)` — v(\d+)$/gm;
  for (let match = heading.exec(CATALOG); match; match = heading.exec(CATALOG)) {
    const json = /```json\n([\s\S]*?)\n```/.exec(CATALOG.slice(match.index));
    found.set(match[1]!, { version: Number(match[2]), example: json ? JSON.parse(json[1]!) : undefined });
  }
  return found;
};

describe('docs/event-catalog.md', () => {
  const catalog = documented();

  it('documents every contract type, and no other, at its current version', () => {
    expect([...catalog.keys()].sort()).toEqual([...CUSTOMER_EVENT_TYPES].sort());
    for (const type of CUSTOMER_EVENT_TYPES)
      expect({ type, version: catalog.get(type)?.version }).toEqual({
        type,
        version: CUSTOMER_EVENT_CONTRACTS[type].schemaVersion,
      });
  });

  it.each(CUSTOMER_EVENT_TYPES)('given the catalog example of %s, when validated, then it is accepted', (type) => {
    const example = catalog.get(type)?.example;
    const result = validateCustomerEventBatch(example, { now: NOW });
    expect(result.ok ? { type: result.events[0]?.type } : result.problem).toEqual({ type });
  });

  it('given the envelope example, when validated, then it is accepted', () => {
    const envelope = /### Envelope\n\n```json\n([\s\S]*?)\n```/.exec(CATALOG);
    expect(validateCustomerEventBatch(JSON.parse(envelope![1]!), { now: NOW }).ok).toBe(true);
  });
});
