CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id),
    order integer NOT NULL,
    total numeric(12,2) NOT NULL
);
