-- GRANT/REVOKE on schemas, sequences, functions, procedures, types and domains; revoking PUBLIC defaults (EXECUTE, USAGE on public schema)
CREATE SCHEMA api;
CREATE SCHEMA internal;
CREATE SEQUENCE api.ticket_seq;
CREATE TABLE api.tickets (id bigserial PRIMARY KEY, subject text);
CREATE FUNCTION api.next_ticket() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('api.ticket_seq') $$;
CREATE FUNCTION internal.rotate_keys(p_org bigint) RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE PROCEDURE internal.purge() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TYPE api.priority AS ENUM ('low', 'high');
CREATE DOMAIN api.subject_text AS text CHECK (length(VALUE) < 200);

GRANT USAGE ON SCHEMA api TO app_reader, app_writer;
GRANT USAGE, CREATE ON SCHEMA internal TO app_owner;
GRANT CREATE ON SCHEMA api TO app_owner WITH GRANT OPTION;

GRANT USAGE, SELECT ON SEQUENCE api.ticket_seq TO app_writer;
GRANT UPDATE ON SEQUENCE api.tickets_id_seq TO app_writer;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA api TO app_reader;

REVOKE EXECUTE ON FUNCTION internal.rotate_keys(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION internal.rotate_keys(bigint) TO app_owner;
GRANT EXECUTE ON FUNCTION api.next_ticket() TO app_writer;
REVOKE ALL ON PROCEDURE internal.purge() FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE internal.purge TO app_owner;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA api TO app_reader;

REVOKE USAGE ON TYPE api.priority FROM PUBLIC;
GRANT USAGE ON TYPE api.priority TO app_writer;
GRANT USAGE ON DOMAIN api.subject_text TO app_reader;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO app_reader;
REVOKE USAGE ON SCHEMA internal FROM app_owner;
