import { seedB2cDemo } from '@crm/b2c/demo/seed-b2c-demo';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { createTestApp, type TestApp } from '../testing/create-test-app';

// The B2C half of what `npm start` seeds in dev mode (the entry-point test is in ../b2b/demo-seed.int-spec.ts):
// fictional customers whose identifiers merge, repeat purchases, a converting campaign, tickets, segments.

describe('B2C demo seed', () => {
  let t: TestApp;
  let acme: B2bClient;
  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    const report = await seedB2cDemo(t.store, 'acme', new Date());
    expect(report).toMatchObject({ customerEvents: 23, segments: 2 });
    acme.lastPosition = report.lastPosition;
  });
  afterAll(() => t.close());

  it('given the seed, then four people: their cookies, devices, cards and order accounts merged, a test address blocked', async () => {
    expect(await acme.read('/v1/b2c/stats')).toEqual({
      profiles: 4,
      profilesWithOrders: 3,
      repeatCustomers: 2,
      orders: 6,
      revenue: 360.8,
    });
    // Ana: web cookie, two spellings of one email, the app's device and phone, one order account
    const ana = await acme.read<{ profileId: string; orders: { count: number } }>(
      '/v1/b2c/profiles/lookup?type=deviceId&value=dev-ana-phone',
    );
    expect(ana.orders.count).toBe(2);
    expect(await acme.read('/v1/b2c/profiles/lookup?type=cookieId&value=ck-ana-1')).toMatchObject({
      profileId: ana.profileId,
    });
    // the tester's address linked nobody
    const blocked = await t.app.inject({
      method: 'GET',
      url: '/v1/b2c/profiles/lookup?type=email&value=test@example.com',
      headers: { authorization: `Bearer ${t.keys.acme}` },
    });
    expect(blocked.statusCode).toBe(404);
  });

  it('given the seed, then segments, a converting campaign and a social-media ticket over its target', async () => {
    const segments = await acme.read<{ segments: { segmentId: string; members: number }[] }>('/v1/b2c/segments');
    expect(Object.fromEntries(segments.segments.map((s) => [s.segmentId, s.members]))).toEqual({
      'email-reachable-buyers': 1,
      'repeat-customers': 2,
    });
    expect(await acme.read('/v1/b2c/campaigns/spring-demo/funnel')).toMatchObject({
      converted: 1,
      newCustomers: 1,
      orders: 1,
    });
    const sla = await acme.read<{ groups: { channel: string; firstResponse: { breaches: number } }[] }>(
      '/v1/b2c/support/sla',
    );
    expect(sla.groups.find((g) => g.channel === 'social')?.firstResponse.breaches).toBe(1);
    expect(sla.groups.find((g) => g.channel === 'chat')?.firstResponse.breaches).toBe(0);
  });

  it('given it ran once today, when seeded again, then nothing is appended', async () => {
    const head = await t.store.headPosition();
    expect(await seedB2cDemo(t.store, 'acme', new Date())).toMatchObject({ customerEvents: 0, segments: 0 });
    expect(await t.store.headPosition()).toBe(head);
  });
});
