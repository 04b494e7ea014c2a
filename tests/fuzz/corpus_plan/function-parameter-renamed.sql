CREATE FUNCTION f(a text) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
-- @to
CREATE FUNCTION f(b text) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
