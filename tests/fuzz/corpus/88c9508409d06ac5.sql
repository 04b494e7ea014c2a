CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents
    USING (tenant_id = current_setting('app.tenant_id')::bigint);
