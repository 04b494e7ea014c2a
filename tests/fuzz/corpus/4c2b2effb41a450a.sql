CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE INDEX tenants_name_idx ON tenants (name);
CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL
);
