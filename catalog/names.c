/* Names: quoting, qualification, and the names PostgreSQL generates. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "name_conflict.h"
#include "name_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAMEDATALEN 64

/* PostgreSQL 15's keywords that are not unreserved (col_name, type_func_name
 * and reserved: kwlist.h), sorted: quote_identifier quotes these. A table
 * instead of asking libpg_query's scanner each time (ls_keyword_kind), which
 * cost a scan and a protobuf round trip per qualified name; test_names
 * checks it word by word against the scanner's own list. */
static const char *const quoted_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
	"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case",
	"cast", "char", "character", "check", "coalesce", "collate", "collation", "column",
	"concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp", "current_user",
	"dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
	"from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
	"initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
	"isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
	"localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
	"notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out",
	"outer", "overlaps", "overlay", "placing", "position", "precision", "primary", "real",
	"references", "returning", "right", "row", "select", "session_user", "setof",
	"similar", "smallint", "some", "substring", "symmetric", "table", "tablesample",
	"then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union",
	"unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
	"window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
	"xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"
};

static int cmp_word(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

static bool needs_quotes_as_keyword(const char *word)
{
	return bsearch(word, quoted_keywords, sizeof quoted_keywords / sizeof *quoted_keywords,
			sizeof *quoted_keywords, cmp_word) != NULL;
}

/* name quoted unless it is [a-z_][a-z0-9_]* (and '$' after the first
 * character when dollar_ok) and no keyword that needs quoting. */
static const char *quote_ident(ls_arena *a, const char *name, bool dollar_ok)
{
	bool safe = name[0] != '\0' &&
		((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
	size_t quotes = 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
				(c == '$' && dollar_ok)))
			safe = false;
		if (c == '"')
			quotes++;
	}
	/* quote_identifier: unreserved keywords may stay bare. */
	if (safe && needs_quotes_as_keyword(name))
		safe = false;
	if (safe)
		return ls_arena_strdup(a, name);
	size_t n = strlen(name);
	char *q = ls_arena_alloc(a, n + quotes + 3);
	if (!q)
		return NULL;
	char *w = q;
	*w++ = '"';
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			*w++ = '"';
		*w++ = *p;
	}
	*w++ = '"';
	*w = '\0';
	return q;
}

const char *ls_quote_ident(ls_arena *a, const char *name)
{
	return quote_ident(a, name, true);
}

const char *ls_quote_ident_server(ls_arena *a, const char *name)
{
	return quote_ident(a, name, false);
}

const char *ls_qualify(ls_arena *a, const char *schema, const char *name)
{
	const char *n = ls_quote_ident(a, name);
	if (!schema || !n)
		return n;
	const char *s = ls_quote_ident(a, schema);
	return s ? ls_arena_printf(a, "%s.%s", s, n) : NULL;
}

int ls_name_list(const pgnode *const *names, size_t n, const char **schema,
		const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (n < 1 || n > 3)
		return LS_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (names[i]->node_case != PG_QUERY__NODE__NODE_STRING)
			return LS_EINVAL;
	*name = names[n - 1]->string->sval;
	if (n >= 2)
		*schema = names[n - 2]->string->sval;
	return 0;
}

const char *ls_temp_schema(ls_apply *ap)
{
	ls_catalog *cat = ap->cat;
	ls_schema *t = ls_catalog_find_schema(cat, "pg_temp");
	if (t)
		return t->name;
	t = LS_PUSH(cat, cat->schemas, cat->n_schemas);
	if (!t) {
		ls_apply_nomem(ap);
		return NULL;
	}
	t->id = cat->next_id++;
	t->name = "pg_temp";
	return t->name;
}

const char *ls_creation_schema(ls_apply *ap, const char *schema)
{
	ls_catalog *cat = ap->cat;
	if (schema && !strcmp(schema, "pg_temp"))
		return ls_temp_schema(ap);
	if (schema && schema[0]) {
		if (!ls_catalog_find_schema(cat, schema)) {
			ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", schema);
			return NULL;
		}
		return ls_catalog_find_schema(cat, schema)->name;
	}
	for (size_t i = 0; i < cat->n_search_path; i++) {
		ls_schema *s = ls_catalog_find_schema(cat, cat->search_path[i]);
		if (s)
			return s->name;
	}
	ls_apply_error(ap, LS_EINVAL, "no schema has been selected to create in");
	return NULL;
}

