CREATE SCHEMA audit;
CREATE TABLE audit.audit_logs (id bigint PRIMARY KEY, action text NOT NULL);
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    total numeric(12,2) NOT NULL
);
