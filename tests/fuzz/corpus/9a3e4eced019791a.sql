-- materialized views: WITH NO DATA, WITH DATA, unique index for CONCURRENTLY refresh, storage params, RENAME, SET SCHEMA
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  total_cents bigint NOT NULL,
  issued_on date NOT NULL
);
INSERT INTO invoices VALUES (1, 1, 1000, '2024-01-03'), (2, 1, 2500, '2024-02-10'), (3, 2, 900, '2024-02-11');

CREATE MATERIALIZED VIEW monthly_revenue AS
  SELECT org_id, date_trunc('month', issued_on)::date AS month, sum(total_cents) AS revenue_cents
  FROM invoices
  GROUP BY 1, 2
WITH DATA;
CREATE UNIQUE INDEX monthly_revenue_key ON monthly_revenue (org_id, month);
CREATE INDEX ON monthly_revenue (month DESC);
REFRESH MATERIALIZED VIEW CONCURRENTLY monthly_revenue;

CREATE MATERIALIZED VIEW org_totals (org_id, invoice_count, total_cents)
  WITH (fillfactor = 90) AS
  SELECT org_id, count(*), sum(total_cents) FROM invoices GROUP BY org_id
WITH NO DATA;
REFRESH MATERIALIZED VIEW org_totals;

CREATE MATERIALIZED VIEW IF NOT EXISTS top_orgs AS
  SELECT org_id FROM invoices GROUP BY org_id ORDER BY sum(total_cents) DESC LIMIT 10
WITH NO DATA;

CREATE SCHEMA analytics;
ALTER MATERIALIZED VIEW org_totals RENAME TO org_invoice_totals;
ALTER MATERIALIZED VIEW org_invoice_totals RENAME COLUMN total_cents TO revenue_cents;
ALTER MATERIALIZED VIEW org_invoice_totals SET SCHEMA analytics;
ALTER MATERIALIZED VIEW analytics.org_invoice_totals SET (autovacuum_enabled = false);
ALTER MATERIALIZED VIEW top_orgs OWNER TO app_owner;
ALTER INDEX monthly_revenue_month_idx RENAME TO monthly_revenue_by_month;
