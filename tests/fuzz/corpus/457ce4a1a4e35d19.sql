CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABEL invoices (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id)
);
