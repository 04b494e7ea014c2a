-- partial indexes (WHERE), expression indexes (lower(email), coalesce, casts, jsonb ->>), and both together
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  email text NOT NULL,
  deleted_at timestamptz,
  status text NOT NULL DEFAULT 'active',
  profile jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_seen_at timestamptz
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_active_idx ON users (org_id) WHERE status = 'active' AND deleted_at IS NULL;
CREATE INDEX users_profile_plan_idx ON users ((profile ->> 'plan'));
CREATE INDEX users_last_seen_day_idx ON users (date_trunc('day', last_seen_at AT TIME ZONE 'UTC'));
CREATE INDEX users_org_lower_email_idx ON users (org_id, lower(email) text_pattern_ops);
CREATE INDEX users_name_idx ON users ((coalesce(profile ->> 'name', email)));
CREATE INDEX users_stale_idx ON users (last_seen_at) WHERE last_seen_at < '2024-01-01 00:00:00+00'::timestamptz;
CREATE INDEX users_status_in_idx ON users (status) WHERE status IN ('suspended', 'pending');
CREATE INDEX users_domain_idx ON users (split_part(email, '@', 2)) WHERE email LIKE '%@%';

CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  total_cents bigint NOT NULL,
  paid_at timestamptz,
  number text
);
CREATE INDEX invoices_unpaid_idx ON invoices (org_id, total_cents DESC) WHERE paid_at IS NULL;
CREATE UNIQUE INDEX invoices_number_idx ON invoices ((upper(number))) WHERE number IS NOT NULL;
CREATE INDEX invoices_total_eur_idx ON invoices (((total_cents)::numeric / 100));
