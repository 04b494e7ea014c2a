-- orgs/users/invoices: serial, identity, FKs, checks, partial and expression indexes, partitions, rename, comment, seed row
CREATE SCHEMA billing;
CREATE TABLE orgs (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz DEFAULT now());
CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs ON DELETE CASCADE, email varchar(200) NOT NULL CHECK (email LIKE '%@%'), status text DEFAULT 'active' CHECK (status IN ('active','banned')), score numeric(10,2) DEFAULT -1);
CREATE INDEX ON users (lower(email));
CREATE UNIQUE INDEX users_org_email ON users (org_id, email) WHERE status = 'active';
CREATE TABLE billing.invoices (id bigint, org_id bigint, amount numeric CHECK (amount > 0), PRIMARY KEY (org_id, id));
ALTER TABLE billing.invoices ADD CONSTRAINT inv_org_fk FOREIGN KEY (org_id) REFERENCES orgs(id) NOT VALID;
ALTER TABLE users ADD COLUMN "Full Name" text;
ALTER TABLE users RENAME COLUMN "Full Name" TO full_name;
CREATE TABLE audit_logs (id bigint, created_at timestamptz NOT NULL, body jsonb DEFAULT '{}'::jsonb) PARTITION BY RANGE (created_at);
CREATE TABLE audit_logs_2024_01 PARTITION OF audit_logs FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
COMMENT ON TABLE users IS 'people';
INSERT INTO orgs (name) VALUES ('x');
