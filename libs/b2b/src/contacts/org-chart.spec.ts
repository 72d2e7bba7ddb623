import { buildOrgChart, type OrgChartContact } from './org-chart';

const person = (contactId: string, reportsToId: string | null): OrgChartContact => ({
  contactId,
  name: contactId.toUpperCase(),
  title: null,
  department: null,
  email: null,
  reportsToId,
});

const shape = (nodes: ReturnType<typeof buildOrgChart>): unknown =>
  nodes.map((n) => (n.reports.length ? { [n.contactId]: shape(n.reports) } : n.contactId));

describe('buildOrgChart', () => {
  it('nests reports under their managers, roots and siblings by name', () =>
    expect(
      shape(buildOrgChart([person('dev', 'cto'), person('cto', 'ceo'), person('ceo', null), person('cfo', 'ceo')])),
    ).toEqual([{ ceo: ['cfo', { cto: ['dev'] }] }]));

  it('makes a person whose manager works elsewhere a root', () =>
    expect(shape(buildOrgChart([person('head', 'group-ceo'), person('eng', 'head')]))).toEqual([{ head: ['eng'] }]));

  it('shows every contact once even if the rows hold a cycle', () =>
    expect(shape(buildOrgChart([person('a', 'b'), person('b', 'a'), person('c', null)]))).toEqual(['c', { a: ['b'] }]));
});
