/* Introspection: read a live database into the catalog model (libpq).
 *
 * The server is asked for each object's definition as DDL — its own
 * pg_get_*def() functions and format_type(), with search_path empty so
 * every name comes back qualified — and that script is applied through
 * the same builder as a user's SQL. Both sides of the "offline equals
 * online" comparison therefore share one normalizer, and what is compared
 * is what each side says, not two implementations of the model.
 */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/introspect.h"
#include "lockstep/conninfo.h"
#include "build.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Objects that belong to the user: not system schemas, not extension
 * members, not the schema lockstep keeps its ledger in (up.sql and
 * down.sql create it: it is lockstep's bookkeeping, never a difference).
 * $X is replaced by the oid column to test. */
#define USER_NS "n.nspname NOT IN ('pg_catalog','information_schema','lockstep') AND n.nspname !~ '^pg_(toast|temp)'"
#define NOT_EXT(col, cls) "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" cls "'::regclass AND d.objid = " col " AND d.deptype = 'e')"

/* An enum, a domain or a composite type of CREATE TYPE (not a row type or
 * an array). */
#define USER_TYPE "(t.typtype IN ('e','d') OR (t.typtype = 'c' AND " \
	"(SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))"

/* The FOR ROLE clause of a pg_default_acl row d: none for the role
 * running introspection, and the kind's word. */
#define DEFACL_ROLE "CASE WHEN d.defaclrole = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user) " \
	"THEN '' ELSE ' FOR ROLE ' || quote_ident(pg_get_userbyid(d.defaclrole)) END"
#define DEFACL_WORD "CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' " \
	"WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END"

/* A routine whose arguments or result use the row type (or its array) of
 * a relation of the given relkinds. */
#define ROWTYPE_OF(kinds) "EXISTS (SELECT 1 FROM pg_type ty JOIN pg_class rc ON rc.oid = ty.typrelid " \
	"WHERE rc.relkind IN (" kinds ") AND (p.prorettype IN (ty.oid, ty.typarray) OR ty.oid = ANY (p.proargtypes) OR ty.typarray = ANY (p.proargtypes) " \
	"OR ty.oid = ANY (COALESCE(p.proallargtypes, '{}'::oid[])) " \
	"OR ty.typarray = ANY (COALESCE(p.proallargtypes, '{}'::oid[]))))"
/* ... of a table: it follows the tables; of a view or materialized view:
 * it is created with the views, in creation order. */
#define ROWTYPE_SIGNATURE ROWTYPE_OF("'r','p','v','m'")
#define VIEW_SIGNATURE ROWTYPE_OF("'v','m'")

/* A routine with a SQL-standard body that reads a view: the body is
 * checked when it is created, so it follows the views. */
#define READS_VIEW "EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class rc ON rc.oid = d.refobjid " \
	"WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_class'::regclass " \
	"AND rc.relkind IN ('v','m'))"

/* A user's function or procedure, tested on pg_proc's own columns: a scan
 * checks these cheap conditions first, before the subqueries above (which
 * otherwise ran once for each of pg_catalog's ~3,000 functions: 0.4 s a
 * query on an empty database). */
#define USER_ROUTINE "p.prokind IN ('f','p') AND p.pronamespace <> 'pg_catalog'::regnamespace"
/* ... or aggregate, for what every routine has (privileges) */
#define USER_ROUTINE_OR_AGG "p.prokind IN ('f','p','a') AND p.pronamespace <> 'pg_catalog'::regnamespace"

/* A function by oid, qualified (pg_catalog. too: an aggregate's support
 * function the builder does not know is then refused by name). */
#define AGG_PROC(oid) "(SELECT format('%I.%I', pn.nspname, pp.proname) FROM pg_proc pp " \
	"JOIN pg_namespace pn ON pn.oid = pp.pronamespace WHERE pp.oid = " oid ")"

/* A support function of an aggregate a (one of its regproc columns) as
 * the option `name = f`, or nothing when it has none. */
#define AGG_FN(name, col) "CASE WHEN a." col " <> 0 THEN ', " name " = ' || " AGG_PROC("a." col) " ELSE '' END"

/* CREATE AGGREGATE of an aggregate a (pg_aggregate) of p (pg_proc), every
 * option it has spelled out: what DefineAggregate needs to build the same
 * pg_aggregate row. */
#define AGGREGATE_DDL "format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s);', " \
	"n.nspname, p.proname, CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_get_function_arguments(p.oid) END, " \
	AGG_PROC("a.aggtransfn") ", format_type(a.aggtranstype, NULL), " \
	"CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END, " \
	AGG_FN("FINALFUNC", "aggfinalfn") ", " \
	"CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END, " \
	"', FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END, " \
	AGG_FN("COMBINEFUNC", "aggcombinefn") ", " AGG_FN("SERIALFUNC", "aggserialfn") ", " \
	AGG_FN("DESERIALFUNC", "aggdeserialfn") ", " \
	"CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) ELSE '' END, " \
	AGG_FN("MSFUNC", "aggmtransfn") ", " AGG_FN("MINVFUNC", "aggminvtransfn") ", " \
	"CASE WHEN a.aggmtranstype <> 0 THEN ', MSTYPE = ' || format_type(a.aggmtranstype, NULL) ELSE '' END, " \
	"CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace ELSE '' END, " \
	AGG_FN("MFINALFUNC", "aggmfinalfn") ", " \
	"CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END, " \
	"CASE WHEN a.aggmtranstype <> 0 THEN ', MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' " \
	"WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END ELSE '' END, " \
	"CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(a.aggminitval) ELSE '' END, " \
	"CASE WHEN a.aggsortop <> 0 THEN (SELECT ', SORTOP = OPERATOR(' || quote_ident(o.oprnamespace::regnamespace::text) || '.' || o.oprname || ')' " \
	"FROM pg_operator o WHERE o.oid = a.aggsortop) ELSE '' END, " \
	"CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END, " \
	"CASE a.aggkind WHEN 'h' THEN ', HYPOTHETICAL' ELSE '' END)"

/* Each query returns one column of DDL statements, in the order they must
 * run. */
static const char *const queries[] = {
	/* schemas */
	"SELECT format('CREATE SCHEMA IF NOT EXISTS %I;', n.nspname) FROM pg_namespace n "
	"WHERE " USER_NS " AND " NOT_EXT("n.oid", "pg_namespace") " ORDER BY 1",
	/* extensions */
	"SELECT format('CREATE EXTENSION %I WITH SCHEMA %I;', e.extname, n.nspname) "
	"FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
	"WHERE e.extname <> 'plpgsql' ORDER BY e.extname",
	/* collations, before the types and tables that use them; the version
	 * is the library's and the encoding the database's: not modelled */
	"SELECT format('CREATE COLLATION %I.%I (provider = %s, %s, deterministic = %s);', n.nspname, c.collname, "
	"CASE c.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END, "
	"CASE c.collprovider WHEN 'i' THEN format('locale = %L', c.colliculocale) "
	"ELSE format('lc_collate = %L, lc_ctype = %L', c.collcollate, c.collctype) END, "
	"CASE WHEN c.collisdeterministic THEN 'true' ELSE 'false' END) "
	"FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace "
	"WHERE " USER_NS " AND " NOT_EXT("c.oid", "pg_collation") " ORDER BY n.nspname, c.collname",
	/* sequences, except the ones behind identity columns; before the types:
	 * they need none, and a type may be named like a sequence created
	 * before it (the server refuses a relation named like a type) */
	"SELECT format('CREATE %sSEQUENCE %s AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s;', "
	"CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END, c.oid::regclass, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, "
	"CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) "
	"FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE " USER_NS " AND " NOT_EXT("c.oid", "pg_class") " AND NOT EXISTS (SELECT 1 FROM pg_depend d "
	"WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i') ORDER BY 1",
	/* enums, domains and composite types (not the row types of tables),
	 * in creation order, which is an order their dependencies allow */
	"SELECT ddl FROM ("
	"SELECT t.oid AS o, format('CREATE TYPE %s AS ENUM (%s);', t.oid::regtype, "
	"(SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
	"WHERE t.typtype = 'e' AND " USER_NS " AND " NOT_EXT("t.oid", "pg_type") " UNION ALL "
	"SELECT t.oid AS o, format('CREATE DOMAIN %s AS %s%s%s%s%s;%s', t.oid::regtype, format_type(t.typbasetype, t.typtypmod), "
	"CASE WHEN t.typcollation <> bt.typcollation THEN ' COLLATE ' || t.typcollation::regcollation ELSE '' END, "
	"CASE WHEN t.typdefaultbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0) ELSE '' END, "
	"CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END, "
	"COALESCE((SELECT string_agg(format(' CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)), '' ORDER BY c.conname) "
	"FROM pg_constraint c WHERE c.contypid = t.oid AND c.convalidated), ''), "
	/* CREATE DOMAIN takes no NOT VALID check: those are added after it */
	"COALESCE((SELECT string_agg(format(' ALTER DOMAIN %s ADD CONSTRAINT %I %s;', t.oid::regtype, c.conname, "
	"pg_get_constraintdef(c.oid)), '' ORDER BY c.conname) "
	"FROM pg_constraint c WHERE c.contypid = t.oid AND NOT c.convalidated), '')) "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype "
	"WHERE t.typtype = 'd' AND " USER_NS " AND " NOT_EXT("t.oid", "pg_type") " UNION ALL "
	"SELECT t.oid AS o, format('CREATE TYPE %s AS (%s);', t.oid::regtype, "
	"(SELECT string_agg(format('%I %s%s', a.attname, format_type(a.atttypid, a.atttypmod), "
	"CASE WHEN a.attcollation <> ty.typcollation THEN ' COLLATE ' || a.attcollation::regcollation ELSE '' END), ', ' ORDER BY a.attnum) "
	"FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)) "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid "
	"WHERE t.typtype = 'c' AND c.relkind = 'c' AND " USER_NS " AND " NOT_EXT("t.oid", "pg_type") ") x(o, ddl) ORDER BY o",
	/* functions and procedures whose signature names no table's row type
	 * and whose body is a string (not checked on creation); the others
	 * follow the tables, or the views when their SQL-standard body reads one */
	"SELECT pg_get_functiondef(p.oid) || ';' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
	"WHERE " USER_NS " AND " USER_ROUTINE " AND " NOT_EXT("p.oid", "pg_proc") " AND NOT " ROWTYPE_SIGNATURE " "
	"AND p.prosqlbody IS NULL ORDER BY n.nspname, p.proname, p.oid::regprocedure::text",
	NULL,
};

/* Tables: one CREATE TABLE per table, parents before partitions, and a
 * table with a column of another table's row type (or an array of it)
 * after that table: ordered by the longest chain of such columns. */
static const char *const table_query =
	"WITH RECURSIVE rel AS ("
	" SELECT c.oid, 0 AS depth FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind IN ('r','p') AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid)"
	"  AND " USER_NS " AND " NOT_EXT("c.oid", "pg_class")
	" UNION ALL SELECT i.inhrelid, rel.depth + 1 FROM pg_inherits i JOIN rel ON i.inhparent = rel.oid"
	" JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind IN ('r','p') AND rel.depth < 100),"
	/* a child of several parents (INHERITS) after the deepest of them */
	" reld AS (SELECT oid, max(depth) AS depth FROM rel GROUP BY oid),"
	" uses AS (SELECT DISTINCT a.attrelid AS rel, et.typrelid AS dep FROM pg_attribute a"
	"  JOIN pg_type ty ON ty.oid = a.atttypid"
	"  JOIN pg_type et ON et.oid = CASE WHEN ty.typelem <> 0 AND ty.typlen = -1 THEN ty.typelem ELSE ty.oid END"
	"  JOIN pg_class dc ON dc.oid = et.typrelid"
	"  WHERE a.attnum > 0 AND NOT a.attisdropped AND dc.relkind IN ('r','p') AND a.attrelid IN (SELECT oid FROM reld)),"
	" chain AS (SELECT rel, 1 AS d FROM uses UNION ALL SELECT u.rel, chain.d + 1 FROM uses u JOIN chain ON u.dep = chain.rel"
	"  WHERE chain.d < 100)"
	" SELECT format('CREATE %sTABLE %s %s%s%s;', CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END, c.oid::regclass,"
	"  CASE WHEN c.relispartition THEN format('PARTITION OF %s %s', (SELECT i.inhparent::regclass FROM pg_inherits i WHERE i.inhrelid = c.oid), pg_get_expr(c.relpartbound, c.oid))"
	"  ELSE '(' || COALESCE((SELECT string_agg(format('%I %s%s%s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),"
	"   CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE ' || a.attcollation::regcollation ELSE '' END,"
	"   CASE WHEN a.attgenerated = 's' AND EXISTS (SELECT 1 FROM pg_inherits h JOIN pg_attribute pa"
	"    ON pa.attrelid = h.inhparent AND pa.attname = a.attname WHERE h.inhrelid = c.oid AND pa.attgenerated = 's') THEN ''"
	/* a child's own column takes a parent's generation expression */
	"        WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'"
	"        WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END,"
	"   CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,"
	"   CASE WHEN a.attidentity <> '' THEN format(' GENERATED %s AS IDENTITY (SEQUENCE NAME %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s)',"
	"     CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END, s.seqrelid::regclass, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,"
	"     CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) ELSE '' END), ', ' ORDER BY a.attnum)"
	"   FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
	"   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	"   LEFT JOIN pg_sequence s ON a.attidentity <> '' AND s.seqrelid = pg_get_serial_sequence(c.oid::regclass::text, a.attname)::regclass"
	/* an INHERITS child names only its own columns (attislocal) and then
	 * its parents in inhseqno order */
	"   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND (a.attislocal OR o.odd)), '') || ')'"
	"   || COALESCE((SELECT ' INHERITS (' || string_agg(h.inhparent::regclass::text, ', ' ORDER BY h.inhseqno) || ')'"
	"    FROM pg_inherits h WHERE h.inhrelid = c.oid AND NOT o.odd), '') END,"
	"  CASE WHEN c.relkind = 'p' THEN ' PARTITION BY ' || pg_get_partkeydef(c.oid) ELSE '' END,"
	"  CASE WHEN c.reloptions IS NOT NULL OR t.reloptions IS NOT NULL THEN ' WITH (' || array_to_string("
	"   COALESCE(c.reloptions, '{}') || COALESCE((SELECT array_agg('toast.' || o) FROM unnest(t.reloptions) o), '{}'), ', ') || ')' ELSE '' END)"
	/* right after an INHERITS child (before its own children copy it):
	 * ALTER ... ONLY where its NOT NULL or default is not what its parents
	 * and its own definition gave it */
	" || COALESCE((SELECT string_agg(format(' ALTER TABLE ONLY %s ALTER COLUMN %I %s;', c.oid::regclass, a.attname, x.what), ''"
	"   ORDER BY a.attnum, x.what DESC)"
	"  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	"  CROSS JOIN LATERAL (SELECT bool_or(pa.attnotnull) AS nn,"
	"   (array_agg(pg_get_expr(pd.adbin, pd.adrelid) ORDER BY h.inhseqno) FILTER (WHERE pd.adbin IS NOT NULL))[1] AS def"
	"   FROM pg_inherits h JOIN pg_attribute pa ON pa.attrelid = h.inhparent AND pa.attname = a.attname AND NOT pa.attisdropped"
	"   LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum WHERE h.inhrelid = c.oid) p"
	"  CROSS JOIN LATERAL (VALUES"
	"   (CASE WHEN a.attnotnull AND NOT (p.nn OR a.attislocal) THEN 'SET NOT NULL'"
	"    WHEN NOT a.attnotnull AND p.nn THEN 'DROP NOT NULL' END),"
	"   (CASE WHEN a.attgenerated <> '' THEN NULL"
	"    WHEN d.adbin IS NOT NULL AND NOT a.attislocal AND pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM p.def"
	"     THEN 'SET DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)"
	"    WHEN d.adbin IS NULL AND p.def IS NOT NULL THEN 'DROP DEFAULT' END),"
	/* an identity the child's inherited column was given (last: after its
	 * NOT NULL, and a default dropped) */
	"   (CASE WHEN a.attidentity <> '' AND NOT a.attislocal THEN (SELECT format('ADD GENERATED %s AS IDENTITY"
	" (SEQUENCE NAME %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s)',"
	"     CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END, q.seqrelid::regclass, q.seqincrement,"
	"     q.seqmin, q.seqmax, q.seqstart, q.seqcache, CASE WHEN q.seqcycle THEN ' CYCLE' ELSE '' END)"
	"     FROM pg_sequence q WHERE q.seqrelid = pg_get_serial_sequence(c.oid::regclass::text, a.attname)::regclass) END)) x(what)"
	"  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND x.what IS NOT NULL"
	"   AND NOT c.relispartition AND NOT o.odd), '')"
	/* a column order CREATE TABLE ... INHERITS does not give (a column
	 * added to a parent later, ALTER TABLE ... INHERIT): every column
	 * written as the child's own, then ALTER TABLE ... INHERIT each parent,
	 * which the replay refuses by name */
	" || CASE WHEN o.odd THEN (SELECT string_agg(format(' ALTER TABLE %s INHERIT %s;', c.oid::regclass,"
	"   h.inhparent::regclass), '' ORDER BY h.inhseqno) FROM pg_inherits h WHERE h.inhrelid = c.oid) ELSE '' END"
	" FROM reld rel JOIN pg_class c ON c.oid = rel.oid LEFT JOIN pg_class t ON t.oid = c.reltoastrelid"
	" CROSS JOIN LATERAL (SELECT NOT c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid)"
	"   AND (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a"
	"   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)"
	"  IS DISTINCT FROM (SELECT string_agg(ord.n, ',' ORDER BY ord.k) FROM ("
	"   SELECT pa.attname AS n, min(h.inhseqno::bigint * 100000 + pa.attnum) AS k FROM pg_inherits h"
	"   JOIN pg_attribute pa ON pa.attrelid = h.inhparent AND pa.attnum > 0 AND NOT pa.attisdropped"
	"   WHERE h.inhrelid = c.oid GROUP BY pa.attname"
	"   UNION ALL SELECT a.attname, 1000000000000 + a.attnum FROM pg_attribute a WHERE a.attrelid = c.oid"
	"   AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0) ord) AS odd) o"
	" ORDER BY (SELECT COALESCE(max(chain.d), 0) FROM chain WHERE chain.rel = c.oid), rel.depth, c.oid::regclass::text";

/* After the tables: partition column overrides, ownership of sequences,
 * constraints, indexes, views, triggers, RLS, policies, comments, grants. */
static const char *const late_queries[] = {
	"SELECT pg_get_functiondef(p.oid) || ';' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
	"WHERE " USER_NS " AND " USER_ROUTINE " AND " NOT_EXT("p.oid", "pg_proc") " "
	"AND (" ROWTYPE_SIGNATURE " OR p.prosqlbody IS NOT NULL) AND NOT " READS_VIEW " AND NOT " VIEW_SIGNATURE " "
	"ORDER BY n.nspname, p.proname, p.oid::regprocedure::text",
	/* aggregates, after every function they may call */
	"SELECT " AGGREGATE_DDL " FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid "
	"JOIN pg_namespace n ON n.oid = p.pronamespace "
	"WHERE " USER_NS " AND p.pronamespace <> 'pg_catalog'::regnamespace AND " NOT_EXT("p.oid", "pg_proc") " "
	"ORDER BY n.nspname, p.proname, p.oid::regprocedure::text",
	/* a partition's own NOT NULL / DEFAULT that differ from its parent */
	"SELECT format('ALTER TABLE ONLY %s ALTER COLUMN %I %s;', c.oid::regclass, a.attname, "
	"CASE WHEN a.attnotnull AND NOT pa.attnotnull THEN 'SET NOT NULL' ELSE 'SET DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) END) "
	"FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
	"JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname "
	"LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum "
	"WHERE c.relispartition AND ((a.attnotnull AND NOT pa.attnotnull) OR "
	"(d.adbin IS NOT NULL AND (pd.adbin IS NULL OR pg_get_expr(d.adbin, d.adrelid) <> pg_get_expr(pd.adbin, pd.adrelid)))) ORDER BY 1",
	/* a partition column with no default where an ancestor has one (its
	 * own DEFAULT NULL, or DROP DEFAULT): the replay copies the parent's */
	"SELECT format('ALTER TABLE ONLY %s ALTER COLUMN %I DROP DEFAULT;', c.oid::regclass, a.attname) "
	"FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
	"WHERE c.relispartition AND NOT a.atthasdef AND a.attgenerated = '' AND EXISTS ("
	"SELECT 1 FROM pg_partition_ancestors(c.oid) an JOIN pg_attribute aa ON aa.attrelid = an.relid AND aa.attname = a.attname "
	"WHERE an.relid <> c.oid AND aa.atthasdef) ORDER BY 1",
	/* OWNED BY of plain sequences */
	"SELECT format('ALTER SEQUENCE %s OWNED BY %s.%I;', c.oid::regclass, t.oid::regclass, a.attname) "
	"FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' "
	"AND d.refclassid = 'pg_class'::regclass JOIN pg_class t ON t.oid = d.refobjid "
	"JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind = 'S' AND " USER_NS " ORDER BY 1",
	/* constraints other than foreign keys, then indexes, then foreign keys */
	"SELECT format('ALTER TABLE %s%s ADD CONSTRAINT %I %s;', CASE WHEN c.contype = 'c' AND NOT c.connoinherit AND EXISTS ("
	"SELECT 1 FROM pg_inherits h JOIN pg_class hc ON hc.oid = h.inhrelid WHERE h.inhparent = r.oid AND NOT hc.relispartition) "
	"THEN '' ELSE 'ONLY ' END, c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) "
	"FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
	"WHERE c.contype IN ('p','u','x','c') AND c.conparentid = 0 AND c.conislocal AND " USER_NS " "
	"ORDER BY CASE c.contype WHEN 'c' THEN 0 ELSE 1 END, c.conrelid::regclass::text, c.conname",
	/* pg_get_constraintdef leaves out the storage parameters of the index */
	"SELECT format('ALTER INDEX %s SET (%s);', c.oid::regclass, array_to_string(c.reloptions, ', ')) "
	"FROM pg_constraint k JOIN pg_class c ON c.oid = k.conindid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE k.contype IN ('p','u','x') AND c.reloptions IS NOT NULL AND k.conparentid = 0 AND " USER_NS " ORDER BY 1",
	"SELECT pg_get_indexdef(i.indexrelid) || ';' FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class t ON t.oid = i.indrelid "
	"WHERE " USER_NS " AND t.relkind IN ('r','p') AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p','u','x')) "
	"AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) ORDER BY 1",
	"SELECT format('ALTER TABLE ONLY %s ADD CONSTRAINT %I %s;', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) "
	"FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
	"WHERE c.contype = 'f' AND c.conparentid = 0 AND " USER_NS " ORDER BY c.conrelid::regclass::text, c.conname",
	/* views and materialized views in creation order, which is one their
	 * dependencies allow (a view may read a materialized view and the
	 * other way round), then the indexes of materialized views */
	"SELECT ddl FROM (SELECT c.oid, format('CREATE VIEW %s%s AS %s', c.oid::regclass, "
	"CASE WHEN c.reloptions IS NOT NULL THEN ' WITH (' || array_to_string(c.reloptions, ', ') || ')' ELSE '' END, pg_get_viewdef(c.oid)) "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v' AND " USER_NS " AND " NOT_EXT("c.oid", "pg_class") " "
	"UNION ALL SELECT c.oid, format('CREATE MATERIALIZED VIEW %s%s AS %s', c.oid::regclass, "
	"CASE WHEN c.reloptions IS NOT NULL THEN ' WITH (' || array_to_string(c.reloptions, ', ') || ')' ELSE '' END, "
	"rtrim(pg_get_viewdef(c.oid), ';')) || "
	"CASE WHEN c.relispopulated THEN ' WITH DATA;' ELSE ' WITH NO DATA;' END "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'm' AND " USER_NS " AND " NOT_EXT("c.oid", "pg_class") " "
	/* SQL-standard bodies that read a view and routines whose signature
	 * uses a view's row type, in creation order with them */
	"UNION ALL SELECT p.oid, pg_get_functiondef(p.oid) || ';' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
	"WHERE " USER_NS " AND " USER_ROUTINE " AND " NOT_EXT("p.oid", "pg_proc") " AND ((p.prosqlbody IS NOT NULL AND " READS_VIEW
	") OR " VIEW_SIGNATURE ")) x(o, ddl) ORDER BY o",
	"SELECT pg_get_indexdef(i.indexrelid) || ';' FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
	"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE t.relkind = 'm' AND " USER_NS " ORDER BY 1",
	/* triggers */
	"SELECT pg_get_triggerdef(t.oid) || ';' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND " USER_NS " ORDER BY 1",
	/* triggers' enabled state, which pg_get_triggerdef leaves out */
	"SELECT format('ALTER TABLE %s %s TRIGGER %I;', t.tgrelid::regclass, "
	"CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE REPLICA' END, t.tgname) "
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND t.tgenabled <> 'O' AND " USER_NS " ORDER BY 1",
	/* row-level security */
	"SELECT format('ALTER TABLE %s %s ROW LEVEL SECURITY;', c.oid::regclass, x) FROM pg_class c "
	"JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL (VALUES ('ENABLE', c.relrowsecurity), ('FORCE', c.relforcerowsecurity)) v(x, on_) "
	"WHERE v.on_ AND " USER_NS " ORDER BY 1",
	"SELECT format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s;', p.policyname, p.schemaname, p.tablename, p.permissive, p.cmd, "
	"(SELECT string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE quote_ident(r) END, ', ' ORDER BY r) FROM unnest(p.roles) r), "
	"CASE WHEN p.qual IS NOT NULL THEN ' USING (' || p.qual || ')' ELSE '' END, "
	"CASE WHEN p.with_check IS NOT NULL THEN ' WITH CHECK (' || p.with_check || ')' ELSE '' END) FROM pg_policies p ORDER BY 1",
	/* comments */
	"SELECT format('COMMENT ON %s %s IS %L;', CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'TABLE' WHEN 'v' THEN 'VIEW' "
	"WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'INDEX' WHEN 'S' THEN 'SEQUENCE' END, c.oid::regclass, d.description) "
	"FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0 "
	"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_NS " AND c.relkind IN ('r','p','v','m','i','I','S') ORDER BY 1",
	"SELECT format('COMMENT ON COLUMN %s.%I IS %L;', c.oid::regclass, a.attname, d.description) "
	"FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass "
	"JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE d.objsubid > 0 AND " USER_NS " ORDER BY 1",
	"SELECT format('COMMENT ON CONSTRAINT %I ON %s IS %L;', k.conname, k.conrelid::regclass, d.description) "
	"FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid AND d.classoid = 'pg_constraint'::regclass WHERE k.conrelid <> 0 ORDER BY 1",
	"SELECT format('COMMENT ON CONSTRAINT %I ON DOMAIN %s IS %L;', k.conname, k.contypid::regtype, d.description) "
	"FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid AND d.classoid = 'pg_constraint'::regclass WHERE k.contypid <> 0 ORDER BY 1",
	"SELECT format('COMMENT ON SCHEMA %I IS %L;', n.nspname, d.description) FROM pg_description d "
	"JOIN pg_namespace n ON n.oid = d.objoid AND d.classoid = 'pg_namespace'::regclass WHERE " USER_NS " ORDER BY 1",
	"SELECT format('COMMENT ON COLLATION %I.%I IS %L;', n.nspname, c.collname, d.description) FROM pg_description d "
	"JOIN pg_collation c ON c.oid = d.objoid AND d.classoid = 'pg_collation'::regclass JOIN pg_namespace n ON n.oid = c.collnamespace "
	"WHERE " USER_NS " ORDER BY 1",
	"SELECT format('COMMENT ON TYPE %s IS %L;', t.oid::regtype, d.description) FROM pg_description d "
	"JOIN pg_type t ON t.oid = d.objoid AND d.classoid = 'pg_type'::regclass JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " USER_NS " ORDER BY 1",
	"SELECT format('COMMENT ON %s %s IS %L;', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure, d.description) FROM pg_description d "
	"JOIN pg_proc p ON p.oid = d.objoid AND d.classoid = 'pg_proc'::regclass JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " USER_NS " ORDER BY 1",
	"SELECT format('COMMENT ON TRIGGER %I ON %s IS %L;', t.tgname, t.tgrelid::regclass, d.description) FROM pg_description d "
	"JOIN pg_trigger t ON t.oid = d.objoid AND d.classoid = 'pg_trigger'::regclass ORDER BY 1",
	"SELECT format('COMMENT ON POLICY %I ON %s IS %L;', p.polname, p.polrelid::regclass, d.description) FROM pg_description d "
	"JOIN pg_policy p ON p.oid = d.objoid AND d.classoid = 'pg_policy'::regclass ORDER BY 1",
	/* privileges granted to others than the owner */
	"SELECT format('GRANT %s ON %s %s TO %s%s;', a.privilege_type, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass, "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
	"WHERE a.grantee <> c.relowner AND " USER_NS " ORDER BY 1",
	"SELECT format('GRANT %s (%I) ON TABLE %s TO %s%s;', a.privilege_type, att.attname, c.oid::regclass, "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(att.attacl) a "
	"WHERE a.grantee <> c.relowner AND att.attnum > 0 AND NOT att.attisdropped AND " USER_NS " ORDER BY 1",
	/* public: the USAGE createdb gave PUBLIC, revoked */
	"SELECT 'REVOKE USAGE ON SCHEMA public FROM PUBLIC;' FROM pg_namespace n WHERE n.nspname = 'public' "
	"AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner))) a "
	"WHERE a.grantee = 0 AND a.privilege_type = 'USAGE')",
	"SELECT format('GRANT %s ON SCHEMA %I TO %s%s;', a.privilege_type, n.nspname, "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_namespace n, aclexplode(n.nspacl) a WHERE a.grantee <> n.nspowner AND " USER_NS " ORDER BY 1",
	/* functions and types: the PUBLIC EXECUTE / USAGE they are created
	 * with, revoked; then what is granted (a NULL acl is the default) */
	"SELECT format('REVOKE EXECUTE ON %s %s FROM PUBLIC;', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure) "
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " USER_NS " AND " USER_ROUTINE_OR_AGG " AND " NOT_EXT("p.oid", "pg_proc") " "
	"AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') ORDER BY 1",
	"SELECT format('GRANT %s ON %s %s TO %s%s;', a.privilege_type, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure, "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a "
	"WHERE a.grantee <> p.proowner AND " USER_NS " AND " USER_ROUTINE_OR_AGG " AND " NOT_EXT("p.oid", "pg_proc") " ORDER BY 1",
	"SELECT format('REVOKE USAGE ON %s %s FROM PUBLIC;', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype) "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " USER_NS " AND " USER_TYPE " AND " NOT_EXT("t.oid", "pg_type") " "
	"AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(t.typacl, acldefault('T', t.typowner))) a WHERE a.grantee = 0 AND a.privilege_type = 'USAGE') ORDER BY 1",
	"SELECT format('GRANT %s ON %s %s TO %s%s;', a.privilege_type, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace, aclexplode(COALESCE(t.typacl, acldefault('T', t.typowner))) a "
	"WHERE a.grantee <> t.typowner AND " USER_NS " AND " USER_TYPE " AND " NOT_EXT("t.oid", "pg_type") " ORDER BY 1",
	/* default privileges, after every object has its own: a global entry
	 * without the built-in PUBLIC privilege revokes it, then every entry
	 * grants what it holds; the role running introspection is the one a
	 * schema runs as (no FOR ROLE) */
	"SELECT format('ALTER DEFAULT PRIVILEGES%s REVOKE %s ON %s FROM PUBLIC;', " DEFACL_ROLE ", "
	"CASE d.defaclobjtype WHEN 'f' THEN 'EXECUTE' ELSE 'USAGE' END, " DEFACL_WORD ") "
	"FROM pg_default_acl d WHERE d.defaclnamespace = 0 AND d.defaclobjtype IN ('f','T') AND NOT EXISTS ("
	"SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = 0 "
	"AND a.privilege_type = CASE d.defaclobjtype WHEN 'f' THEN 'EXECUTE' ELSE 'USAGE' END) ORDER BY 1",
	"SELECT format('ALTER DEFAULT PRIVILEGES%s%s GRANT %s ON %s TO %s%s;', " DEFACL_ROLE ", "
	"CASE WHEN d.defaclnamespace <> 0 THEN ' IN SCHEMA ' || quote_ident(n.nspname) ELSE '' END, "
	"a.privilege_type, " DEFACL_WORD ", "
	"CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
	"CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
	"FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a "
	"WHERE a.grantee <> d.defaclrole ORDER BY 1",
	NULL,
};

static int run_query(PGconn *c, const char *sql, char **script, size_t *len, ls_error *err)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		int rc = ls_error_set(err, LS_EENV, "introspect", 0, 0, "query failed: %s", PQerrorMessage(c));
		PQclear(r);
		return rc;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		if (PQgetisnull(r, i, 0))
			continue;
		const char *v = PQgetvalue(r, i, 0);
		size_t n = strlen(v);
		char *ns = ls_realloc(*script, *len + n + 2);
		if (!ns) {
			PQclear(r);
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		}
		*script = ns;
		memcpy(*script + *len, v, n);
		*len += n;
		(*script)[(*len)++] = '\n';
		(*script)[*len] = '\0';
	}
	PQclear(r);
	return 0;
}

int ls_introspect(ls_catalog **out, const char *conninfo, ls_error *err)
{
	int rc = 0;
	char *script = NULL;
	size_t len = 0;
	ls_catalog *cat = NULL;
	*out = NULL;
	PGconn *c = NULL;
	if ((rc = ls_conninfo_connect(&c, conninfo, err)) < 0)
		goto done;
	PGresult *r = PQexec(c, "SET search_path = ''; SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3");
	PQclear(r);
	for (size_t i = 0; queries[i] && rc == 0; i++)
		rc = run_query(c, queries[i], &script, &len, err);
	if (rc == 0)
		rc = run_query(c, table_query, &script, &len, err);
	for (size_t i = 0; late_queries[i] && rc == 0; i++)
		rc = run_query(c, late_queries[i], &script, &len, err);
	if (rc < 0)
		goto done;
	if ((rc = ls_catalog_new(&cat, err)) < 0)
		goto done;
	if (script && getenv("LOCKSTEP_INTROSPECT_DUMP"))
		fputs(script, stderr);
	rc = script ? ls_catalog_apply_sql(cat, script, len, "introspect", err) : 0;
done:
	free(script);
	PQfinish(c);
	if (rc < 0) {
		ls_catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}
