-- renames: ALTER TABLE RENAME TO / RENAME COLUMN / RENAME CONSTRAINT, IF EXISTS, ONLY; generated names do not follow the new table name
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  plan text CHECK (plan IN ('free', 'pro'))
);
CREATE INDEX ON accounts (lower(email));
CREATE TABLE account_tokens (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
  token text NOT NULL
);

ALTER TABLE accounts RENAME TO customers;
ALTER TABLE customers RENAME COLUMN email TO contact_email;
ALTER TABLE customers RENAME plan TO tier;
ALTER TABLE IF EXISTS no_such_table RENAME TO still_nothing;
ALTER TABLE ONLY customers RENAME COLUMN tier TO plan_tier;
ALTER TABLE IF EXISTS customers RENAME CONSTRAINT accounts_plan_check TO customers_plan_tier_check;

-- the FK column is renamed on both sides; the FK follows
ALTER TABLE account_tokens RENAME TO customer_tokens;
ALTER TABLE customer_tokens RENAME COLUMN account_id TO customer_id;
ALTER TABLE customers RENAME COLUMN id TO customer_id;

-- a table and its column renamed to names that need quoting
CREATE TABLE staging (id int);
ALTER TABLE staging RENAME TO "Staging Area";
ALTER TABLE "Staging Area" RENAME COLUMN id TO "ID";

-- after the rename, new generated names use the new table name
ALTER TABLE customers ADD COLUMN referral_code text UNIQUE;
CREATE INDEX ON customers (plan_tier);
