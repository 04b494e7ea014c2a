CREATE TABLE tenants (id bigint PRIMARY KEY, slug text NOT NULL UNIQUE);

CREATE TABLE users (
    id bigint PRIMARY KEY,
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    email text NOT NULL;
