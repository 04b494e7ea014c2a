CREATE TABLE orgs (
    id bigint,
    name text NOT NULL
);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));
