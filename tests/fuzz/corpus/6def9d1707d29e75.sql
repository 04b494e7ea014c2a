-- constraint lifecycle in a migration: ADD, RENAME CONSTRAINT, DROP CONSTRAINT (IF EXISTS, CASCADE), replace a check, rename keeps the index in step
CREATE TABLE orgs (id bigint PRIMARY KEY, slug text NOT NULL, plan text NOT NULL DEFAULT 'free');
CREATE TABLE api_keys (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  prefix text NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  CONSTRAINT api_keys_prefix_len CHECK (length(prefix) = 8)
);

ALTER TABLE orgs ADD CONSTRAINT orgs_slug_key UNIQUE (slug);
ALTER TABLE orgs ADD CONSTRAINT orgs_plan_check CHECK (plan IN ('free', 'pro'));
ALTER TABLE api_keys ADD CONSTRAINT api_keys_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);

-- renaming a UNIQUE / PK constraint renames its index too
ALTER TABLE orgs RENAME CONSTRAINT orgs_slug_key TO orgs_slug_unique;
ALTER TABLE orgs RENAME CONSTRAINT orgs_pkey TO orgs_primary;
ALTER TABLE api_keys RENAME CONSTRAINT api_keys_prefix_len TO api_keys_prefix_length_check;

-- widen an enumerated check: drop and re-add under the same name in one statement
ALTER TABLE orgs
  DROP CONSTRAINT orgs_plan_check,
  ADD CONSTRAINT orgs_plan_check CHECK (plan IN ('free', 'pro', 'enterprise'));

-- a unique constraint that an FK depends on needs CASCADE, which drops the FK
CREATE TABLE invites (id bigint PRIMARY KEY, org_slug text REFERENCES orgs (slug));
ALTER TABLE orgs DROP CONSTRAINT orgs_slug_unique CASCADE;

ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (cardinality(scopes) <= 16);
ALTER TABLE api_keys DROP CONSTRAINT api_keys_org_id_fkey;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_org_fk FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE;

-- a PK rename is visible to a later FK that names no columns
ALTER TABLE invites ADD COLUMN org_id bigint REFERENCES orgs;
