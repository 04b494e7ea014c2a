-- index access methods: btree, hash, gin, gist, brin, spgist; multi-column gin and gist
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE events (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  session_token text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  payload jsonb,
  occurred_at timestamptz NOT NULL,
  during tstzrange,
  client_ip inet,
  location point,
  body tsvector
);

CREATE INDEX events_session_hash ON events USING hash (session_token);
CREATE INDEX events_tags_gin ON events USING gin (tags);
CREATE INDEX events_payload_gin ON events USING gin (payload);
CREATE INDEX events_body_gin ON events USING GIN (body);
CREATE INDEX events_during_gist ON events USING gist (during);
CREATE INDEX events_org_during_gist ON events USING gist (org_id, during);
CREATE INDEX events_location_spgist ON events USING spgist (location);
CREATE INDEX events_ip_spgist ON events USING spgist (client_ip);
CREATE INDEX events_occurred_brin ON events USING brin (occurred_at);
CREATE INDEX events_org_occurred_brin ON events USING brin (org_id, occurred_at) WITH (pages_per_range = 64, autosummarize = on);
CREATE INDEX events_ip_gist ON events USING gist (client_ip inet_ops);
CREATE INDEX events_btree_explicit ON events USING btree (org_id);
