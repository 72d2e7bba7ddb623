import { consumerLag } from './consumer-lag';

describe('consumerLag', () => {
  const ends = [
    { partition: 0, low: '0', high: '120' },
    { partition: 1, low: '0', high: '40' },
    { partition: 2, low: '0', high: '0' },
  ];

  it('given committed offsets, then lag is the high watermark minus the committed offset per partition', () =>
    expect(
      consumerLag('t', ends, [
        { partition: 0, offset: '100' },
        { partition: 1, offset: '40' },
        { partition: 2, offset: '-1' },
      ]),
    ).toEqual([
      { topic: 't', partition: 0, lag: 20 },
      { topic: 't', partition: 1, lag: 0 },
      { topic: 't', partition: 2, lag: 0 },
    ]));

  it('given a partition the group never committed, then everything retained is lag (the consumer reads from the beginning)', () =>
    expect(consumerLag('t', [{ partition: 0, low: '30', high: '50' }], [{ partition: 0, offset: '-1' }])).toEqual([
      { topic: 't', partition: 0, lag: 20 },
    ]));

  it('given a committed offset below the low watermark (retention removed messages), then lag counts from low', () =>
    expect(consumerLag('t', [{ partition: 0, low: '500', high: '510' }], [{ partition: 0, offset: '10' }])).toEqual([
      { topic: 't', partition: 0, lag: 10 },
    ]));

  it('given a committed offset past the high watermark (ends read first), then lag is 0, never negative', () =>
    expect(consumerLag('t', [{ partition: 0, low: '0', high: '5' }], [{ partition: 0, offset: '7' }])).toEqual([
      { topic: 't', partition: 0, lag: 0 },
    ]));

  it('given offsets beyond 2^53, then they are subtracted exactly', () =>
    expect(
      consumerLag(
        't',
        [{ partition: 0, low: '0', high: '9007199254740995' }],
        [{ partition: 0, offset: '9007199254740993' }],
      ),
    ).toEqual([{ topic: 't', partition: 0, lag: 2 }]));
});
