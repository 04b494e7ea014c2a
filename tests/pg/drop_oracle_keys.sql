-- The objects of the current database that lockstep models, one key a row,
-- spelled as tests/pg/drop_oracle_keys.jq spells lockstep's: "<kind>
-- <schema>.<name>" (tables' parts as "<kind> <schema>.<table>.<name>").
-- Members of extensions and what the server clones onto partitions
-- (indexes, keys, triggers) are left out, as lockstep models them once;
-- argument types are qualified as lockstep qualifies them (search_path '').
CREATE FUNCTION pg_temp.ls_keys() RETURNS SETOF text LANGUAGE sql STABLE
  SET search_path = '' AS $f$
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND nspname !~ '^pg_(toast_)?temp_'),
ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'),
rel AS (
  SELECT c.oid, c.relkind, n.nspname || '.' || c.relname AS q FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_class'::regclass AND objid = c.oid))
SELECT 'schema ' || nspname FROM ns
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_namespace'::regclass AND objid = ns.oid)
UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL SELECT 'collation ' || n.nspname || '.' || c.collname FROM pg_collation c JOIN ns n ON n.oid = c.collnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_collation'::regclass AND objid = c.oid)
UNION ALL SELECT CASE relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view '
    WHEN 'm' THEN 'view ' WHEN 'S' THEN 'sequence ' ELSE 'index ' END || q FROM rel
  WHERE relkind IN ('r', 'p', 'v', 'm', 'S')
     OR (relkind IN ('i', 'I') AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = rel.oid))
UNION ALL SELECT 'column ' || q || '.' || a.attname FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid
  WHERE relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL SELECT 'default ' || q || '.' || a.attname FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid
    JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE relkind IN ('r', 'p') AND a.attgenerated = ''
UNION ALL SELECT 'constraint ' || q || '.' || k.conname FROM rel JOIN pg_constraint k ON k.conrelid = rel.oid
  WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conparentid = 0 AND k.conislocal
UNION ALL SELECT 'trigger ' || q || '.' || g.tgname FROM rel JOIN pg_trigger g ON g.tgrelid = rel.oid
  WHERE NOT g.tgisinternal AND g.tgparentid = 0
UNION ALL SELECT 'policy ' || q || '.' || p.polname FROM rel JOIN pg_policy p ON p.polrelid = rel.oid
UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_type'::regclass AND objid = t.oid)
UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p', 'a')
    AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_proc'::regclass AND objid = p.oid)
$f$;
