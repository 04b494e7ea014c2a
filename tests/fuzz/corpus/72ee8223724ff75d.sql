CREATE TABLE users (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id),
    email text NOT NULL
);
