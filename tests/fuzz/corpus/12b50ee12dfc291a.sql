-- COMMENT ON schema, table, column, index, constraint, view, matview, sequence, function, procedure, type, domain, trigger, policy, extension; replace and remove
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA billing;
CREATE TYPE billing.invoice_status AS ENUM ('open', 'paid');
CREATE DOMAIN billing.cents AS bigint CONSTRAINT cents_nonneg CHECK (VALUE >= 0);
CREATE TABLE billing.invoices (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL,
  status billing.invoice_status NOT NULL DEFAULT 'open',
  total billing.cents NOT NULL,
  CONSTRAINT invoices_total_cap CHECK (total < 1000000000)
);
CREATE INDEX invoices_org_idx ON billing.invoices (org_id);
CREATE VIEW billing.open_invoices AS SELECT * FROM billing.invoices WHERE status = 'open';
CREATE MATERIALIZED VIEW billing.org_totals AS SELECT org_id, sum(total) AS total FROM billing.invoices GROUP BY org_id;
CREATE FUNCTION billing.noop_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE billing.close_month(p_month date) LANGUAGE sql AS $$ SELECT p_month $$;
CREATE TRIGGER invoices_noop BEFORE INSERT ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.noop_trigger();
ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON billing.invoices USING (org_id = 1);
CREATE TYPE billing.addr AS (city text, zip text);

COMMENT ON SCHEMA billing IS 'Invoices, payments and everything money';
COMMENT ON TABLE billing.invoices IS 'One row per issued invoice';
COMMENT ON COLUMN billing.invoices.total IS 'Amount in cents, tax included';
COMMENT ON COLUMN billing.invoices.status IS E'Lifecycle state.\nSee docs/billing.md';
COMMENT ON INDEX billing.invoices_org_idx IS 'Tenant lookups';
COMMENT ON CONSTRAINT invoices_total_cap ON billing.invoices IS 'Sanity cap: ten million';
COMMENT ON CONSTRAINT invoices_pkey ON billing.invoices IS 'Surrogate key';
COMMENT ON CONSTRAINT cents_nonneg ON DOMAIN billing.cents IS 'No negative money';
COMMENT ON VIEW billing.open_invoices IS 'Unpaid invoices';
COMMENT ON MATERIALIZED VIEW billing.org_totals IS 'Refreshed nightly';
COMMENT ON SEQUENCE billing.invoices_id_seq IS 'Invoice ids';
COMMENT ON FUNCTION billing.noop_trigger() IS 'Placeholder trigger function';
COMMENT ON PROCEDURE billing.close_month(date) IS 'Month-end close';
COMMENT ON TYPE billing.invoice_status IS 'Invoice lifecycle';
COMMENT ON DOMAIN billing.cents IS 'Money in the smallest unit';
COMMENT ON TYPE billing.addr IS 'Postal address';
COMMENT ON COLUMN billing.addr.zip IS 'Postal code';
COMMENT ON TRIGGER invoices_noop ON billing.invoices IS 'Does nothing yet';
COMMENT ON POLICY invoices_tenant ON billing.invoices IS 'Tenant isolation';
COMMENT ON EXTENSION citext IS 'case-insensitive text';
COMMENT ON COLUMN billing.open_invoices.total IS 'Same as invoices.total';

-- replaced, then removed with NULL and with an empty string
COMMENT ON TABLE billing.invoices IS 'Issued invoices (one per billing period)';
COMMENT ON INDEX billing.invoices_org_idx IS NULL;
COMMENT ON COLUMN billing.invoices.org_id IS 'temporary';
COMMENT ON COLUMN billing.invoices.org_id IS '';
COMMENT ON TABLE billing.invoices IS 'It''s quoted; and has "double" quotes and $$ dollars';
