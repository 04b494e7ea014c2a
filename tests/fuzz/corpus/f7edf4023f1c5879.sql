-- views: joins, aggregates, column aliases, WITH (security_barrier), security_invoker (PG15), CHECK OPTION, views in other schemas
CREATE SCHEMA reporting;
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL, plan text NOT NULL DEFAULT 'free');
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs,
  email text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  deleted_at timestamptz
);

CREATE VIEW active_users AS
  SELECT id, org_id, email FROM users WHERE deleted_at IS NULL;

CREATE VIEW reporting.org_user_counts (org_id, org_name, user_count) AS
  SELECT o.id, o.name, count(u.id)
  FROM orgs o LEFT JOIN users u ON u.org_id = o.id AND u.deleted_at IS NULL
  GROUP BY o.id, o.name;

CREATE VIEW tenant_users WITH (security_barrier) AS
  SELECT u.id, u.email FROM users u
  WHERE u.org_id = current_setting('app.org_id', true)::bigint;

CREATE VIEW admin_users WITH (security_invoker = true, security_barrier = false) AS
  SELECT id, email FROM users WHERE is_admin;

CREATE VIEW paid_orgs AS
  SELECT id, name, plan FROM orgs WHERE plan <> 'free'
  WITH LOCAL CHECK OPTION;
CREATE VIEW enterprise_orgs AS
  SELECT * FROM paid_orgs WHERE plan = 'enterprise'
  WITH CASCADED CHECK OPTION;

CREATE OR REPLACE VIEW reporting.plans AS
  SELECT DISTINCT plan FROM orgs ORDER BY plan;
CREATE VIEW reporting.constants AS SELECT 1 AS one, 'x'::text AS letter, now() AS at;
CREATE RECURSIVE VIEW reporting.numbers (n) AS
  VALUES (1) UNION ALL SELECT n + 1 FROM numbers WHERE n < 10;
ALTER VIEW tenant_users SET (security_barrier = false);
ALTER VIEW active_users SET (security_barrier);
ALTER VIEW admin_users RESET (security_barrier);
