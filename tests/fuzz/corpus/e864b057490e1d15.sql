-- GRANT/REVOKE on tables and columns: privilege lists, ALL PRIVILEGES, WITH GRANT OPTION, ALL TABLES IN SCHEMA, PUBLIC, views
CREATE SCHEMA app;
CREATE TABLE app.orgs (id bigint PRIMARY KEY, name text NOT NULL, billing_email text);
CREATE TABLE app.users (id bigint PRIMARY KEY, org_id bigint NOT NULL, email text NOT NULL, password_hash text);
CREATE TABLE app.audit_logs (id bigint PRIMARY KEY, body jsonb);
CREATE VIEW app.user_directory AS SELECT id, org_id, email FROM app.users;

GRANT SELECT ON app.orgs TO app_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.orgs, app.users TO app_writer;
GRANT ALL PRIVILEGES ON TABLE app.audit_logs TO app_owner WITH GRANT OPTION;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO app_reader;
GRANT INSERT ON app.audit_logs TO app_writer;
GRANT TRUNCATE, REFERENCES, TRIGGER ON app.users TO app_owner;
GRANT SELECT ON app.user_directory TO PUBLIC;

-- column privileges
GRANT SELECT (id, org_id, email), UPDATE (email) ON app.users TO app_reader;
GRANT UPDATE (name, billing_email) ON app.orgs TO app_writer;
GRANT INSERT (id, body) ON app.audit_logs TO app_reader;

-- revokes: whole-table, column, grant option only
REVOKE SELECT ON app.users FROM app_reader;
REVOKE UPDATE (email) ON app.users FROM app_reader;
REVOKE DELETE ON app.orgs FROM app_writer;
REVOKE GRANT OPTION FOR ALL PRIVILEGES ON app.audit_logs FROM app_owner;
REVOKE ALL ON app.user_directory FROM PUBLIC;
GRANT SELECT ON app.user_directory TO app_reader, app_writer;
REVOKE TRUNCATE ON app.users FROM app_owner CASCADE;

-- a grant survives a rename; a dropped column takes its column grant along
ALTER TABLE app.orgs RENAME TO organizations;
ALTER TABLE app.organizations DROP COLUMN billing_email;
