-- composite primary key conversion: PRIMARY KEY (id) becomes PRIMARY KEY (org_id, id) on three tables, every FK rewired to the composite key
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE projects (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs, name text NOT NULL);
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs,
  project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  parent_id bigint REFERENCES tasks
);
CREATE TABLE comments (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  task_id bigint NOT NULL REFERENCES tasks ON DELETE CASCADE,
  body text
);

-- 1. unique indexes on (org_id, id), built without blocking writes
CREATE UNIQUE INDEX CONCURRENTLY projects_org_id_id_key ON projects (org_id, id);
CREATE UNIQUE INDEX CONCURRENTLY tasks_org_id_id_key ON tasks (org_id, id);
CREATE UNIQUE INDEX CONCURRENTLY comments_org_id_id_key ON comments (org_id, id);

-- 2. new composite FKs, NOT VALID, then validated
ALTER TABLE tasks ADD CONSTRAINT tasks_project_fkey FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id) ON DELETE CASCADE NOT VALID;
ALTER TABLE tasks ADD CONSTRAINT tasks_parent_fkey FOREIGN KEY (org_id, parent_id) REFERENCES tasks (org_id, id) NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_task_fkey FOREIGN KEY (org_id, task_id) REFERENCES tasks (org_id, id) ON DELETE CASCADE NOT VALID;
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_project_fkey;
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_parent_fkey;
ALTER TABLE comments VALIDATE CONSTRAINT comments_task_fkey;

-- 3. old single-column FKs dropped, primary keys swapped onto the new indexes
ALTER TABLE comments DROP CONSTRAINT comments_task_id_fkey;
ALTER TABLE tasks DROP CONSTRAINT tasks_project_id_fkey, DROP CONSTRAINT tasks_parent_id_fkey;
ALTER TABLE projects DROP CONSTRAINT projects_pkey, ADD CONSTRAINT projects_pkey PRIMARY KEY USING INDEX projects_org_id_id_key;
ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD CONSTRAINT tasks_pkey PRIMARY KEY USING INDEX tasks_org_id_id_key;
ALTER TABLE comments DROP CONSTRAINT comments_pkey, ADD CONSTRAINT comments_pkey PRIMARY KEY USING INDEX comments_org_id_id_key;

-- the composite FKs now depend on the PK indexes, the FK to orgs is untouched
ALTER TABLE comments ADD CONSTRAINT comments_org_fkey FOREIGN KEY (org_id) REFERENCES orgs;
