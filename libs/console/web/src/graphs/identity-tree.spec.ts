import { identityTree, type IdentifierNode, type IdentityLink } from './identity-tree';

const id = (type: string, value: string): IdentifierNode => ({ type, value, key: `${type}:${value}` });
const link = (from: IdentifierNode, to: IdentifierNode, eventType: string, events = 1): IdentityLink => ({
  from,
  to,
  evidence: { eventType, occurredAt: '2026-01-17T10:00:00.000Z', events },
});

const mum = id('email', 'mum@family.example');
const tablet = id('deviceId', 'family-tablet');
const son = id('email', 'son@family.example');
const account = id('orderAccount', 'acc-mum');

describe('identity tree', () => {
  it('given explained paths from the anchor, then each identifier under the one it was linked through, with why', () => {
    const tree = identityTree(
      mum,
      [mum, tablet, son, account],
      [
        [link(mum, account, 'purchase.completed')],
        [link(mum, tablet, 'identify', 3)],
        [link(mum, tablet, 'identify', 3), link(tablet, son, 'identify')],
      ],
    );
    expect(tree).toEqual({
      id: 'email:mum@family.example',
      label: 'email: mum@family.example',
      sublabel: 'anchor',
      current: true,
      children: [
        expect.objectContaining({ label: 'orderAccount: acc-mum', sublabel: 'purchase.completed 2026-01-17' }),
        expect.objectContaining({
          label: 'deviceId: family-tablet',
          sublabel: 'identify 2026-01-17 ×3',
          children: [expect.objectContaining({ label: 'email: son@family.example', sublabel: 'identify 2026-01-17' })],
        }),
      ],
    });
  });

  it('given an identifier no path reaches, then it still shows, under the anchor, marked not explained', () =>
    expect(identityTree(mum, [mum, son], []).children).toEqual([
      expect.objectContaining({ label: 'email: son@family.example', sublabel: 'not explained' }),
    ]));
});
