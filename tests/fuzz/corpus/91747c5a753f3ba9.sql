-- CREATE ... IF NOT EXISTS repeated: the second statement of each pair is a no-op
CREATE SCHEMA IF NOT EXISTS app;
CREATE SCHEMA IF NOT EXISTS app;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE IF NOT EXISTS app.orgs (id bigserial PRIMARY KEY, name text NOT NULL);
-- a different definition under the same name is skipped, not applied
CREATE TABLE IF NOT EXISTS app.orgs (id uuid PRIMARY KEY, title varchar(10));

CREATE SEQUENCE IF NOT EXISTS app.invoice_number_seq START 1000;
CREATE SEQUENCE IF NOT EXISTS app.invoice_number_seq START 5;

CREATE TABLE IF NOT EXISTS app.invoices (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES app.orgs,
  number bigint NOT NULL DEFAULT nextval('app.invoice_number_seq')
);

CREATE INDEX IF NOT EXISTS invoices_org_idx ON app.invoices (org_id);
CREATE INDEX IF NOT EXISTS invoices_org_idx ON app.invoices (number);
CREATE UNIQUE INDEX IF NOT EXISTS invoices_number_key ON app.invoices (number);

ALTER TABLE app.invoices ADD COLUMN IF NOT EXISTS paid_at timestamptz;
ALTER TABLE app.invoices ADD COLUMN IF NOT EXISTS paid_at date;
ALTER TABLE app.orgs ADD COLUMN IF NOT EXISTS plan text DEFAULT 'free', ADD COLUMN IF NOT EXISTS name text;

CREATE MATERIALIZED VIEW IF NOT EXISTS app.org_invoice_counts AS
  SELECT org_id, count(*) AS n FROM app.invoices GROUP BY org_id;
CREATE MATERIALIZED VIEW IF NOT EXISTS app.org_invoice_counts AS SELECT 1 AS one;
