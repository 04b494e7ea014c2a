CREATE EXTENSION pg_trgm
-- @to
CREATE TABLE products(name texT);CREATE INDEx ON products(name gin_trgm_ops)