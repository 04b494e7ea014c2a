-- one ALTER TABLE with many comma-separated subcommands, applied in PostgreSQL's order (not textual order)
CREATE TABLE subscriptions (
  id int PRIMARY KEY,
  org_id int NOT NULL,
  plan text,
  status text DEFAULT 'trial',
  started_at timestamp,
  notes text
);

ALTER TABLE subscriptions
  ALTER COLUMN id TYPE bigint,
  ALTER COLUMN org_id TYPE bigint,
  ADD COLUMN seats int NOT NULL DEFAULT 1,
  ADD COLUMN cancelled_at timestamptz,
  ALTER COLUMN plan SET NOT NULL,
  ALTER COLUMN plan SET DEFAULT 'free',
  ALTER COLUMN status DROP DEFAULT,
  ALTER COLUMN started_at TYPE timestamptz USING started_at AT TIME ZONE 'UTC',
  DROP COLUMN notes,
  ADD CONSTRAINT subscriptions_seats_positive CHECK (seats > 0),
  ADD CONSTRAINT subscriptions_status_known CHECK (status IN ('trial', 'active', 'cancelled')) NOT VALID,
  ADD UNIQUE (org_id, plan),
  SET (fillfactor = 90),
  ENABLE ROW LEVEL SECURITY,
  OWNER TO app_owner;

-- a column added and constrained in the same statement
ALTER TABLE subscriptions
  ADD COLUMN billing_email text,
  ADD CONSTRAINT subscriptions_billing_email_check CHECK (billing_email LIKE '%@%'),
  ALTER COLUMN billing_email SET DEFAULT 'billing@example.com';

-- rename cannot be combined with other subcommands, so it stands alone
ALTER TABLE subscriptions RENAME COLUMN cancelled_at TO ended_at;
