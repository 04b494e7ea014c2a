CREATE TABLE s (r text, x date) PARTITION BY RANGE (d);
-- @to
CREATE TABLE s (r text, d date) PARTITION BY RANGE (d);
-- @renames
public.s.x=
