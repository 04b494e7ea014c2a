-- constraints added NOT VALID, some validated later with VALIDATE CONSTRAINT, some left not valid; existing bad rows kept
CREATE TABLE orgs (id bigint PRIMARY KEY, name text);
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint,
  email text,
  age int
);
INSERT INTO orgs VALUES (1, 'acme');
INSERT INTO users VALUES (10, 1, 'a@acme.test', 30), (11, 99, 'orphan', -1);

-- both violate existing rows, so they can only be added NOT VALID
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_age_nonneg CHECK (age >= 0) NOT VALID;

-- clean data: validated
DELETE FROM users WHERE id = 11;
ALTER TABLE users ADD CONSTRAINT users_email_at CHECK (email LIKE '%@%') NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_at;
ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;

-- unnamed NOT VALID constraints get generated names
CREATE TABLE projects (id bigint PRIMARY KEY, org_id bigint, owner_id bigint);
ALTER TABLE projects ADD FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE NOT VALID;
ALTER TABLE projects ADD FOREIGN KEY (owner_id) REFERENCES users NOT VALID;
ALTER TABLE projects ADD CHECK (id > 0) NOT VALID;
ALTER TABLE projects VALIDATE CONSTRAINT projects_org_id_fkey;
ALTER TABLE projects VALIDATE CONSTRAINT projects_id_check;

-- the safe "SET NOT NULL" recipe: validated CHECK, then SET NOT NULL, then drop the CHECK
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
