CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    total numeric(12,2) NOT NULL,
    CONSTRAINT invoices_total_check CHECK (total >= 0)
);
ALTER TABLE invoices ADD CONSTRAINT invoices_total_check CHECK (total < 1000000);
