-- FOREIGN KEY MATCH FULL / SIMPLE, composite keys, DEFERRABLE INITIALLY DEFERRED / IMMEDIATE, NOT DEFERRABLE, ALTER CONSTRAINT
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE projects (
  org_id bigint NOT NULL REFERENCES orgs,
  id bigint NOT NULL,
  name text,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, name)
);

CREATE TABLE documents (
  id bigint PRIMARY KEY,
  org_id bigint,
  project_id bigint,
  project_name text,
  FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id) MATCH FULL ON DELETE CASCADE,
  CONSTRAINT documents_project_name_fk FOREIGN KEY (org_id, project_name)
    REFERENCES projects (org_id, name) MATCH SIMPLE ON UPDATE CASCADE DEFERRABLE
);

CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs DEFERRABLE INITIALLY DEFERRED,
  replaces_id bigint REFERENCES invoices DEFERRABLE INITIALLY IMMEDIATE,
  reviewed_org bigint REFERENCES orgs NOT DEFERRABLE INITIALLY IMMEDIATE
);

-- change deferrability in place (FKs only)
ALTER TABLE invoices ALTER CONSTRAINT invoices_replaces_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE invoices ALTER CONSTRAINT invoices_org_id_fkey NOT DEFERRABLE;
ALTER TABLE documents ALTER CONSTRAINT documents_project_name_fk INITIALLY DEFERRED;

-- a deferred FK lets a transaction insert children first
BEGIN;
INSERT INTO orgs VALUES (1);
INSERT INTO invoices (id, org_id, replaces_id) VALUES (2, 1, 1);
INSERT INTO invoices (id, org_id) VALUES (1, 1);
COMMIT;
