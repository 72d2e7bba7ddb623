import type { SupportTicketRow } from './support-tickets-dataset';
import { parseCsvTimestamp, planSupportTicketsImport, SupportTicketsPlanError } from './support-tickets-plan';

const row = (overrides: Partial<SupportTicketRow> = {}): SupportTicketRow => ({
  Ticket_ID: '1',
  Customer_Email: 'ana@example.com',
  Ticket_Priority: 'High',
  Ticket_Channel: 'Email',
  First_Response_Time: '2023-06-01 3:15',
  Time_to_Resolution: '2023-06-01 9:00',
  Customer_Satisfaction_Rating: '4',
  Ticket_Type: 'Refund request',
  Ticket_Subject: 'Battery life',
  ...overrides,
});

describe('support-tickets CSV mapping', () => {
  it('reads the file’s times as UTC, padding single-digit hours, and refuses impossible ones', () => {
    expect(parseCsvTimestamp('2023-06-01 7:29')).toBe('2023-06-01T07:29:00.000Z');
    expect(parseCsvTimestamp('2023-05-31 23:17')).toBe('2023-05-31T23:17:00.000Z');
    expect(parseCsvTimestamp('2023-02-30 10:00')).toBeUndefined();
    expect(parseCsvTimestamp('2023-06-01 24:00')).toBeUndefined();
    expect(parseCsvTimestamp('01/06/2023 10:00')).toBeUndefined();
  });

  it('given rows, when planned, then every ticket opens at 00:00 UTC of the day most first responses fall on', () => {
    const plan = planSupportTicketsImport([
      row({ Ticket_ID: '1', First_Response_Time: '2023-05-31 22:00' }),
      row({ Ticket_ID: '2', First_Response_Time: '2023-06-01 1:00' }),
      row({ Ticket_ID: '3', First_Response_Time: '2023-06-01 2:00' }),
    ]);
    expect(plan.openedAt).toBe('2023-06-01T00:00:00.000Z');
    expect(plan.tickets.map((t) => t.openedAt)).toEqual(Array(3).fill('2023-06-01T00:00:00.000Z'));
    expect(plan.tickets[0]).toEqual({
      line: 2,
      ticketId: '1',
      email: 'ana@example.com',
      channel: 'email',
      priority: 'high',
      subject: 'Battery life',
      category: 'Refund request',
      openedAt: '2023-06-01T00:00:00.000Z',
      firstResponseAt: '2023-05-31T22:00:00.000Z',
      resolvedAt: '2023-06-01T09:00:00.000Z',
      csat: 4,
    });
  });

  it('maps "Social media" to the social channel and honours an explicit opening instant', () => {
    const plan = planSupportTicketsImport([row({ Ticket_Channel: 'Social media' })], {
      openedAt: '2023-06-01T02:00:00+02:00',
    });
    expect(plan.tickets[0]).toMatchObject({ channel: 'social', openedAt: '2023-06-01T00:00:00.000Z' });
  });

  it('counts and names impossible orderings instead of dropping or fixing them', () => {
    const plan = planSupportTicketsImport([
      row({ Ticket_ID: 'a', First_Response_Time: '2023-05-31 23:00', Time_to_Resolution: '2023-06-01 5:00' }),
      row({ Ticket_ID: 'b', First_Response_Time: '2023-06-01 6:00', Time_to_Resolution: '2023-05-31 22:00' }),
      row({ Ticket_ID: 'c', First_Response_Time: '2023-06-01 8:00', Time_to_Resolution: '2023-06-01 4:00' }),
      row({ Ticket_ID: 'd', First_Response_Time: '2023-06-01 1:00', Time_to_Resolution: '2023-06-01 4:00' }),
    ]);
    expect(plan.tickets).toHaveLength(4);
    expect(plan.orderings).toEqual({
      respondedBeforeOpened: { count: 1, examples: ['a'] },
      resolvedBeforeOpened: { count: 1, examples: ['b'] },
      resolvedBeforeFirstResponse: { count: 2, examples: ['b', 'c'] },
    });
  });

  it('treats blank cells as not yet happened, and a rating without a resolution as a warning', () => {
    const plan = planSupportTicketsImport([
      row({ Ticket_ID: 'open', First_Response_Time: '', Time_to_Resolution: '', Customer_Satisfaction_Rating: '' }),
      row({ Ticket_ID: 'replied', Time_to_Resolution: '', Customer_Satisfaction_Rating: '3' }),
      row({ Ticket_ID: 'unrated', Customer_Satisfaction_Rating: '' }),
    ]);
    expect(plan.tickets.map((t) => [t.ticketId, t.firstResponseAt !== null, t.resolvedAt !== null, t.csat])).toEqual([
      ['open', false, false, null],
      ['replied', true, false, null],
      ['unrated', true, true, null],
    ]);
    expect(plan.blanks).toEqual({ noFirstResponse: 1, unresolved: 2, noCsat: 1 });
    expect(plan.warnings).toEqual([
      expect.stringMatching(/1 ticket\(s\) have a satisfaction rating but no resolution/),
    ]);
  });

  it('refuses the whole file with every problem listed', () => {
    let thrown: unknown;
    try {
      planSupportTicketsImport([
        row({ Ticket_ID: '1', Ticket_Priority: 'Urgent' }),
        row({ Ticket_ID: '1', Ticket_Channel: 'Fax' }),
        row({ Ticket_ID: '3', First_Response_Time: 'soon', Customer_Satisfaction_Rating: '6' }),
        row({ Ticket_ID: '4', Customer_Email: '' }),
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SupportTicketsPlanError);
    expect((thrown as SupportTicketsPlanError).problems).toEqual([
      'line 2: Ticket_Priority "Urgent" is not Low, Medium, High or Critical',
      'line 3: Ticket_ID 1 appears twice',
      'line 3: Ticket_Channel "Fax" is not Email, Phone, Chat or Social media',
      'line 4: First_Response_Time "soon" is not a time YYYY-MM-DD HH:MM',
      'line 4: Customer_Satisfaction_Rating "6" is not a whole number from 1 to 5',
      'line 5: Customer_Email is blank (a ticket needs its customer)',
    ]);
  });
});
