-- GENERATED ALWAYS AS (...) STORED columns, added later, and turned into plain columns with DROP EXPRESSION
CREATE TABLE invoice_lines (
  id bigint PRIMARY KEY,
  unit_cents bigint NOT NULL,
  quantity int NOT NULL DEFAULT 1,
  tax_rate numeric(5,4) NOT NULL DEFAULT 0,
  subtotal_cents bigint GENERATED ALWAYS AS (unit_cents * quantity) STORED,
  tax_cents bigint GENERATED ALWAYS AS (round(unit_cents * quantity * tax_rate)::bigint) STORED NOT NULL
);

CREATE TABLE users (
  id bigint PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
  email_lower text GENERATED ALWAYS AS (lower(email)) STORED UNIQUE
);

ALTER TABLE users ADD COLUMN email_domain text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED;
CREATE INDEX users_email_domain_idx ON users (email_domain);

-- the stored value stays, the expression goes
ALTER TABLE invoice_lines ADD COLUMN legacy_total bigint GENERATED ALWAYS AS (unit_cents * quantity + 0) STORED;
ALTER TABLE invoice_lines ALTER COLUMN legacy_total DROP EXPRESSION;
ALTER TABLE invoice_lines ALTER COLUMN legacy_total SET DEFAULT 0;

CREATE TABLE documents (
  id int PRIMARY KEY,
  title text,
  body text,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, ''))) STORED
);
CREATE INDEX documents_search_idx ON documents USING gin (search);
