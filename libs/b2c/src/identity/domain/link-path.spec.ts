import { linkPath } from './link-path';

const edges = [
  { edgeId: 's1', members: ['order-1', 'email'] },
  { edgeId: 's2', members: ['email', 'device'] },
  { edgeId: 's3', members: ['device', 'cookie'] },
  { edgeId: 's4', members: ['cookie', 'phone'] },
  { edgeId: 's5', members: ['phone', 'order-2'] },
  { edgeId: 's6', members: ['kiosk', 'email', 'phone'] },
];
const noSplits = () => [];

describe('linkPath', () => {
  it('given a chain order → email → device → cookie → phone → order, then each link names its sighting', () =>
    expect(linkPath('order-1', 'order-2', edges, (k) => k !== 'kiosk', noSplits)).toEqual([
      { from: 'order-1', to: 'email', sightingId: 's1' },
      { from: 'email', to: 'phone', sightingId: 's6' },
      { from: 'phone', to: 'order-2', sightingId: 's5' },
    ]));

  it('given the kiosk is left out of s6 only as a member, then email and phone still link through s6', () =>
    expect(linkPath('email', 'phone', edges, (k) => k !== 'kiosk', noSplits)).toHaveLength(1));

  it('given the phone is shared, then the orders are not linked', () =>
    expect(linkPath('order-1', 'order-2', edges, (k) => k !== 'phone', noSplits)).toBeUndefined());

  it('given an unmerge rule detaching the phone from the email, then the long way round is the explanation', () =>
    expect(
      linkPath(
        'email',
        'phone',
        edges,
        () => true,
        (members) =>
          members.includes('kiosk')
            ? [{ splitId: 'u', detached: new Set(['phone']), remaining: new Set(['email']) }]
            : [],
      )?.map((s) => s.sightingId),
    ).toEqual(['s2', 's3', 's4']));
});
