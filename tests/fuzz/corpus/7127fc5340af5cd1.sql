CREATE TABLE audit_logs (id bigint NOT NULL, created_at timestamptz NOT NULL, action text NOT NULL);
CREATE TABLE audit_logs_2024 (id bigint NOT NULL, created_at timestamptz NOT NULL, action text NOT NULL);
ALTER TABLE audit_logs ATTACH PARTITION audit_logs_2024
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