bool ls_relation_name_taken(ls_catalog *cat, const char *schema, const char *name)
{
	return ls_class_name_taken(cat, schema, name) || ls_type_name_taken(cat, schema, name);
}

/* Bytes of the longest prefix of s, at most limit bytes, that does not cut
 * a UTF-8 character (pg_mbcliplen). */
static size_t clip_len(const char *s, size_t len, size_t limit)
{
	if (len <= limit)
		return len;
	size_t n = limit;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* makeObjectName: name1[_name2][_label], with name1 and name2 shortened
 * (the longer one first) so the whole fits NAMEDATALEN-1 bytes. Written to
 * out when out is not NULL; returns its length either way. */
static size_t make_object_name(char *out, const char *name1, const char *name2,
		const char *label)
{
	size_t l1 = strlen(name1), l2 = name2 ? strlen(name2) : 0;
	size_t overhead = 0;
	if (name2)
		overhead++;
	if (label)
		overhead += strlen(label) + 1;
	size_t avail = NAMEDATALEN - 1 > overhead ? NAMEDATALEN - 1 - overhead : 0;
	size_t c1 = l1, c2 = l2;
	while (c1 + c2 > avail) {
		if (c1 > c2)
			c1--;
		else
			c2--;
	}
	c1 = clip_len(name1, l1, c1);
	if (name2)
		c2 = clip_len(name2, l2, c2);
	size_t ll = label ? strlen(label) : 0;
	size_t total = c1 + (name2 ? 1 + c2 : 0) + (label ? 1 + ll : 0);
	if (!out)
		return total;
	char *w = out;
	memcpy(w, name1, c1);
	w += c1;
	if (name2) {
		*w++ = '_';
		memcpy(w, name2, c2);
		w += c2;
	}
	if (label) {
		*w++ = '_';
		memcpy(w, label, ll);
		w += ll;
	}
	*w = '\0';
	return total;
}

/* The names tried by ChooseRelationName: label, label1, label2, ... Each
 * candidate is built on the stack; only the one chosen is kept. */
static const char *choose_name(ls_catalog *cat, const char *schema,
		const char *name1, const char *name2, const char *label,
		bool (*taken)(ls_catalog *, const char *, const char *))
{
	char buf[NAMEDATALEN];
	char stack[4 * NAMEDATALEN];
	for (int pass = 0; pass < 100000; pass++) {
		const char *lab = label;
		if (pass > 0) {
			snprintf(buf, sizeof buf, "%s%d", label, pass);
			lab = buf;
		}
		size_t need = make_object_name(NULL, name1, name2, lab);
		char *heap = need < sizeof stack ? NULL : ls_arena_alloc(cat->arena, need + 1);
		if (need >= sizeof stack && !heap)
			return NULL;
		make_object_name(heap ? heap : stack, name1, name2, lab);
		if (!taken(cat, schema, heap ? heap : stack))
			return heap ? heap : ls_arena_strdup(cat->arena, stack);
	}
	return NULL;
}

const char *ls_choose_relation_name(ls_catalog *cat, const char *schema,
		const char *name1, const char *name2, const char *label)
{
	/* get_relname_relid: only pg_class entries (composite types included) */
	return choose_name(cat, schema, name1, name2, label, ls_class_name_taken);
}

/* ConstraintNameExists: any constraint of any table in the schema, or a
 * CHECK of a domain there (through the constraint name index). */
static bool constraint_name_taken(ls_catalog *cat, const char *schema, const char *name)
{
	return ls_index_constraint_exists(cat, schema, name);
}

const char *ls_choose_constraint_name(ls_catalog *cat, const char *schema,
		const char *name1, const char *name2, const char *label)
{
	return choose_name(cat, schema, name1, name2, label, constraint_name_taken);
}

