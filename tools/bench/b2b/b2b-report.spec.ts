import { renderB2bSection, type B2bReport } from './b2b-report';

const latency = { count: 10, p50: 3.456, p99: 12.34, max: 20, mean: 4 };

describe('renderB2bSection', () => {
  const report: B2bReport = {
    date: '2026-11-23 18:00 UTC',
    command: 'npm run bench:b2b',
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      ramGiB: 4,
      node: '20.20.2',
      sqlite: '3.50.0',
      disk: 'ext4 on /dev/sda1',
      loadAtStart: 0.5,
    },
    connections: 16,
    durationMs: 10_000,
    http: [{ label: 'POST /v1/b2b/interactions', requestsPerSecond: 1234.4, latency, failures: 'none' }],
    import: { label: 'import', events: 15_596, seconds: 12.04 },
    rebuilds: [{ label: 'rebuild b2b-accounts', events: 15_596, seconds: 2, note: '85 accounts' }],
    checks: ['won 4,238'],
  };

  it('renders the HTTP and rebuild tables with rates from events and seconds', () => {
    const section = renderB2bSection(report);
    expect(section).toContain('| POST /v1/b2b/interactions | 1,234 | 3.46 | 12.3 | none |');
    expect(section).toContain('| import | 15,596 | 12.0 | 1,295 |  |');
    expect(section).toContain('| rebuild b2b-accounts | 15,596 | 2.0 | 7,798 | 85 accounts |');
    expect(section).toContain('Checked after the run: won 4,238.');
  });
});
