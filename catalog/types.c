/* Type names in canonical spelling: what format_type() prints. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <stdio.h>
#include <string.h>

/* Built-in types: the name a user may write (internal or alias) and the
 * spelling format_type() gives. typmod_style says how a typmod prints. */
enum typmod_style { TM_NONE, TM_LENGTH, TM_NUMERIC, TM_TIME, TM_INTERVAL };

typedef struct builtin_type {
	const char *name;       /* pg_catalog typname or a grammar alias */
	const char *spelling;   /* format_type() output, "%s" marks the typmod */
	enum typmod_style style;
} builtin_type;

static const builtin_type builtins[] = {
	{"bool", "boolean", TM_NONE},
	{"boolean", "boolean", TM_NONE},
	{"bytea", "bytea", TM_NONE},
	{"char", "\"char\"", TM_NONE},
	{"name", "name", TM_NONE},
	{"int8", "bigint", TM_NONE},
	{"bigint", "bigint", TM_NONE},
	{"int2", "smallint", TM_NONE},
	{"smallint", "smallint", TM_NONE},
	{"int4", "integer", TM_NONE},
	{"int", "integer", TM_NONE},
	{"integer", "integer", TM_NONE},
	{"text", "text", TM_NONE},
	{"oid", "oid", TM_NONE},
	{"xid", "xid", TM_NONE},
	{"json", "json", TM_NONE},
	{"jsonb", "jsonb", TM_NONE},
	{"jsonpath", "jsonpath", TM_NONE},
	{"xml", "xml", TM_NONE},
	{"point", "point", TM_NONE},
	{"line", "line", TM_NONE},
	{"lseg", "lseg", TM_NONE},
	{"box", "box", TM_NONE},
	{"path", "path", TM_NONE},
	{"polygon", "polygon", TM_NONE},
	{"circle", "circle", TM_NONE},
	{"float4", "real", TM_NONE},
	{"real", "real", TM_NONE},
	{"float8", "double precision", TM_NONE},
	{"money", "money", TM_NONE},
	{"macaddr", "macaddr", TM_NONE},
	{"macaddr8", "macaddr8", TM_NONE},
	{"inet", "inet", TM_NONE},
	{"cidr", "cidr", TM_NONE},
	{"bpchar", "character%s", TM_LENGTH},
	{"varchar", "character varying%s", TM_LENGTH},
	{"date", "date", TM_NONE},
	{"time", "time%s without time zone", TM_TIME},
	{"timetz", "time%s with time zone", TM_TIME},
	{"timestamp", "timestamp%s without time zone", TM_TIME},
	{"timestamptz", "timestamp%s with time zone", TM_TIME},
	{"interval", "interval%s", TM_INTERVAL},
	{"bit", "bit%s", TM_LENGTH},
	{"varbit", "bit varying%s", TM_LENGTH},
	{"numeric", "numeric%s", TM_NUMERIC},
	{"decimal", "numeric%s", TM_NUMERIC},
	{"uuid", "uuid", TM_NONE},
	{"tsvector", "tsvector", TM_NONE},
	{"tsquery", "tsquery", TM_NONE},
	{"regclass", "regclass", TM_NONE},
	{"regtype", "regtype", TM_NONE},
	{"regproc", "regproc", TM_NONE},
	{"regconfig", "regconfig", TM_NONE},
	{"pg_lsn", "pg_lsn", TM_NONE},
	{"int4range", "int4range", TM_NONE},
	{"int8range", "int8range", TM_NONE},
	{"numrange", "numrange", TM_NONE},
	{"tsrange", "tsrange", TM_NONE},
	{"tstzrange", "tstzrange", TM_NONE},
	{"daterange", "daterange", TM_NONE},
	{"int4multirange", "int4multirange", TM_NONE},
	{"int8multirange", "int8multirange", TM_NONE},
	{"nummultirange", "nummultirange", TM_NONE},
	{"tsmultirange", "tsmultirange", TM_NONE},
	{"tstzmultirange", "tstzmultirange", TM_NONE},
	{"datemultirange", "datemultirange", TM_NONE},
	{"record", "record", TM_NONE},
	{"void", "void", TM_NONE},
	{"trigger", "trigger", TM_NONE},
	{"event_trigger", "event_trigger", TM_NONE},
	{"cstring", "cstring", TM_NONE},
	{"internal", "internal", TM_NONE},
	{"anyelement", "anyelement", TM_NONE},
	{"anyarray", "anyarray", TM_NONE},
	{"anynonarray", "anynonarray", TM_NONE},
	{"anyenum", "anyenum", TM_NONE},
	{"anyrange", "anyrange", TM_NONE},
	{"anycompatible", "anycompatible", TM_NONE},
	{"anycompatiblearray", "anycompatiblearray", TM_NONE},
	{"anycompatiblenonarray", "anycompatiblenonarray", TM_NONE},
	/* format_type_be quotes it: ANY is a reserved word */
	{"any", "\"any\"", TM_NONE},
	{"txid_snapshot", "txid_snapshot", TM_NONE},
	{"pg_snapshot", "pg_snapshot", TM_NONE},
};

