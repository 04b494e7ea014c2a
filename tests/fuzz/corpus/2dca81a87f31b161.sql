-- index names the server picks for CREATE INDEX ON t (...): t_col_idx, t_col_idx1, t_a_b_idx, t_lower_idx, t_expr_idx, INCLUDE columns in the name, unique ones too
CREATE TABLE t (
  id int PRIMARY KEY,
  org_id int,
  email text,
  a int,
  b int,
  payload jsonb
);
CREATE INDEX ON t (org_id);
CREATE INDEX ON t (org_id);
CREATE INDEX ON t (org_id DESC);
CREATE INDEX ON t (a, b);
CREATE INDEX ON t (lower(email));
CREATE INDEX ON t (lower(email), upper(email));
CREATE INDEX ON t ((a + b));
CREATE INDEX ON t ((payload ->> 'k'));
CREATE INDEX ON t (org_id) INCLUDE (email);
CREATE INDEX ON t USING gin (payload);
CREATE INDEX ON t (email) WHERE a > 0;
CREATE UNIQUE INDEX ON t (email);
CREATE UNIQUE INDEX ON t (a, b, org_id);
CREATE INDEX ON t (id, org_id, email, a, b);
-- a user index occupying the next generated name pushes the generator along
CREATE INDEX t_b_idx ON t (a);
CREATE INDEX ON t (b);
-- quoted table and column names go into the generated name as they are: "Order Items_Order Id_idx"
CREATE TABLE "Order Items" ("Order Id" int, "SKU" text);
CREATE INDEX ON "Order Items" ("Order Id");
CREATE INDEX ON "Order Items" ("SKU", "Order Id");
