CREATE FUNCTION s() RETURNS int LANGUAGE sql AS $$SELECT 1 -- $function$$;
-- @to
