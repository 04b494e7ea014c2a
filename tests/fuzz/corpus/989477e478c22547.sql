CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL,
    CONSTRAINT invoices_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id)
);
