-- a realistic multi-tenant SaaS schema in one file: 15 tables, enums, FKs with actions, partial/expression indexes, partitioned audit log, RLS, view, grants
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member', 'billing');
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');
CREATE TYPE plan_interval AS ENUM ('month', 'year');

CREATE TABLE plans (code text PRIMARY KEY, name text NOT NULL, price_cents int NOT NULL CHECK (price_cents >= 0),
  interval plan_interval NOT NULL DEFAULT 'month', seat_limit int, active boolean NOT NULL DEFAULT true);
CREATE TABLE orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), slug citext NOT NULL UNIQUE, name text NOT NULL,
  plan_code text NOT NULL DEFAULT 'free' REFERENCES plans ON UPDATE CASCADE, settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email citext NOT NULL UNIQUE, full_name text,
  password_hash text, email_verified_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE memberships (org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE, user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  role member_role NOT NULL DEFAULT 'member', invited_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (org_id, user_id));
CREATE INDEX memberships_user_idx ON memberships (user_id);
CREATE TABLE invitations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  email citext NOT NULL, role member_role NOT NULL DEFAULT 'member', token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL DEFAULT now() + interval '7 days', accepted_at timestamptz);
CREATE UNIQUE INDEX invitations_pending_key ON invitations (org_id, email) WHERE accepted_at IS NULL;
CREATE TABLE teams (org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE, id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL, PRIMARY KEY (org_id, id), UNIQUE (org_id, name));
CREATE TABLE team_members (org_id uuid NOT NULL, team_id bigint NOT NULL, user_id uuid NOT NULL,
  PRIMARY KEY (org_id, team_id, user_id), FOREIGN KEY (org_id, team_id) REFERENCES teams ON DELETE CASCADE,
  FOREIGN KEY (org_id, user_id) REFERENCES memberships ON DELETE CASCADE);
CREATE TABLE projects (org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE, id bigint GENERATED ALWAYS AS IDENTITY,
  team_id bigint, name text NOT NULL, slug text NOT NULL CHECK (slug ~ '^[a-z0-9-]+$'), archived_at timestamptz,
  PRIMARY KEY (org_id, id), UNIQUE (org_id, slug), FOREIGN KEY (org_id, team_id) REFERENCES teams ON DELETE SET NULL (team_id));
CREATE INDEX projects_active_idx ON projects (org_id, name) WHERE archived_at IS NULL;
CREATE TABLE api_keys (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  created_by uuid REFERENCES users ON DELETE SET NULL, prefix varchar(12) NOT NULL, token_hash bytea NOT NULL UNIQUE,
  scopes text[] NOT NULL DEFAULT ARRAY['read']::text[], last_used_at timestamptz, revoked_at timestamptz);
CREATE INDEX api_keys_org_active_idx ON api_keys (org_id) WHERE revoked_at IS NULL;
CREATE TABLE subscriptions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  plan_code text NOT NULL REFERENCES plans, seats int NOT NULL DEFAULT 1 CHECK (seats > 0),
  current_period tstzrange NOT NULL, cancel_at timestamptz);
CREATE UNIQUE INDEX subscriptions_one_active ON subscriptions (org_id) WHERE cancel_at IS NULL;
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs ON DELETE RESTRICT,
  subscription_id bigint REFERENCES subscriptions ON DELETE SET NULL, number text NOT NULL UNIQUE,
  status invoice_status NOT NULL DEFAULT 'draft', currency char(3) NOT NULL DEFAULT 'USD',
  subtotal_cents bigint NOT NULL DEFAULT 0, tax_cents bigint NOT NULL DEFAULT 0,
  total_cents bigint GENERATED ALWAYS AS (subtotal_cents + tax_cents) STORED, issued_at timestamptz, paid_at timestamptz,
  CONSTRAINT invoices_paid_has_date CHECK (status <> 'paid' OR paid_at IS NOT NULL));
CREATE INDEX invoices_org_status_idx ON invoices (org_id, status, issued_at DESC);
CREATE TABLE invoice_lines (invoice_id bigint NOT NULL REFERENCES invoices ON DELETE CASCADE, line_no smallint NOT NULL,
  description text NOT NULL, quantity numeric(12,3) NOT NULL DEFAULT 1, unit_cents bigint NOT NULL, PRIMARY KEY (invoice_id, line_no));
CREATE TABLE payments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, invoice_id bigint NOT NULL REFERENCES invoices,
  provider text NOT NULL, provider_ref text NOT NULL, amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  received_at timestamptz NOT NULL DEFAULT now(), UNIQUE (provider, provider_ref));
CREATE TABLE webhooks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  url text NOT NULL CHECK (url LIKE 'https://%'), events text[] NOT NULL, secret bytea NOT NULL DEFAULT gen_random_bytes(32), enabled boolean NOT NULL DEFAULT true);
CREATE TABLE audit_logs (id bigint GENERATED ALWAYS AS IDENTITY, org_id uuid NOT NULL, actor_id uuid, action text NOT NULL,
  target text, metadata jsonb NOT NULL DEFAULT '{}'::jsonb, ip inet, occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, occurred_at)) PARTITION BY RANGE (occurred_at);
CREATE TABLE audit_logs_2025_01 PARTITION OF audit_logs FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00');
CREATE TABLE audit_logs_2025_02 PARTITION OF audit_logs FOR VALUES FROM ('2025-02-01 00:00:00+00') TO ('2025-03-01 00:00:00+00');
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
CREATE INDEX audit_logs_org_time_idx ON audit_logs (org_id, occurred_at DESC);
CREATE INDEX audit_logs_metadata_idx ON audit_logs USING gin (metadata jsonb_path_ops);

ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant ON projects USING (org_id = current_setting('app.org_id')::uuid);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON invoices FOR SELECT TO app_reader USING (org_id = current_setting('app.org_id')::uuid);
CREATE VIEW org_seat_usage AS SELECT m.org_id, count(*) AS members, s.seats
  FROM memberships m LEFT JOIN subscriptions s ON s.org_id = m.org_id AND s.cancel_at IS NULL GROUP BY m.org_id, s.seats;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_writer;
REVOKE UPDATE, DELETE ON audit_logs FROM app_writer;
INSERT INTO plans (code, name, price_cents, seat_limit) VALUES ('free', 'Free', 0, 3), ('team', 'Team', 4900, 25);
