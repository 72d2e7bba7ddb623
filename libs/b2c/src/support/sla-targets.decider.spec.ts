import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { DEFAULT_SLA_TARGETS, type SlaTargets } from './domain/sla-targets';
import { slaTargetsDecider, type SlaTargetsCommand } from './sla-targets.decider';
import type { SlaTargetsEvent } from './sla-targets.events';

const { given } = deciderSpec(slaTargetsDecider);
const at = '2026-03-01T10:00:00.000Z';

const targets: SlaTargets = {
  firstResponse: { defaultMinutes: 120, byChannel: { social: 30, chat: 10 } },
  resolution: { defaultMinutes: 2880, byChannel: {} },
};
const set = (t: SlaTargets, effectiveFrom = '2026-03-01T10:00:00Z'): SlaTargetsCommand => ({
  type: 'SetSlaTargets',
  targets: t,
  effectiveFrom,
  at,
});
const wasSet = (t: SlaTargets, effectiveFrom = '2026-03-01T10:00:00.000Z'): SlaTargetsEvent => ({
  type: 'SupportSlaTargetsSet',
  data: { ...t, effectiveFrom, at },
});

describe('SLA targets decider', () => {
  it('given no targets, when a set is given, then SupportSlaTargetsSet with channels in contract order', () =>
    given()
      .when(set(targets))
      .then([
        wasSet({
          firstResponse: { defaultMinutes: 120, byChannel: { chat: 10, social: 30 } },
          resolution: { defaultMinutes: 2880, byChannel: {} },
        }),
      ]));

  it('given the same set in force, when it is given again (any key order, any offset), then nothing', () =>
    given(wasSet(targets))
      .when(
        set(
          {
            firstResponse: { defaultMinutes: 120, byChannel: { chat: 10, social: 30 } },
            resolution: targets.resolution,
          },
          '2026-03-01T11:00:00+01:00',
        ),
      )
      .thenNothing());

  it('given a set, when the same targets take effect at another time, then a new set', () =>
    given(wasSet(targets))
      .when(set(targets, '2026-04-01T00:00:00Z'))
      .then([wasSet(targets, '2026-04-01T00:00:00.000Z')]));

  it('given a set, when the defaults are set back, then they are recorded as a set of their own', () =>
    given(wasSet(targets))
      .when(set(DEFAULT_SLA_TARGETS))
      .then([wasSet(DEFAULT_SLA_TARGETS)]));
});
