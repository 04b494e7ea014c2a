-- view migrations: CREATE OR REPLACE VIEW adding a column at the end, ALTER VIEW RENAME / RENAME COLUMN / SET SCHEMA / column DEFAULT
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW project_list AS SELECT id, org_id, name FROM projects;
-- OR REPLACE may only append columns
CREATE OR REPLACE VIEW project_list AS SELECT id, org_id, name, archived FROM projects;
CREATE OR REPLACE VIEW project_list AS
  SELECT id, org_id, name, archived, created_at FROM projects WHERE NOT archived;

ALTER VIEW project_list RENAME TO live_projects;
ALTER VIEW live_projects RENAME COLUMN name TO project_name;
ALTER TABLE live_projects RENAME COLUMN created_at TO created;
ALTER VIEW live_projects ALTER COLUMN archived SET DEFAULT false;

CREATE SCHEMA api;
CREATE VIEW project_names AS SELECT name FROM projects;
ALTER VIEW project_names SET SCHEMA api;
ALTER VIEW IF EXISTS no_such_view RENAME TO still_none;
ALTER VIEW api.project_names OWNER TO app_owner;

-- a view over a view; replacing the inner one keeps the outer one valid
CREATE VIEW org_project_counts AS SELECT org_id, count(*) AS n FROM live_projects GROUP BY org_id;
CREATE OR REPLACE VIEW live_projects AS
  SELECT id, org_id, name AS project_name, archived, created_at AS created, (name || '#' || id) AS label
  FROM projects WHERE NOT archived;
-- renaming a table a view reads from: the view follows it
ALTER TABLE projects RENAME TO workspaces;
