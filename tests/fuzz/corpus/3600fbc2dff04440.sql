-- ALTER TABLE ADD/DROP COLUMN: IF [NOT] EXISTS, COLUMN keyword optional, with constraints inline, several in one statement, re-adding a dropped name
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);

ALTER TABLE users ADD COLUMN org_id bigint REFERENCES orgs ON DELETE CASCADE;
ALTER TABLE users ADD display_name varchar(100);
ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}$');
ALTER TABLE users ADD COLUMN username text UNIQUE, ADD COLUMN mfa_enabled boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN invited_by bigint CONSTRAINT users_invited_by_fk REFERENCES users (id);
ALTER TABLE users ADD COLUMN external_ref uuid DEFAULT gen_random_uuid() NOT NULL;

ALTER TABLE users DROP COLUMN display_name;
ALTER TABLE users DROP IF EXISTS display_name;
ALTER TABLE users DROP COLUMN IF EXISTS nickname;
ALTER TABLE users DROP COLUMN mfa_enabled RESTRICT;

-- re-added under an old name: it goes to the end, attnum changes
ALTER TABLE users ADD COLUMN display_name text COLLATE "C";

ALTER TABLE orgs
  ADD COLUMN plan text NOT NULL DEFAULT 'free',
  ADD COLUMN seats int CHECK (seats > 0),
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  DROP COLUMN name;
ALTER TABLE orgs ADD COLUMN name text;
-- drop a column another table's FK points at (it is the referenced unique key): CASCADE drops the FK
ALTER TABLE orgs ADD COLUMN slug text UNIQUE;
CREATE TABLE invites (id bigint PRIMARY KEY, org_slug text REFERENCES orgs (slug));
ALTER TABLE orgs DROP COLUMN slug CASCADE;
