import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { ForgottenEmployee } from '../shared/projection/forgotten-employee';
import { employeeForgottenEntry, forgottenEntry, timelineEntriesOf } from './timeline-entries';

const recorded = (type: string, data: object): RecordedEvent => ({
  eventId: 'e-1',
  type,
  schemaVersion: 1,
  streamId: 'acme/x-1',
  streamVersion: 0,
  position: 7,
  data: data as JsonObject,
  metadata: { tenantId: 'acme' },
  recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('timelineEntriesOf', () => {
  it('files a contact added to two accounts under both', () =>
    expect(
      timelineEntriesOf(
        recorded('ContactAdded', {
          contactId: 'ana',
          name: 'Ana Lima',
          title: 'CTO',
          department: null,
          email: null,
          phone: null,
          accountIds: ['acme', 'codehow'],
          reportsToId: null,
          at: '2026-01-02T00:00:00Z',
        }),
      ).map((e) => [e.accountId, e.kind, e.title]),
    ).toEqual([
      ['acme', 'contact-added', 'Ana Lima (CTO) added as a contact'],
      ['codehow', 'contact-added', 'Ana Lima (CTO) added as a contact'],
    ]));

  it('leaves the account of a deal event to the projection and names the deal by placeholder', () =>
    expect(
      timelineEntriesOf(
        recorded('OpportunityWon', {
          opportunityId: 'o-1',
          from: 'Negotiation',
          stage: 'Won',
          amount: 12000.5,
          currency: 'EUR',
          reason: 'Fit',
          at: '2026-01-03T00:00:00.000Z',
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        kind: 'deal-won',
        accountId: null,
        opportunityId: 'o-1',
        title: 'Deal "{deal}" won: 12,000.5 EUR (Fit)',
      }),
    ]));

  it('carries the account of an approval step and ignores unrelated types', () => {
    expect(
      timelineEntriesOf(
        recorded('ApprovalStepRejected', {
          approvalId: 'a-1',
          opportunityId: 'o-1',
          accountId: 'acme',
          step: 2,
          approverId: 'fred',
          comment: 'Margin',
          at: '2026-01-03T00:00:00.000Z',
        }),
      ),
    ).toEqual([expect.objectContaining({ accountId: 'acme', kind: 'approval-step-rejected' })]);
    expect(timelineEntriesOf(recorded('AccountRegistered', {}))).toEqual([]);
  });
});

describe('forgottenEntry', () => {
  it('keeps the kind and the impersonal details of an entry naming a forgotten contact, nothing else', () => {
    // given an interaction entry with a subject in its title, participants and a summary
    const details = {
      interactionId: 'int-1',
      participants: [{ contactId: 'bo', name: 'Bo Chen', email: 'bo@x.example', role: null }],
      summary: 'Bo wants a discount',
      durationSeconds: 600,
    };
    // when a contact it names is forgotten
    const entry = forgottenEntry('call', details);
    // then the title says only what kind of entry it was, and no name or text is left
    expect(entry).toEqual({
      title: 'Call (a forgotten contact)',
      details: { interactionId: 'int-1', durationSeconds: 600 },
    });
  });

  it('gives the same row whether the values were clear or already redacted (live forget = rebuild)', () => {
    const clear = forgottenEntry('contact-added', { title: 'CFO', department: 'Finance', reportsToId: 'ceo' });
    const redacted = forgottenEntry('contact-added', { title: '~redacted', department: null, reportsToId: 'ceo' });
    expect(clear).toEqual(redacted);
    expect(clear.details).toEqual({ reportsToId: 'ceo' });
  });
});

describe('employeeForgottenEntry', () => {
  const mia: ForgottenEmployee = {
    pseudonym: '~p:K1',
    is: (v) => typeof v === 'string' && v.toLowerCase() === 'mia.manager',
    replaceIn: (text) => text.replace(/mia\.manager/gi, '~p:K1'),
  };

  it('gives a rejection naming a forgotten approver the pseudonym and no comment, as the sealed log reads on a rebuild', () => {
    // given a rejection entry as the projection wrote it while Mia's key existed
    const entry = employeeForgottenEntry(
      'mia.manager rejected step 1 on deal "Fleet": Too deep a discount',
      { approvalId: 'ap-1', step: 1, comment: 'Too deep a discount' },
      mia,
    );
    // then her id becomes her pseudonym and her comment goes, in the title too
    expect(entry).toEqual({
      title: '~p:K1 rejected step 1 on deal "Fleet": ~redacted',
      details: { approvalId: 'ap-1', step: 1, comment: '~redacted' },
    });
    // given a request entry whose approvers include her
    const request = employeeForgottenEntry(
      'Approval of 15 % discount on deal "Fleet" requested: manager → finance',
      { approvalId: 'ap-1', approvers: [{ approverId: 'Mia.Manager', role: 'manager' }], comment: 'Why not' },
      mia,
    );
    expect(request).toEqual({
      title: 'Approval of 15 % discount on deal "Fleet" requested: manager → finance',
      details: { approvalId: 'ap-1', approvers: [{ approverId: '~p:K1', role: 'manager' }], comment: '~redacted' },
    });
  });

  it("replaces a deal owner's name in an opened deal's details, and leaves entries not naming them", () => {
    const moses: ForgottenEmployee = { pseudonym: '~p:K2', is: (v) => v === 'Moses Frase', replaceIn: (t) => t };
    expect(
      employeeForgottenEntry('Deal "X" opened in Prospecting: 1,000 USD', { salesAgent: 'Moses Frase' }, moses),
    ).toEqual({ title: 'Deal "X" opened in Prospecting: 1,000 USD', details: { salesAgent: '~p:K2' } });
    expect(employeeForgottenEntry('Deal "X" opened', { salesAgent: 'Lea Moreau' }, moses)).toBeUndefined();
  });
});
