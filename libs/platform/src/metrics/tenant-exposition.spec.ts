import { labelsOf, tenantExposition } from './tenant-exposition';

const EXPOSITION = [
  '# HELP crm_events_appended_total Events in successful appends, by tenant',
  '# TYPE crm_events_appended_total counter',
  'crm_events_appended_total{tenant="acme"} 2',
  'crm_events_appended_total{tenant="globex"} 1',
  '',
  '# HELP http_requests_total HTTP requests',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="/v1/x",status="200"} 7',
  '',
  '# HELP crm_projection_lag Lag',
  '# TYPE crm_projection_lag gauge',
  'crm_projection_lag{projection="a",note="tenant=\\"acme\\""} 3',
  'crm_projection_lag{projection="b",tenant="acme"} 0',
  'process_cpu_seconds_total 12',
  '',
].join('\n');

describe('a tenant’s view of /metrics', () => {
  it('given series of several tenants and process-wide ones, when acme scrapes, then it sees its own samples only', () =>
    expect(tenantExposition(EXPOSITION, 'acme')).toBe(
      [
        '# HELP crm_events_appended_total Events in successful appends, by tenant',
        '# TYPE crm_events_appended_total counter',
        'crm_events_appended_total{tenant="acme"} 2',
        '# HELP crm_projection_lag Lag',
        '# TYPE crm_projection_lag gauge',
        'crm_projection_lag{projection="b",tenant="acme"} 0',
        '',
      ].join('\n'),
    ));

  it('given a tenant with no series, then the view is empty', () =>
    expect(tenantExposition(EXPOSITION, 'initech')).toBe(''));

  it('given escaped quotes in a value, then labels are parsed, not searched', () => {
    expect(labelsOf('m{a="x\\"y",tenant="acme"} 1')).toEqual(
      new Map([
        ['a', 'x"y'],
        ['tenant', 'acme'],
      ]),
    );
    expect(labelsOf('m{note="tenant=\\"acme\\""} 1').get('tenant')).toBeUndefined();
    expect(labelsOf('process_cpu_seconds_total 12').size).toBe(0);
  });
});
