CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE audit_logs (id bigint PRIMARY KEY, tenant_id bigint, action text);
COMMENT ON TABLE audit_logs IS 'Append-only; never UPDATE rows;