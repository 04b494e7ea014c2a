-- ALTER INDEX: RENAME (also via ALTER TABLE), SET/RESET storage parameters, SET SCHEMA follows the table, ALTER INDEX IF EXISTS
CREATE SCHEMA billing;
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  number text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON invoices (org_id);
CREATE UNIQUE INDEX invoices_number_uidx ON invoices (number);
CREATE INDEX invoices_issued_idx ON invoices USING brin (issued_at);

ALTER INDEX invoices_org_id_idx RENAME TO invoices_by_org;
ALTER TABLE invoices_number_uidx RENAME TO invoices_number_unique;
ALTER INDEX IF EXISTS no_such_index RENAME TO whatever;
ALTER INDEX IF EXISTS invoices_by_org SET (fillfactor = 70);
ALTER INDEX invoices_number_unique SET (fillfactor = 85, deduplicate_items = off);
ALTER INDEX invoices_number_unique RESET (deduplicate_items);
ALTER INDEX invoices_issued_idx SET (pages_per_range = 16);
-- renaming the index behind a primary key renames the constraint as well
ALTER INDEX invoices_pkey RENAME TO invoices_pk;

-- indexes move with their table
ALTER TABLE invoices SET SCHEMA billing;
CREATE INDEX invoices_expr_idx ON billing.invoices ((org_id * 2));
ALTER INDEX billing.invoices_expr_idx ALTER COLUMN 1 SET STATISTICS 1000;