/* Types that extensions create, so a column of type citext resolves once
 * CREATE EXTENSION citext ran (in the extension's schema). */
static const struct {
	const char *extension;
	const char *type;
} extension_types[] = {
	{"citext", "citext"},
	{"hstore", "hstore"},
	{"ltree", "ltree"},
	{"ltree", "lquery"},
	{"cube", "cube"},
	{"isn", "isbn"},
	{"isn", "ean13"},
	{"seg", "seg"},
	{"pg_trgm", "gtrgm"},
	{"vector", "vector"},
};

static const builtin_type *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

bool ls_pg_catalog_type(const char *name)
{
	/* the grammar's aliases of builtins[], which no pg_type row has */
	static const char *const aliases[] = {"boolean", "bigint", "smallint", "int", "integer",
		"real", "decimal"};
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(aliases[i], name))
			return false;
	return find_builtin(name) != NULL;
}

/* Interval field masks as in PostgreSQL's datetime.h (INTERVAL_MASK). */
static const char *interval_fields(int mask)
{
	static const struct {
		int mask;
		const char *text;
	} f[] = {
		{1 << 2, " year"}, {1 << 1, " month"}, {1 << 3, " day"},
		{1 << 10, " hour"}, {1 << 11, " minute"}, {1 << 12, " second"},
		{(1 << 2) | (1 << 1), " year to month"},
		{(1 << 3) | (1 << 10), " day to hour"},
		{(1 << 3) | (1 << 10) | (1 << 11), " day to minute"},
		{(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), " day to second"},
		{(1 << 10) | (1 << 11), " hour to minute"},
		{(1 << 10) | (1 << 11) | (1 << 12), " hour to second"},
		{(1 << 11) | (1 << 12), " minute to second"},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].mask == mask)
			return f[i].text;
	return "";
}

/* Integer typmod arguments of a TypeName: A_Const integers. Returns the
 * count found (at most 2), or -1 when one is not an integer constant. */
static int typmod_ints(const PgQuery__TypeName *tn, long v[2])
{
	int n = 0;
	for (size_t i = 0; i < tn->n_typmods && n < 2; i++) {
		const pgnode *m = tn->typmods[i];
		if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
				m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
			return -1;
		v[n++] = m->a_const->ival->ival;
	}
	return n;
}

/* The typmod text of a built-in type: "(20)", "(10,2)", "(3)", " day to
 * second(3)". The grammar already gives CHAR and BIT their length of 1. */
static const char *typmod_text(ls_apply *ap, const builtin_type *b,
		const PgQuery__TypeName *tn)
{
	long v[2];
	int n = typmod_ints(tn, v);
	ls_arena *a = ap->cat->arena;
	if (n < 0)
		return NULL;
	switch (b->style) {
	case TM_LENGTH:
		return n == 0 ? "" : ls_arena_printf(a, "(%ld)", v[0]);
	case TM_NUMERIC:
		if (n == 0)
			return "";
		return ls_arena_printf(a, "(%ld,%ld)", v[0], n > 1 ? v[1] : 0L);
	case TM_TIME:
		return n == 0 ? "" : ls_arena_printf(a, "(%ld)", v[0]);
	case TM_INTERVAL: {
		if (n == 0)
			return "";
		const char *fields = interval_fields((int)v[0]);
		if (v[0] == 0x7FFF)
			fields = "";
		if (n > 1)
			return ls_arena_printf(a, "%s(%ld)", fields, v[1]);
		return fields;
	}
	default:
		return n == 0 ? "" : NULL;
	}
}

/* A user type (enum, domain, composite, a table's row type, an extension
 * type), qualified by its schema; NULL if none is visible. */
