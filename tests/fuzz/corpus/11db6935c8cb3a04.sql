-- UNIQUE constraints: column/table level, multi-column, NULLS NOT DISTINCT (PG15), DEFERRABLE, INCLUDE, WITH storage
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  email text NOT NULL UNIQUE,
  username text CONSTRAINT users_username_uq UNIQUE,
  external_id text UNIQUE NULLS NOT DISTINCT,
  phone text UNIQUE NULLS DISTINCT,
  UNIQUE (org_id, username)
);

CREATE TABLE memberships (
  org_id bigint NOT NULL,
  user_id bigint NOT NULL,
  team_id bigint,
  position int NOT NULL,
  CONSTRAINT memberships_org_user_team_key UNIQUE NULLS NOT DISTINCT (org_id, user_id, team_id),
  CONSTRAINT memberships_position_key UNIQUE (org_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE api_keys (
  id bigint PRIMARY KEY,
  prefix text NOT NULL,
  last_used_at timestamptz,
  UNIQUE (prefix) INCLUDE (last_used_at) WITH (fillfactor = 80)
);

ALTER TABLE api_keys ADD UNIQUE (id, prefix);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_prefix_immediate UNIQUE (prefix, id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE memberships ADD UNIQUE NULLS NOT DISTINCT (team_id, position);
