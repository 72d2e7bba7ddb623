import { DomainError } from '../../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { opportunityDecider } from '../opportunity.decider';
import type { OpportunityEvent } from '../opportunity.events';
import { later, lost, opened } from '../testing/opportunity-fixtures';

const { given, stateAfter } = deciderSpec(opportunityDecider, DomainError);

describe('buying committee', () => {
  const setRole = (role: 'champion' | 'decision-maker', stance: 'supportive' | 'skeptical', contactAdded = true) =>
    ({
      type: 'SetCommitteeRole',
      opportunityId: 'o-1',
      contactId: 'ana',
      contactAdded,
      role,
      stance,
      at: later,
    }) as const;
  const memberSet = (role: 'champion' | 'decision-maker', stance: 'supportive' | 'skeptical'): OpportunityEvent => ({
    type: 'CommitteeMemberSet',
    data: { opportunityId: 'o-1', contactId: 'ana', role, stance, at: later },
  });
  const remove = { type: 'RemoveCommitteeMember', opportunityId: 'o-1', contactId: 'ana', at: later } as const;

  it('given an open deal, when a contact gets a role and stance, then CommitteeMemberSet', () =>
    given(opened())
      .when(setRole('champion', 'supportive'))
      .then([memberSet('champion', 'supportive')]));

  it('when the role or stance changes, then it is set again', () =>
    given(opened(), memberSet('champion', 'supportive'))
      .when(setRole('champion', 'skeptical'))
      .then([memberSet('champion', 'skeptical')]));

  it('when the same role and stance are set again, then nothing happens', () =>
    given(opened(), memberSet('champion', 'supportive')).when(setRole('champion', 'supportive')).thenNothing());

  it('when the contact does not exist, then unknown-contact', () =>
    given(opened())
      .when(setRole('champion', 'supportive', false))
      .thenThrows('unknown-contact'));

  it('given a closed deal, when a role is set, then opportunity-closed', () =>
    given(opened(), lost('Prospecting')).when(setRole('champion', 'supportive')).thenThrows('opportunity-closed'));

  it('when a member is removed, then CommitteeMemberRemoved; removing a non-member changes nothing', () => {
    given(opened(), memberSet('champion', 'supportive'))
      .when(remove)
      .then([{ type: 'CommitteeMemberRemoved', data: { opportunityId: 'o-1', contactId: 'ana', at: later } }]);
    given(opened()).when(remove).thenNothing();
  });

  it('evolves the committee', () =>
    expect(
      stateAfter(opened(), memberSet('champion', 'supportive'), memberSet('decision-maker', 'skeptical')),
    ).toMatchObject({ committee: { ana: { role: 'decision-maker', stance: 'skeptical' } } }));
});
