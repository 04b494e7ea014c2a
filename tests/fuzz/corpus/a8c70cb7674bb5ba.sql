CREATE SEQUENCE invoice_number_seq START 1000;
CREATE TABLE invoices (id bigint PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('invoice_number_seq'));
DROP SEQUENCE invoices_number_seq;
