CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    total_cents bigint NOT NULL
);
ALTER TABLE invoices ALTER COLUMN amount SET NOT NULL;
