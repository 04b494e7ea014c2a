-- integer types and their aliases, serial family (owned sequences, int4/int8/int2 columns)
CREATE TABLE metrics (
  a int,
  b int4,
  c integer,
  d bigint,
  e int8,
  f smallint,
  g int2,
  h INTEGER NOT NULL DEFAULT 0,
  i BIGINT NOT NULL DEFAULT -1,
  j SmallInt DEFAULT -32768
);

CREATE TABLE orgs (id serial PRIMARY KEY, name text);
CREATE TABLE events (id bigserial PRIMARY KEY, org_id int REFERENCES orgs);
CREATE TABLE tiny_lookup (id smallserial PRIMARY KEY, label text);
CREATE TABLE aliases (
  s4 serial4,
  s8 serial8,
  s2 serial2,
  n int NOT NULL
);

-- a serial that is not the primary key, and two serials in one table
CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number serial NOT NULL UNIQUE,
  public_number bigserial
);
