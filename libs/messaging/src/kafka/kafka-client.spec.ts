import { chunkBySize, estimatedBytes, MAX_SEND_BYTES } from './kafka-client';

describe('chunkBySize', () => {
  const message = (bytes: number, key = 'k') => ({ key, value: 'x'.repeat(bytes), headers: { 'event-id': 'e' } });

  it('given messages that fit, when chunked, then they go in one send', () => {
    const messages = [message(100), message(200)];
    expect(chunkBySize(messages)).toEqual([messages]);
  });

  it('given a page over the broker limit, when chunked, then every chunk stays under it and the order is kept', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => message(1100, `k${i}`));
    const chunks = chunkBySize(messages);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, m) => sum + estimatedBytes(m), 0)).toBeLessThanOrEqual(MAX_SEND_BYTES);
  });

  it('given one message bigger than the limit, when chunked, then it is sent alone rather than dropped', () => {
    const big = message(MAX_SEND_BYTES + 1);
    expect(chunkBySize([message(10), big, message(10)]).map((c) => c.length)).toEqual([1, 1, 1]);
  });
});
