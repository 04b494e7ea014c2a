-- extensions that ship with PostgreSQL 15 and columns/indexes/defaults that use them
CREATE EXTENSION pgcrypto;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION hstore;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  email citext NOT NULL UNIQUE,
  password_hash text NOT NULL DEFAULT crypt('changeme', gen_salt('bf')),
  attributes hstore NOT NULL DEFAULT ''::hstore
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  token_digest bytea NOT NULL DEFAULT digest(gen_random_bytes(32), 'sha256'),
  legacy_id uuid DEFAULT uuid_generate_v1mc()
);

CREATE INDEX users_email_trgm_idx ON users USING gin ((email::text) gin_trgm_ops);
CREATE INDEX users_attributes_idx ON users USING gist (attributes);
CREATE INDEX api_keys_user_gist_idx ON api_keys USING gist (user_id);