static const char *user_type(ls_apply *ap, const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < (schema ? 1 : cat->n_search_path); i++) {
		const char *s = schema ? schema : cat->search_path[i];
		if (ls_catalog_find_type(cat, s, name) || ls_catalog_find_table(cat, s, name) ||
				ls_catalog_find_view(cat, s, name))
			return ls_qualify(cat->arena, s, name);
		for (size_t j = 0; j < cat->n_extensions; j++) {
			if (strcmp(cat->extensions[j].schema, s) != 0)
				continue;
			for (size_t k = 0; k < sizeof extension_types / sizeof extension_types[0]; k++)
				if (strcmp(extension_types[k].extension, cat->extensions[j].name) == 0 &&
						strcmp(extension_types[k].type, name) == 0)
					return ls_qualify(cat->arena, s, name);
		}
	}
	return NULL;
}

static int serial_width(const char *name)
{
	if (!strcmp(name, "serial") || !strcmp(name, "serial4"))
		return 4;
	if (!strcmp(name, "bigserial") || !strcmp(name, "serial8"))
		return 8;
	if (!strcmp(name, "smallserial") || !strcmp(name, "serial2"))
		return 2;
	return 0;
}

const char *ls_type_name(ls_apply *ap, const PgQuery__TypeName *tn, int *serial)
{
	const char *schema, *name;
	const char *base = NULL;
	if (serial)
		*serial = 0;
	if (!tn || ls_name_list((const pgnode *const *)tn->names, tn->n_names, &schema, &name) < 0) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported type name");
		return NULL;
	}
	if (tn->pct_type) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "%%TYPE references are not supported");
		return NULL;
	}
	int sw = schema ? 0 : serial_width(name);
	if (sw && serial) {
		*serial = sw;
		base = sw == 8 ? "bigint" : sw == 4 ? "integer" : "smallint";
	} else if (!schema || strcmp(schema, "pg_catalog") == 0) {
		const builtin_type *b = find_builtin(name);
		/* A user type of the same name in search_path wins over nothing:
		 * pg_catalog is searched first, so built-ins win. */
		if (b) {
			const char *tm = typmod_text(ap, b, tn);
			if (!tm && ls_arena_failed(ap->cat->arena)) {
				ls_apply_nomem(ap);
				return NULL;
			}
			if (!tm) {
				ls_apply_error(ap, LS_EINVAL, "type modifier is not allowed for type \"%s\"", name);
				return NULL;
			}
			base = ls_arena_printf(ap->cat->arena, b->spelling, tm);
			if (!strchr(b->spelling, '%'))
				base = b->spelling;
			/* format_type: bpchar and bit without a length are not
			 * CHARACTER(1) and BIT(1), so it spells them apart. */
			else if (!*tm && !strcmp(b->name, "bpchar"))
				base = "bpchar";
			else if (!*tm && !strcmp(b->name, "bit"))
				base = "\"bit\"";
		}
	}
	if (!base && !(schema && strcmp(schema, "pg_catalog") == 0))
		base = user_type(ap, schema, name);
	if (!base && ls_arena_failed(ap->cat->arena)) {
		ls_apply_nomem(ap);
		return NULL;
	}
	if (!base) {
		ls_apply_error(ap, LS_EINVAL, "type \"%s%s%s\" does not exist",
				schema ? schema : "", schema ? "." : "", name);
		return NULL;
	}
	if (tn->n_array_bounds > 0)
		base = ls_arena_printf(ap->cat->arena, "%s[]", base);
	return base;
}

const char *ls_type_name_text(ls_apply *ap, const char *text)
{
	/* Parse "SELECT NULL::<type>" and take the cast's TypeName. */
	char *q = ls_arena_printf(ap->cat->arena, "NULL::%s", text);
	pgnode *e;
	if (!q)
		return NULL;
	PgQuery__ParseResult *r = ls_parse_expr(q, &e);
	const char *out = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		out = ls_type_name(ap, e->type_cast->type_name, NULL);
	ls_expr_free(r);
	return out;
}

void ls_type_base(const char *type, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = type; *p && o + 1 < size; p++) {
		if (*p == '(') {
			while (*p && *p != ')')
				p++;
			if (!*p)
				break;
			continue;
		}
		out[o++] = *p;
	}
	if (size)
		out[o] = '\0';
}
