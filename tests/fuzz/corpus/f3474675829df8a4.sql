CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id)
);
DROP TABLE orgs;
