CREATE TABLE orgs (id bigint, name text);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));
