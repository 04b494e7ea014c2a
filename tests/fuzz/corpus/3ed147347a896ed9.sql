-- domains: CHECK (named/unnamed), NOT NULL, DEFAULT, over arrays and varchar; ALTER DOMAIN ADD/DROP/RENAME/VALIDATE CONSTRAINT, SET/DROP DEFAULT and NOT NULL
CREATE DOMAIN email_address AS text
  CHECK (VALUE ~ '^[^@\s]+@[^@\s]+$');
CREATE DOMAIN positive_cents AS bigint NOT NULL DEFAULT 0 CONSTRAINT positive_cents_nonneg CHECK (VALUE >= 0);
CREATE DOMAIN slug AS varchar(64) CHECK (VALUE = lower(VALUE)) CHECK (length(VALUE) >= 2);
CREATE DOMAIN tag_list AS text[] DEFAULT '{}' CHECK (cardinality(VALUE) <= 20);
CREATE DOMAIN percentage AS numeric(5,2) CONSTRAINT percentage_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE DOMAIN timezone_name AS text NULL;

CREATE TABLE orgs (
  id bigint PRIMARY KEY,
  slug slug NOT NULL UNIQUE,
  billing_email email_address,
  balance positive_cents,
  tags tag_list,
  discount percentage DEFAULT 0,
  tz timezone_name DEFAULT 'UTC'
);

ALTER DOMAIN email_address ADD CONSTRAINT email_address_length CHECK (length(VALUE) <= 320);
ALTER DOMAIN email_address ADD CONSTRAINT email_address_lower CHECK (VALUE = lower(VALUE)) NOT VALID;
ALTER DOMAIN slug DROP CONSTRAINT slug_check1;
ALTER DOMAIN percentage RENAME CONSTRAINT percentage_range TO percentage_bounds;
ALTER DOMAIN tag_list SET DEFAULT ARRAY['new']::text[];
ALTER DOMAIN positive_cents DROP DEFAULT;
ALTER DOMAIN positive_cents DROP NOT NULL;
ALTER DOMAIN timezone_name SET NOT NULL;
ALTER DOMAIN timezone_name SET DEFAULT 'Etc/UTC';

CREATE DOMAIN legacy_code AS char(4);
ALTER DOMAIN legacy_code RENAME TO short_code;
CREATE SCHEMA types;
ALTER DOMAIN short_code SET SCHEMA types;
ALTER DOMAIN types.short_code OWNER TO app_owner;
ALTER TABLE orgs ADD COLUMN code types.short_code;
ALTER DOMAIN email_address VALIDATE CONSTRAINT email_address_lower;
