-- SET search_path then unqualified creates land in the first schema; set_config and SET LOCAL variants
CREATE SCHEMA tenant_data;
CREATE SCHEMA shared;

SET search_path = tenant_data, public;
CREATE TABLE projects (
  id serial PRIMARY KEY,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE INDEX ON projects (name);
CREATE TYPE project_role AS ENUM ('viewer', 'editor', 'admin');
CREATE TABLE project_members (
  project_id int NOT NULL REFERENCES projects ON DELETE CASCADE,
  user_id bigint NOT NULL,
  role project_role NOT NULL DEFAULT 'viewer',
  PRIMARY KEY (project_id, user_id)
);

SELECT pg_catalog.set_config('search_path', 'shared', false);
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE SEQUENCE ticket_seq;

BEGIN;
SET LOCAL search_path TO public;
CREATE TABLE settings (key text PRIMARY KEY, value jsonb);
COMMIT;

-- back in shared (SET LOCAL ended with the transaction)
CREATE VIEW country_names AS SELECT name FROM countries;

SET search_path TO "$user", public;
CREATE TABLE feature_flags (name text PRIMARY KEY, enabled bool DEFAULT false);
ALTER TABLE tenant_data.projects ADD COLUMN country char(2) REFERENCES shared.countries;

RESET search_path;
CREATE TABLE public.notes (id int PRIMARY KEY, project_id int REFERENCES tenant_data.projects);
