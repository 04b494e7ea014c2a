-- generated names (collisions, 63-byte truncation) and identifiers that need quoting
CREATE SCHEMA "Sales Ops";
CREATE TABLE "Sales Ops"."Order" ("user" int, "select" text, "a""b" int, "Köln" text, PRIMARY KEY ("user"));
CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (a > 0), CHECK (a < b), CHECK (true), UNIQUE (a, b), UNIQUE (a));
CREATE INDEX ON t (a);
CREATE INDEX ON t (a);
CREATE INDEX ON t (lower(b::text));
CREATE TABLE a_really_long_table_name_that_goes_on_and_on_and_on_beyond_limits (
  another_really_long_column_name_that_is_long_enough_to_truncate int UNIQUE,
  id serial PRIMARY KEY);
