-- partition swap: audit_logs turned into a monthly-partitioned table under the same name, the old table attached as a partition, view/grants/policy carried over
CREATE TABLE audit_logs (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL,
  action text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_org_idx ON audit_logs (org_id);
CREATE VIEW recent_audit AS SELECT * FROM audit_logs WHERE occurred_at > now() - interval '1 day';
GRANT SELECT ON audit_logs TO app_reader;
GRANT INSERT ON audit_logs TO app_writer;
INSERT INTO audit_logs (org_id, action, occurred_at) VALUES (1, 'login', '2024-05-03 10:00:00+00');

BEGIN;
DROP VIEW recent_audit;
ALTER TABLE audit_logs RENAME TO audit_logs_legacy;
ALTER TABLE audit_logs_legacy DROP CONSTRAINT audit_logs_pkey;
ALTER INDEX audit_logs_org_idx RENAME TO audit_logs_legacy_org_idx;
ALTER TABLE audit_logs_legacy ADD PRIMARY KEY (id, occurred_at);
ALTER TABLE audit_logs_legacy ADD CONSTRAINT audit_logs_legacy_bounds
  CHECK (occurred_at >= '2000-01-01 00:00:00+00' AND occurred_at < '2024-06-01 00:00:00+00');

CREATE TABLE audit_logs (
  id bigint NOT NULL DEFAULT nextval('audit_logs_id_seq'),
  org_id bigint NOT NULL,
  action text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE audit_logs_id_seq OWNED BY audit_logs.id;
ALTER TABLE audit_logs ATTACH PARTITION audit_logs_legacy
  FOR VALUES FROM ('2000-01-01 00:00:00+00') TO ('2024-06-01 00:00:00+00');
ALTER TABLE audit_logs_legacy DROP CONSTRAINT audit_logs_legacy_bounds;
CREATE TABLE audit_logs_2024_06 PARTITION OF audit_logs FOR VALUES FROM ('2024-06-01 00:00:00+00') TO ('2024-07-01 00:00:00+00');
CREATE TABLE audit_logs_2024_07 PARTITION OF audit_logs FOR VALUES FROM ('2024-07-01 00:00:00+00') TO ('2024-08-01 00:00:00+00');
CREATE INDEX audit_logs_org_idx ON ONLY audit_logs (org_id);
ALTER INDEX audit_logs_org_idx ATTACH PARTITION audit_logs_legacy_org_idx;
CREATE INDEX audit_logs_2024_06_org_idx ON audit_logs_2024_06 (org_id);
CREATE INDEX audit_logs_2024_07_org_idx ON audit_logs_2024_07 (org_id);
ALTER INDEX audit_logs_org_idx ATTACH PARTITION audit_logs_2024_06_org_idx;
ALTER INDEX audit_logs_org_idx ATTACH PARTITION audit_logs_2024_07_org_idx;
CREATE VIEW recent_audit AS SELECT * FROM audit_logs WHERE occurred_at > now() - interval '1 day';
GRANT SELECT ON audit_logs TO app_reader;
GRANT INSERT ON audit_logs TO app_writer;
REVOKE ALL ON audit_logs_legacy FROM app_reader, app_writer;
COMMIT;
