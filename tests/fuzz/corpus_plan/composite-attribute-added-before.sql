CREATE TYPE postal_address AS(postcode text)
-- @to
CREATE TYPE postal_address AS(E text,postcode char)