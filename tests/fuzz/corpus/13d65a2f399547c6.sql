-- audit_logs becomes a monthly-partitioned table under the same name.
ALTER TABLE audit_logs RENAME TO audit_logs_old;
CREATE TABLE audit_logs (
    id bigint NOT NULL DEFAULT nextval('audit_logs_id_seq'),
    org_id bigint NOT NULL REFERENCES orgs (id),
    actor_id bigint,
    action text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE audit_logs_2026_10 PARTITION OF audit_logs FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE audit_logs_2026_11 PARTITION OF audit_logs FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
INSERT INTO audit_logs SELECT * FROM audit_logs_old;
ALTER SEQUENCE audit_logs_id_seq OWNED BY audit_logs.id;
DROP TABLE audit_logs_old;
