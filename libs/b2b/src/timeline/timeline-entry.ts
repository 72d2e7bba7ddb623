/** One line of an account's history: what happened, when, on which deal, with whom. */
export interface TimelineEntry {
  kind: string;
  /** The account it belongs to; deal events carry the deal, resolved to its account by the projection. */
  accountId: string | null;
  opportunityId: string | null;
  contactIds: string[];
  title: string;
  details: Record<string, unknown>;
  occurredAt: string;
  source: 'command' | 'ingest';
}
