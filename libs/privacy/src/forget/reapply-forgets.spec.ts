import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { FORGET_EVENT_READERS } from './reapply-forgets';

const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  type,
  schemaVersion: 1,
  streamId: 'acme/gdpr-employee:K1',
  streamVersion: 0,
  position: 7,
  data: data as RecordedEvent['data'],
  metadata: { tenantId: 'acme', occurredAt: '2026-12-07T00:00:00.000Z' },
  recordedAt: '2026-12-07T00:00:00.000Z',
});

describe('FORGET_EVENT_READERS', () => {
  it("reads an EmployeeForgotten's keys, its notice key included, and names it by pseudonym only", () => {
    // given the forget event of an employee, as the log holds it once complete (id redacted)
    const event = recorded('EmployeeForgotten', {
      employeeKey: 'K1',
      employeeId: '~redacted',
      noticeKeyId: 'employee-notice:K1',
      keyIds: ['employee:K1', 'employee-notice:K1'],
    });
    // when reapply-forgets reads it after a key-store restore
    const record = FORGET_EVENT_READERS.EmployeeForgotten(event);
    // then both keys are deleted again and the report names no one
    expect(record).toEqual({ subject: 'employee ~p:K1', keyIds: ['employee:K1', 'employee-notice:K1'] });
  });
});
