CREATE TABLE users (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);
CREATE UNIQUE INDEX users_email_idx ON users (tenant_id, lower(email));
