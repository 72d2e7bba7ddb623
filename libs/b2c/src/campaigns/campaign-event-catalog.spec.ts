import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN_COST_EVENT_TYPES, CAMPAIGN_SETTINGS_EVENT_TYPES } from './campaign.events';
import { campaignCostStreamId, campaignSettingsStreamId } from './campaign-streams';

const CATALOG = readFileSync(join(__dirname, '../../../../docs/event-catalog.md'), 'utf8');

const documented = (type: string, stream: string): RegExp =>
  new RegExp(`^\\| \`${type}\` +\\| \`${stream.replace(/[<>]/g, (c) => `\\${c}`)}\` +\\| v1 +\\|`, 'm');

describe('docs/event-catalog.md, campaign store event types', () => {
  it('documents every campaign cost and settings event at version 1 with its stream', () => {
    expect(campaignCostStreamId('acme', 'cmp_1')).toBe('acme/campaignCost-cmp_1');
    expect(campaignSettingsStreamId('acme')).toBe('acme/campaignSettings-attribution');
    for (const type of CAMPAIGN_COST_EVENT_TYPES)
      expect(CATALOG).toMatch(documented(type, '<tenant>/campaignCost-<campaignId>'));
    for (const type of CAMPAIGN_SETTINGS_EVENT_TYPES)
      expect(CATALOG).toMatch(documented(type, '<tenant>/campaignSettings-attribution'));
  });
});
