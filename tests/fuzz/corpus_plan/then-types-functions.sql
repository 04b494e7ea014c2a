CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok');
CREATE DOMAIN app.pos AS integer CHECK (VALUE > 0);
CREATE TABLE app.t (id serial PRIMARY KEY, m app.mood DEFAULT 'ok', n app.pos);
CREATE FUNCTION app.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x + 1;
-- @then
ALTER TYPE app.mood ADD VALUE 'happy';
ALTER DOMAIN app.pos ADD CONSTRAINT big CHECK (VALUE < 1000) NOT VALID;
ALTER TABLE app.t ADD COLUMN g integer GENERATED ALWAYS AS (app.f(n)) STORED;
COMMENT ON COLUMN app.t.g IS 'f of n';
ALTER FUNCTION app.f(integer) RENAME TO g;
