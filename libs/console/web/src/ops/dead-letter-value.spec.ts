import { deadLetterValueNote, replayableRefs } from './dead-letter-value';

describe('dead letter value', () => {
  it('given a whole text value, then nothing to say', () =>
    expect(
      deadLetterValueNote({ value: '{"a":1}', valueEncoding: 'utf8', valueCut: false, valueBytes: 7 }),
    ).toBeNull());

  it('given no value, then nothing to say', () =>
    expect(deadLetterValueNote({ value: null, valueEncoding: 'utf8', valueCut: false, valueBytes: null })).toBeNull());

  it('given a value cut for display, then how much of how much is shown', () =>
    expect(
      deadLetterValueNote({ value: 'x'.repeat(16384), valueEncoding: 'utf8', valueCut: true, valueBytes: 300000 }),
    ).toBe('Cut: the first 16,384 characters of a 300,000-byte message are shown.'));

  it('given a binary value, then it says base64', () =>
    expect(deadLetterValueNote({ value: '3q2+7w==', valueEncoding: 'base64', valueCut: false, valueBytes: 4 })).toBe(
      'Not UTF-8 text: shown as base64.',
    ));
});

describe('replayable refs', () => {
  const shown = [
    { ref: 'dlq/0@2', truncated: false },
    { ref: 'dlq/0@3', truncated: true },
  ];

  it('given a ticked entry the filter now hides, then it is not sent', () =>
    expect(replayableRefs(new Set(['dlq/0@1', 'dlq/0@2']), shown)).toEqual(['dlq/0@2']));

  it('given a ticked truncated entry, then it is not sent', () =>
    expect(replayableRefs(new Set(['dlq/0@3']), shown)).toEqual([]));
});
