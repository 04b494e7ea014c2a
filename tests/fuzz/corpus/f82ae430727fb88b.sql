-- sequence lifecycle: OWNED BY, ALTER SEQUENCE RESTART/INCREMENT/MAXVALUE/AS, OWNED BY NONE, RENAME, SET SCHEMA, serial-owned sequences
CREATE TABLE orgs (id serial PRIMARY KEY, name text);
CREATE TABLE projects (id bigint PRIMARY KEY, org_id int REFERENCES orgs, code int);

CREATE SEQUENCE project_ids;
ALTER TABLE projects ALTER COLUMN id SET DEFAULT nextval('project_ids');
ALTER SEQUENCE project_ids OWNED BY projects.id;
ALTER SEQUENCE project_ids RESTART WITH 500;
ALTER SEQUENCE project_ids INCREMENT BY 2;
ALTER SEQUENCE project_ids MAXVALUE 1000000 CACHE 5;

-- serial: the sequence is owned by the column; widen it to bigint
ALTER SEQUENCE orgs_id_seq AS bigint;
ALTER TABLE orgs ALTER COLUMN id TYPE bigint;
ALTER SEQUENCE orgs_id_seq MAXVALUE 9223372036854775807;

CREATE SEQUENCE project_code_seq START 10 OWNED BY projects.code;
ALTER TABLE projects ALTER COLUMN code SET DEFAULT nextval('project_code_seq');
ALTER SEQUENCE project_code_seq OWNED BY NONE;

CREATE SCHEMA shared;
CREATE SEQUENCE global_ids;
ALTER SEQUENCE global_ids RENAME TO global_id_seq;
ALTER SEQUENCE global_id_seq SET SCHEMA shared;
ALTER SEQUENCE IF EXISTS missing_seq RESTART;
ALTER SEQUENCE shared.global_id_seq START WITH 42 RESTART;
ALTER SEQUENCE shared.global_id_seq NO CYCLE MINVALUE 1;
ALTER SEQUENCE shared.global_id_seq OWNER TO app_owner;

-- dropping the owning column drops an owned sequence
CREATE TABLE legacy (id serial, note text);
ALTER TABLE legacy DROP COLUMN id;
