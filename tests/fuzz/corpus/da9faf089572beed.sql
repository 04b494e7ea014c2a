CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint);
ALTER TABLE users ADD COLUMN email text; ALTER TABLE users DROP COLUMN name;
