CREATE TYPE address AS (icty text, zip text);
-- @to
CREATE TYPE address AS (city text, zip text);
