CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE TABLE invoice_lines (id bigint PRIMARY KEY, invoice_id bigint REFERENCES invoices (id));
/* line items were renamed to invoice_lines */ DROP TABLE invoice_items;
