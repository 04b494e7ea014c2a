-- constraint names the server generates: t_pkey, t_col_key, t_a_b_key, t_col_fkey, t_col_check, t_check, collisions numbered
CREATE TABLE orgs (id int PRIMARY KEY, code text UNIQUE, region text, UNIQUE (code, region));
CREATE TABLE t (
  id int PRIMARY KEY,
  org_id int REFERENCES orgs,
  org_code text,
  org_region text,
  a int CHECK (a > 0),
  b int CHECK (b > 0) CHECK (b < 100),
  c int,
  CHECK (a > 0), -- identical CHECKs are not merged: t_a_check1
  CHECK (a < b),
  CHECK (c IS NULL),
  CHECK (1 = 1),
  CHECK (2 = 2),
  UNIQUE (a),
  UNIQUE (a), -- an identical UNIQUE inside one CREATE TABLE is merged into the first
  UNIQUE (a, b),
  FOREIGN KEY (org_code, org_region) REFERENCES orgs (code, region),
  FOREIGN KEY (org_id) REFERENCES orgs
);
-- later additions continue the numbering
ALTER TABLE t ADD CHECK (a > 1);
ALTER TABLE t ADD CHECK (a < b + 1);
ALTER TABLE t ADD UNIQUE (a, b);
ALTER TABLE t ADD FOREIGN KEY (org_id) REFERENCES orgs;
-- a user-named constraint takes the next number first; the generator then skips it
ALTER TABLE t ADD CONSTRAINT t_c_check1 CHECK (c <> 0);
ALTER TABLE t ADD CHECK (c <> 1);
-- an index named like a future constraint forces the constraint onto the next number
CREATE INDEX t_c_key ON t (c);
ALTER TABLE t ADD UNIQUE (c);
-- names are per schema for indexes: the same table name in another schema does not collide
CREATE SCHEMA other;
CREATE TABLE other.t (a int UNIQUE, CHECK (a > 0));
