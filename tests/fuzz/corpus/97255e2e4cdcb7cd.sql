-- objects that vanish when the session ends: TEMP tables, views, sequences and ON COMMIT DROP tables; none of them are in the end state
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TEMP TABLE import_orgs (id bigint, name text);
INSERT INTO import_orgs VALUES (1, 'acme'), (2, 'globex');
INSERT INTO orgs SELECT id, name FROM import_orgs;
CREATE TEMPORARY VIEW import_names AS SELECT name FROM import_orgs;
CREATE TEMP SEQUENCE import_seq;
CREATE TEMPORARY TABLE session_flags (name text PRIMARY KEY) ON COMMIT DELETE ROWS;
BEGIN;
CREATE TEMP TABLE batch (id int) ON COMMIT DROP;
INSERT INTO batch VALUES (1);
COMMIT;
DROP TABLE import_orgs CASCADE;
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs);
