import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SLA_TARGETS_EVENT_TYPES } from './sla-targets.events';
import { slaTargetsStreamId } from './support-streams';

const CATALOG = readFileSync(join(__dirname, '../../../../docs/event-catalog.md'), 'utf8');

describe('docs/event-catalog.md, support store event types', () => {
  it('documents every SLA target event at version 1 with its stream', () => {
    expect(slaTargetsStreamId('acme')).toBe('acme/supportSla-targets');
    for (const type of SLA_TARGETS_EVENT_TYPES)
      expect(CATALOG).toMatch(new RegExp(`^\\| \`${type}\` +\\| \`<tenant>/supportSla-targets\` +\\| v1 +\\|`, 'm'));
  });
});
