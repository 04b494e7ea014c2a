-- array columns: int[], text[], int[][], declared sizes, ARRAY keyword, arrays of varchar(n), enums, domains, composites
CREATE TYPE permission AS ENUM ('read', 'write', 'admin');
CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9-]+$');
CREATE TYPE money_pair AS (currency char(3), cents bigint);

CREATE TABLE projects (
  id int PRIMARY KEY,
  member_ids int[] NOT NULL DEFAULT '{}',
  labels text[] DEFAULT ARRAY[]::text[],
  matrix int[][],
  grid integer[3][3],
  scores integer ARRAY,
  scores4 integer ARRAY[4],
  short_codes varchar(10)[],
  stamps timestamptz[],
  permissions permission[] NOT NULL DEFAULT ARRAY['read']::permission[],
  slugs slug[],
  budgets money_pair[],
  ids bigint[] DEFAULT ARRAY[1, 2, 3],
  flags boolean[] DEFAULT '{t,f}'::boolean[],
  blobs bytea[],
  weights numeric(5,2)[]
);
CREATE INDEX projects_member_ids_gin ON projects USING gin (member_ids);
CREATE INDEX projects_labels_gin ON projects USING gin (labels array_ops);
