-- indexes on partitioned tables: cascaded child index names, unique including the key, partition-local indexes, ON ONLY + ATTACH
CREATE TABLE audit_logs (
  org_id bigint NOT NULL,
  id bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  action text NOT NULL,
  actor_email text
) PARTITION BY LIST (org_id);
CREATE TABLE audit_logs_org_1 PARTITION OF audit_logs FOR VALUES IN (1);
CREATE TABLE audit_logs_org_2 PARTITION OF audit_logs FOR VALUES IN (2);

CREATE UNIQUE INDEX audit_logs_org_id_uidx ON audit_logs (org_id, id);
CREATE INDEX ON audit_logs (occurred_at DESC);
CREATE INDEX audit_logs_email_idx ON audit_logs (lower(actor_email)) WHERE actor_email IS NOT NULL;

-- a new partition gets the parent's indexes automatically
CREATE TABLE audit_logs_org_3 PARTITION OF audit_logs FOR VALUES IN (3);

-- a partition that already has a matching index reuses it on ATTACH (no duplicate is built)
CREATE TABLE audit_logs_org_4 (LIKE audit_logs);
CREATE INDEX audit_logs_org_4_when ON audit_logs_org_4 (occurred_at DESC);
ALTER TABLE audit_logs ATTACH PARTITION audit_logs_org_4 FOR VALUES IN (4);

-- a partition-local index that the parent does not have
CREATE INDEX audit_logs_org_1_action_idx ON audit_logs_org_1 (action);

-- parent-only index, valid once every partition's index is attached
CREATE INDEX audit_logs_action_idx ON ONLY audit_logs (action);
ALTER INDEX audit_logs_action_idx ATTACH PARTITION audit_logs_org_1_action_idx;
CREATE INDEX audit_logs_org_2_action_idx ON audit_logs_org_2 (action);
ALTER INDEX audit_logs_action_idx ATTACH PARTITION audit_logs_org_2_action_idx;
-- org_3 and org_4 are not attached: audit_logs_action_idx stays invalid
