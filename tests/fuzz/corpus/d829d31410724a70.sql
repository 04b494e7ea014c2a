CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    status invoice_status NOT NULL DEFAULT 'draft'
);
DROP TYPE invoice_status;
