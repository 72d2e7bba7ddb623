/**
 * Tables of the embedded store. Positions are the rowid: gap-free because one writer holds the lock.
 * Indexes are kept to what reads need: every index entry on a random key (event ids) costs a page
 * write per append under synchronous=FULL, so there is no separate streams table — the
 * (stream_id, stream_version) index answers "current version" directly.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  tenant_id      TEXT    NOT NULL,
  event_id       TEXT    NOT NULL,
  stream_id      TEXT    NOT NULL,
  stream_version INTEGER NOT NULL,
  category       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  UNIQUE (tenant_id, event_id),
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS events_tenant_position ON events (tenant_id, position);
CREATE INDEX IF NOT EXISTS events_type_position ON events (type, position);
CREATE INDEX IF NOT EXISTS events_category_position ON events (category, position);
`;
