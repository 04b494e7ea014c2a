-- DROP ... CASCADE removes dependent views, foreign keys, defaults and columns of a dropped type
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id),
  name text NOT NULL
);
CREATE TABLE invoices (id bigint PRIMARY KEY, org_id bigint CONSTRAINT invoices_org_fk REFERENCES orgs);
CREATE VIEW org_projects AS SELECT o.name AS org, p.name AS project FROM orgs o JOIN projects p ON p.org_id = o.id;
CREATE VIEW org_projects_count AS SELECT org, count(*) AS n FROM org_projects GROUP BY org;
CREATE VIEW project_names AS SELECT name FROM projects;

-- drops both views that read orgs and the two FKs pointing at it; projects and invoices stay
DROP TABLE orgs CASCADE;

-- a dropped enum takes its columns along
CREATE TYPE priority AS ENUM ('low', 'high');
ALTER TABLE projects ADD COLUMN priority priority DEFAULT 'low';
DROP TYPE priority CASCADE;

-- a dropped sequence takes the default that used it
CREATE SEQUENCE project_code_seq;
ALTER TABLE projects ADD COLUMN code bigint DEFAULT nextval('project_code_seq');
DROP SEQUENCE project_code_seq CASCADE;

-- a dropped function takes the column default and the check that used it
CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
ALTER TABLE projects ADD COLUMN slug text CHECK (slug = slugify(slug));
DROP FUNCTION slugify(text) CASCADE;

-- a whole schema with everything in it
CREATE SCHEMA staging;
CREATE TABLE staging.raw_orgs (id int PRIMARY KEY);
CREATE VIEW staging.raw_org_ids AS SELECT id FROM staging.raw_orgs;
CREATE VIEW public.staged AS SELECT id FROM staging.raw_orgs;
DROP SCHEMA staging CASCADE;
