CREATE TABLE audit_logs (
    id bigint PRIMARY KEY,
    tenant_id bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_tenant_created_idx ON audit_logs (tenant_id, created);
