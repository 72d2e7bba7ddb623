/**
 * Tables of the PostgreSQL store, in a schema of their own (default `event_store`). `head` holds
 * the last committed position: appenders lock its single row for the whole transaction, so
 * positions are handed out gap-free and become visible strictly in order. That is what makes a
 * reader that follows `position > checkpoint` safe — the failure in Marten #5108 comes from
 * sequence-assigned positions committing out of order.
 */
export const postgresSchemaSql = (schema: string): string => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.events (
  position       bigint      PRIMARY KEY,
  tenant_id      text        NOT NULL,
  event_id       uuid        NOT NULL,
  stream_id      text        NOT NULL,
  stream_version bigint      NOT NULL,
  category       text        NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, event_id),
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS events_tenant_position ON ${schema}.events (tenant_id, position);
CREATE INDEX IF NOT EXISTS events_type_position ON ${schema}.events (type, position);
CREATE INDEX IF NOT EXISTS events_category_position ON ${schema}.events (category, position);
CREATE TABLE IF NOT EXISTS ${schema}.head (
  id       integer PRIMARY KEY CHECK (id = 1),
  position bigint  NOT NULL
);
INSERT INTO ${schema}.head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
COMMENT ON TABLE ${schema}.events IS 'The global event log: one row per event, position is gap-free and commit-ordered';
COMMENT ON COLUMN ${schema}.events.position IS 'Global position, 1, 2, 3... in commit order';
COMMENT ON COLUMN ${schema}.events.stream_id IS '<tenant>/<category>-<id>';
COMMENT ON COLUMN ${schema}.events.stream_version IS '0-based version within the stream; the current version is max(stream_version)';
COMMENT ON TABLE ${schema}.head IS 'Last committed global position; its row lock serialises appends';
`;
