-- SET SCHEMA moves: tables (with owned sequences, indexes, constraints), views, matviews, sequences, types, domains, functions
CREATE SCHEMA archive;
CREATE SCHEMA billing;

CREATE TYPE invoice_status AS ENUM ('open', 'paid');
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TABLE invoices (
  id bigserial PRIMARY KEY,
  status invoice_status NOT NULL DEFAULT 'open',
  total cents NOT NULL DEFAULT 0,
  number int GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX invoices_status_idx ON invoices (status);
CREATE VIEW open_invoices AS SELECT id, total FROM invoices WHERE status = 'open';
CREATE MATERIALIZED VIEW invoice_totals AS SELECT status, sum(total) AS total FROM invoices GROUP BY status;
CREATE SEQUENCE credit_note_seq;
CREATE FUNCTION invoice_total(p_id bigint) RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT total FROM invoices WHERE id = p_id $$;

ALTER TABLE invoices SET SCHEMA billing;
ALTER TYPE invoice_status SET SCHEMA billing;
ALTER DOMAIN cents SET SCHEMA billing;
ALTER VIEW open_invoices SET SCHEMA billing;
ALTER MATERIALIZED VIEW invoice_totals SET SCHEMA billing;
ALTER SEQUENCE credit_note_seq SET SCHEMA billing;
ALTER FUNCTION invoice_total(bigint) SET SCHEMA billing;

CREATE TABLE legacy_invoices (id int PRIMARY KEY, invoice_id bigint REFERENCES billing.invoices);
ALTER TABLE IF EXISTS legacy_invoices SET SCHEMA archive;
ALTER TABLE IF EXISTS missing SET SCHEMA archive;
ALTER TABLE archive.legacy_invoices RENAME TO invoices;
