CREATE TABLE t (id int);
-- @to
CREATE SCHEMA b;
CREATE TABLE b.u (id int);
-- @renames
public.t=b.u
