-- composite types: CREATE TYPE AS (...), ALTER TYPE ADD/DROP/RENAME ATTRIBUTE, ALTER ATTRIBUTE TYPE, nested and array use in columns and functions
CREATE TYPE address AS (
  line1 text,
  line2 text,
  city text,
  postal_code varchar(16),
  country char(2)
);
CREATE TYPE money_amount AS (currency char(3), cents bigint);
CREATE TYPE billing_profile AS (
  legal_name text,
  address address,
  vat_id text,
  credit money_amount
);
CREATE TYPE empty_marker AS ();

ALTER TYPE address ADD ATTRIBUTE region text;
ALTER TYPE address DROP ATTRIBUTE line2;
ALTER TYPE address RENAME ATTRIBUTE postal_code TO zip;
ALTER TYPE money_amount ALTER ATTRIBUTE cents TYPE numeric(18,0);
ALTER TYPE billing_profile ADD ATTRIBUTE tax_exempt boolean, ADD ATTRIBUTE notes text COLLATE "C";
ALTER TYPE address ALTER ATTRIBUTE zip SET DATA TYPE varchar(20);

CREATE TABLE orgs (
  id bigint PRIMARY KEY,
  billing billing_profile,
  shipping_addresses address[] NOT NULL DEFAULT '{}',
  balance money_amount DEFAULT ROW('EUR', 0)::money_amount
);
-- attributes of a type that columns use can change; CASCADE (needed only for typed tables) is accepted
ALTER TYPE address ADD ATTRIBUTE attention_of text CASCADE;
ALTER TYPE address RENAME ATTRIBUTE attention_of TO attn CASCADE;

CREATE FUNCTION format_address(a address) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT concat_ws(', ', a.line1, a.city, a.zip, a.country) $$;

ALTER TYPE empty_marker RENAME TO marker;
CREATE SCHEMA types;
ALTER TYPE marker SET SCHEMA types;
ALTER TYPE money_amount OWNER TO app_owner;
