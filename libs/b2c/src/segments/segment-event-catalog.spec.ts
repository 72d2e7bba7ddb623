import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEGMENT_EVENT_TYPES } from './segment.events';
import { segmentStreamId } from './segment-streams';

const CATALOG = readFileSync(join(__dirname, '../../../../docs/event-catalog.md'), 'utf8');

describe('docs/event-catalog.md, segment event types', () => {
  it('documents every segment event at version 1 with its stream', () => {
    expect(segmentStreamId('acme', 'repeat')).toBe('acme/segment-repeat');
    for (const type of SEGMENT_EVENT_TYPES.segment)
      expect(CATALOG).toMatch(new RegExp(`^\\| \`${type}\` +\\| \`<tenant>/segment-<segmentId>\` +\\| v1 +\\|`, 'm'));
  });
});
