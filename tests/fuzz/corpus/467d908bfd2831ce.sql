-- ALTER COLUMN TYPE / SET DATA TYPE with and without USING, widening and narrowing, text to enum/int/jsonb, timestamp to timestamptz, indexed and constrained columns
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid');
CREATE TABLE invoices (
  id int PRIMARY KEY,
  org_id int NOT NULL,
  number varchar(20) NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'draft' CHECK (status <> ''),
  amount numeric(10,2) NOT NULL DEFAULT 0,
  metadata text DEFAULT '{}',
  issued_at timestamp,
  paid boolean,
  external_id text
);
CREATE INDEX invoices_org_idx ON invoices (org_id);
CREATE INDEX invoices_number_lower ON invoices (lower(number));
INSERT INTO invoices (id, org_id, number, metadata, issued_at, paid, external_id)
VALUES (1, 1, 'INV-1', '{"a":1}', '2024-01-01 10:00', true, '42');

ALTER TABLE invoices ALTER COLUMN id TYPE bigint;
ALTER TABLE invoices ALTER COLUMN org_id SET DATA TYPE bigint;
ALTER TABLE invoices ALTER COLUMN number TYPE varchar(64);
ALTER TABLE invoices ALTER COLUMN number TYPE text;
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(14,4);
-- a text default cannot be cast to jsonb automatically: drop it, convert, set it again
ALTER TABLE invoices
  ALTER COLUMN metadata DROP DEFAULT,
  ALTER COLUMN metadata TYPE jsonb USING metadata::jsonb,
  ALTER COLUMN metadata SET DEFAULT '{}'::jsonb;
ALTER TABLE invoices ALTER COLUMN issued_at TYPE timestamptz USING issued_at AT TIME ZONE 'UTC';
ALTER TABLE invoices ALTER COLUMN paid TYPE smallint USING CASE WHEN paid THEN 1 ELSE 0 END;
ALTER TABLE invoices ALTER COLUMN external_id TYPE bigint USING nullif(external_id, '')::bigint;

-- text to enum: the same dance for the default; the CHECK would not survive the cast, so it goes first
ALTER TABLE invoices DROP CONSTRAINT invoices_status_check;
ALTER TABLE invoices
  ALTER COLUMN status DROP DEFAULT,
  ALTER COLUMN status TYPE invoice_status USING status::invoice_status,
  ALTER COLUMN status SET DEFAULT 'draft';

-- narrowing with USING and a collation
ALTER TABLE invoices ADD COLUMN currency text DEFAULT 'eur';
ALTER TABLE invoices ALTER COLUMN currency TYPE char(3) COLLATE "C" USING upper(currency);
