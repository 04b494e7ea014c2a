-- btree indexes: unique, multi-column with DESC / NULLS FIRST / NULLS LAST, INCLUDE, ASC spelled out, ONLY on a plain table
CREATE TABLE audit_logs (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  actor_id bigint,
  action text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  ip inet
);

CREATE INDEX audit_logs_org_time_idx ON audit_logs (org_id, occurred_at DESC);
CREATE INDEX audit_logs_actor_idx ON audit_logs (actor_id NULLS FIRST);
CREATE INDEX audit_logs_time_desc_nulls_last ON audit_logs (occurred_at DESC NULLS LAST);
CREATE INDEX audit_logs_action_asc ON audit_logs (action ASC, org_id ASC NULLS LAST);
CREATE INDEX audit_logs_org_covering ON audit_logs (org_id) INCLUDE (action, occurred_at);
CREATE INDEX audit_logs_desc_nulls_first ON audit_logs USING btree (actor_id DESC NULLS FIRST, id);

CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint NOT NULL, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_uidx ON users (email);
CREATE UNIQUE INDEX users_org_email_uidx ON users (org_id, email) INCLUDE (id);
CREATE UNIQUE INDEX users_nnd_idx ON users (org_id, deleted_at) NULLS NOT DISTINCT;
CREATE INDEX users_org_idx ON ONLY users (org_id);
