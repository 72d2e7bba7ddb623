/** Builds the reporting tree of an account's people from flat rows (pure; the query feeds it). */
export interface OrgChartContact {
  contactId: string;
  name: string;
  title: string | null;
  department: string | null;
  email: string | null;
  reportsToId: string | null;
}

export interface OrgChartNode extends OrgChartContact {
  reports: OrgChartNode[];
}

/**
 * Roots are the people whose manager is unknown or works elsewhere (a subsidiary's head reporting to
 * the group's CEO is a root of the subsidiary's chart). A cycle (impossible through the deciders, but
 * read models may be hand-edited) is broken where it is first met, so every contact appears once.
 */
export const buildOrgChart = (contacts: readonly OrgChartContact[]): OrgChartNode[] => {
  const byId = new Map(contacts.map((c) => [c.contactId, c]));
  const children = new Map<string, OrgChartContact[]>();
  for (const c of contacts) {
    if (c.reportsToId !== null && byId.has(c.reportsToId) && c.reportsToId !== c.contactId)
      children.set(c.reportsToId, [...(children.get(c.reportsToId) ?? []), c]);
  }
  const byName = (a: OrgChartContact, b: OrgChartContact) =>
    a.name.localeCompare(b.name) || a.contactId.localeCompare(b.contactId);
  const placed = new Set<string>();
  const node = (c: OrgChartContact): OrgChartNode => {
    placed.add(c.contactId);
    const reports = (children.get(c.contactId) ?? []).filter((r) => !placed.has(r.contactId)).sort(byName);
    for (const r of reports) placed.add(r.contactId);
    return { ...c, reports: reports.map((r) => node(r)) };
  };
  const roots = contacts.filter(
    (c) => c.reportsToId === null || !byId.has(c.reportsToId) || c.reportsToId === c.contactId,
  );
  const chart = [...roots].sort(byName).map(node);
  // Whatever a cycle kept out of the roots becomes a root of its own.
  for (const c of [...contacts].sort(byName)) if (!placed.has(c.contactId)) chart.push(node(c));
  return chart;
};
