import { commandEventId, uuidV5 } from './deterministic-id';

describe('uuidV5', () => {
  it('matches the RFC 9562 example (DNS namespace, www.example.com)', () =>
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    ));

  it('gives command event ids that differ by stream, key and index, and never change', () => {
    const id = commandEventId('acme/opportunity-o-1', 'import:open', 0);
    expect(commandEventId('acme/opportunity-o-1', 'import:open', 0)).toBe(id);
    expect(
      new Set([
        id,
        commandEventId('globex/opportunity-o-1', 'import:open', 0),
        commandEventId('acme/opportunity-o-1', 'import:win', 0),
        commandEventId('acme/opportunity-o-1', 'import:open', 1),
      ]).size,
    ).toBe(4);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
