CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    total numeric(12,2) NOT NULL,
    CONSTRAINT invoices_total_nonnegative CHECK (total >= 0)
);
ALTER TABLE invoices DROP CONSTRAINT invoices_total_check;
