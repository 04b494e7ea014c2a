CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL,
    total numeric(12,2) NOT NULL,
    paid_at timestamptz
);
CREATE VIEW unpaid_invoices AS
    SELECT id, org_id, total FROM invoices WHERE paid_at IS NULL;
DROP TABLE invoices;
