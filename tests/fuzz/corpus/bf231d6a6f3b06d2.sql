-- FOREIGN KEY referential actions: ON DELETE CASCADE/SET NULL/SET DEFAULT/RESTRICT/NO ACTION, ON UPDATE, column lists for SET NULL (PG15)
CREATE TABLE orgs (id bigint PRIMARY KEY, slug text NOT NULL UNIQUE);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs ON DELETE CASCADE);
CREATE TABLE plans (code text PRIMARY KEY);
INSERT INTO plans VALUES ('free');

CREATE TABLE subscriptions (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE ON UPDATE CASCADE,
  plan_code text NOT NULL DEFAULT 'free' REFERENCES plans ON DELETE SET DEFAULT ON UPDATE CASCADE,
  owner_id bigint REFERENCES users ON DELETE SET NULL,
  billing_contact_id bigint REFERENCES users (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
  org_slug text REFERENCES orgs (slug) ON UPDATE CASCADE ON DELETE NO ACTION,
  created_by bigint REFERENCES users MATCH SIMPLE ON UPDATE NO ACTION
);

-- PG15: SET NULL / SET DEFAULT on a subset of the referencing columns
CREATE TABLE projects (
  org_id bigint NOT NULL,
  id bigint NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE TABLE tasks (
  org_id bigint NOT NULL,
  id bigint NOT NULL,
  project_id bigint,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, project_id) REFERENCES projects ON DELETE SET NULL (project_id)
);
CREATE TABLE task_archive (
  org_id bigint NOT NULL,
  project_id bigint DEFAULT 0,
  CONSTRAINT task_archive_project_fk FOREIGN KEY (org_id, project_id)
    REFERENCES projects (org_id, id) ON DELETE SET DEFAULT (project_id) ON UPDATE CASCADE
);
