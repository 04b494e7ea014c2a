-- enum lifecycle: CREATE TYPE AS ENUM, ADD VALUE (IF NOT EXISTS, BEFORE, AFTER), RENAME VALUE, RENAME TO, SET SCHEMA, used by columns and arrays
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid');
ALTER TYPE invoice_status ADD VALUE 'void';
ALTER TYPE invoice_status ADD VALUE 'uncollectible' AFTER 'open';
ALTER TYPE invoice_status ADD VALUE 'pending' BEFORE 'open';
ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'paid';
ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
ALTER TYPE invoice_status RENAME VALUE 'void' TO 'voided';

CREATE TYPE member_role AS ENUM ();
ALTER TYPE member_role ADD VALUE 'owner';
ALTER TYPE member_role ADD VALUE 'member';
ALTER TYPE member_role ADD VALUE 'admin' BEFORE 'member';

CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  status invoice_status NOT NULL DEFAULT 'draft',
  history invoice_status[] NOT NULL DEFAULT '{}'
);
CREATE TABLE memberships (
  org_id bigint,
  user_id bigint,
  role member_role NOT NULL DEFAULT 'member'::member_role,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX invoices_open_idx ON invoices (id) WHERE status = 'open';

-- renames and moves: columns keep pointing at the same type
CREATE SCHEMA billing;
ALTER TYPE invoice_status RENAME TO invoice_state;
ALTER TYPE invoice_state SET SCHEMA billing;
ALTER TYPE member_role OWNER TO app_owner;

CREATE TYPE "Plan Tier" AS ENUM ('free', 'pro', 'enterprise', 'with ''quote''', 'Mixed Case', 'naïve');
CREATE TABLE orgs (id bigint PRIMARY KEY, tier "Plan Tier" DEFAULT 'with ''quote''');
