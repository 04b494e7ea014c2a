-- UNLOGGED tables, SET LOGGED / SET UNLOGGED, and an unlogged table with a sequence and index
CREATE UNLOGGED TABLE session_cache (
  token text PRIMARY KEY,
  user_id bigint NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX session_cache_expires_idx ON session_cache (expires_at);

CREATE UNLOGGED TABLE rate_limits (
  id bigserial PRIMARY KEY,
  api_key_id bigint NOT NULL,
  window_start timestamptz NOT NULL,
  hits int NOT NULL DEFAULT 0,
  UNIQUE (api_key_id, window_start)
);

CREATE TABLE import_batches (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, filename text);
ALTER TABLE import_batches SET UNLOGGED;

CREATE UNLOGGED TABLE job_queue (id bigint PRIMARY KEY, payload jsonb NOT NULL DEFAULT '{}'::jsonb);
ALTER TABLE job_queue SET LOGGED;

-- round trip ends where it started
CREATE TABLE metrics_buffer (ts timestamptz, value double precision);
ALTER TABLE metrics_buffer SET UNLOGGED;
ALTER TABLE metrics_buffer SET LOGGED;
ALTER TABLE metrics_buffer SET UNLOGGED;
