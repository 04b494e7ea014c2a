-- transaction control in a script: BEGIN/COMMIT, ROLLBACK undoes DDL, SAVEPOINT / ROLLBACK TO, START TRANSACTION, END
BEGIN;
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs);
COMMIT;

-- rolled back: none of this exists at the end
BEGIN;
CREATE TABLE scratch (id int);
ALTER TABLE orgs ADD COLUMN tmp int;
DROP TABLE users;
ROLLBACK;

-- partially rolled back through a savepoint
BEGIN;
ALTER TABLE orgs ADD COLUMN plan text NOT NULL DEFAULT 'free';
SAVEPOINT before_index;
CREATE INDEX orgs_plan_idx ON orgs (plan);
ALTER TABLE orgs RENAME COLUMN name TO title;
ROLLBACK TO SAVEPOINT before_index;
CREATE INDEX orgs_plan_name_idx ON orgs (plan, name);
SAVEPOINT sp2;
ALTER TABLE users ADD COLUMN email text;
RELEASE SAVEPOINT sp2;
COMMIT;

START TRANSACTION ISOLATION LEVEL SERIALIZABLE;
CREATE TABLE projects (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs);
END;

BEGIN;
CREATE TYPE project_state AS ENUM ('active', 'archived');
ALTER TABLE projects ADD COLUMN state project_state NOT NULL DEFAULT 'active';
ABORT;

BEGIN TRANSACTION;
COMMENT ON TABLE projects IS 'kept';
COMMIT WORK;
