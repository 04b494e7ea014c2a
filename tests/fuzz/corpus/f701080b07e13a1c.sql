CREATE TABLE audit_logs (
    id bigint NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE audit_logs_2024 PARTITION OF audit_logs
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
