-- ALTER DEFAULT PRIVILEGES: grants that later CREATEs pick up automatically (tables, sequences, functions, types), per schema and global
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO app_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON SEQUENCES TO app_writer;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO app_writer;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO app_reader;

-- created after the defaults: they carry the grants above
CREATE TABLE app.projects (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE VIEW app.project_names AS SELECT name FROM app.projects;
CREATE FUNCTION app.project_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.projects $$;
CREATE TYPE app.visibility AS ENUM ('private', 'public');

-- outside the schema only the global defaults apply
CREATE TABLE public.settings (key text PRIMARY KEY, value text);
CREATE FUNCTION public.settings_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.settings $$;

-- withdrawn: the next table gets no DELETE for app_writer
ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE DELETE ON TABLES FROM app_writer;
CREATE TABLE app.tasks (id bigint PRIMARY KEY, project_id bigint REFERENCES app.projects);
