-- OWNER TO app_owner on tables, sequences (serial ones follow their table), views, matviews, types, domains, functions, procedures, schemas
CREATE SCHEMA app AUTHORIZATION app_owner;
CREATE TABLE app.orgs (id serial PRIMARY KEY, name text);
CREATE TABLE app.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id int REFERENCES app.orgs);
CREATE SEQUENCE app.standalone_seq;
CREATE VIEW app.org_names AS SELECT name FROM app.orgs;
CREATE MATERIALIZED VIEW app.org_count AS SELECT count(*) AS n FROM app.orgs;
CREATE TYPE app.role AS ENUM ('member', 'admin');
CREATE DOMAIN app.email AS text;
CREATE TYPE app.pair AS (a int, b int);
CREATE FUNCTION app.org_total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.orgs $$;
CREATE PROCEDURE app.noop() LANGUAGE sql AS $$ SELECT 1 $$;

ALTER TABLE app.orgs OWNER TO app_owner;
ALTER TABLE app.users OWNER TO app_owner;
ALTER SEQUENCE app.standalone_seq OWNER TO app_owner;
ALTER VIEW app.org_names OWNER TO app_owner;
ALTER MATERIALIZED VIEW app.org_count OWNER TO app_owner;
ALTER TYPE app.role OWNER TO app_owner;
ALTER DOMAIN app.email OWNER TO app_owner;
ALTER TYPE app.pair OWNER TO app_owner;
ALTER FUNCTION app.org_total() OWNER TO app_owner;
ALTER PROCEDURE app.noop() OWNER TO app_owner;

-- ownership handed around: the last OWNER TO wins
CREATE SCHEMA reports;
ALTER SCHEMA reports OWNER TO app_reader;
CREATE TABLE reports.daily (day date PRIMARY KEY);
ALTER TABLE reports.daily OWNER TO app_reader;
ALTER TABLE reports.daily OWNER TO app_owner;
ALTER TABLE reports.daily OWNER TO CURRENT_USER;
ALTER TABLE reports.daily OWNER TO app_writer;
