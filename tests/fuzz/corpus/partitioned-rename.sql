-- RENAME COLUMN on a partitioned table renames the column in every
-- partition, at every level, with the indexes, keys, checks and partition
-- keys over it
CREATE TABLE events (
  tenant_id bigint NOT NULL,
  id bigint NOT NULL,
  kind text NOT NULL CHECK (kind <> ''),
  "Payload" jsonb,
  PRIMARY KEY (tenant_id, id, kind)
) PARTITION BY LIST (tenant_id);
CREATE INDEX events_kind_idx ON events (kind) WHERE kind <> 'noise';
CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
CREATE TABLE events_2 PARTITION OF events FOR VALUES IN (2) PARTITION BY LIST (kind);
CREATE TABLE events_2_login PARTITION OF events_2 FOR VALUES IN ('login');
CREATE TABLE events_2_other PARTITION OF events_2 DEFAULT;
CREATE INDEX events_1_payload_idx ON events_1 (("Payload" ->> 'kind'));
-- a key expression over the column (no primary key: the server refuses
-- one over an expression key)
CREATE TABLE logs (id bigint NOT NULL, kind text NOT NULL)
  PARTITION BY RANGE ((lower(kind)), id);
CREATE TABLE logs_all PARTITION OF logs DEFAULT;
ALTER TABLE events RENAME COLUMN kind TO "Event Kind";
ALTER TABLE logs RENAME kind TO "Kind";
ALTER TABLE events RENAME "Payload" TO payload;
