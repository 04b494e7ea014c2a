/* Casts the server makes WITHOUT FUNCTION (pg_cast.castmethod 'b'): a
 * column changed between two such types keeps its bytes, and ALTER COLUMN
 * TYPE does not rewrite the table when no length coercion follows. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "lockstep/str.h"

#include <string.h>

/* PostgreSQL 15's, source and target as format_type(oid, NULL) spells them:
 *   SELECT format_type(castsource, NULL), format_type(casttarget, NULL)
 *   FROM pg_cast WHERE castmethod = 'b';
 * tests/pg/known_lists.sh checks the list against the server.
 * BEGIN builtin binary casts */
static const struct {
	const char *from, *to;
} builtin_casts[] = {
	{"bit varying", "bit"},
	{"bit", "bit varying"},
	{"character varying", "character"},
	{"character varying", "text"},
	{"cidr", "inet"},
	{"integer", "oid"},
	{"integer", "regclass"},
	{"integer", "regcollation"},
	{"integer", "regconfig"},
	{"integer", "regdictionary"},
	{"integer", "regnamespace"},
	{"integer", "regoper"},
	{"integer", "regoperator"},
	{"integer", "regproc"},
	{"integer", "regprocedure"},
	{"integer", "regrole"},
	{"integer", "regtype"},
	{"oid", "integer"},
	{"oid", "regclass"},
	{"oid", "regcollation"},
	{"oid", "regconfig"},
	{"oid", "regdictionary"},
	{"oid", "regnamespace"},
	{"oid", "regoper"},
	{"oid", "regoperator"},
	{"oid", "regproc"},
	{"oid", "regprocedure"},
	{"oid", "regrole"},
	{"oid", "regtype"},
	{"pg_dependencies", "bytea"},
	{"pg_mcv_list", "bytea"},
	{"pg_ndistinct", "bytea"},
	{"pg_node_tree", "text"},
	{"regclass", "integer"},
	{"regclass", "oid"},
	{"regcollation", "integer"},
	{"regcollation", "oid"},
	{"regconfig", "integer"},
	{"regconfig", "oid"},
	{"regdictionary", "integer"},
	{"regdictionary", "oid"},
	{"regnamespace", "integer"},
	{"regnamespace", "oid"},
	{"regoperator", "integer"},
	{"regoperator", "oid"},
	{"regoperator", "regoper"},
	{"regoper", "integer"},
	{"regoper", "oid"},
	{"regoper", "regoperator"},
	{"regprocedure", "integer"},
	{"regprocedure", "oid"},
	{"regprocedure", "regproc"},
	{"regproc", "integer"},
	{"regproc", "oid"},
	{"regproc", "regprocedure"},
	{"regrole", "integer"},
	{"regrole", "oid"},
	{"regtype", "integer"},
	{"regtype", "oid"},
	{"text", "character"},
	{"text", "character varying"},
	{"xml", "character"},
	{"xml", "character varying"},
	{"xml", "text"},
};
/* END builtin binary casts */

/* Those of the extensions lockstep knows (catalog/extensions.c); a type of
 * the extension's own is named as its extension is (citext's citext),
 * and lives in the schema the extension is installed in.
 * BEGIN extension binary casts */
static const struct {
	const char *extension, *from, *to;
} extension_casts[] = {
	{"citext", "character varying", "citext"},
	{"citext", "citext", "character"},
	{"citext", "citext", "character varying"},
	{"citext", "citext", "text"},
	{"citext", "text", "citext"},
};
/* END extension binary casts */

/* Whether type (a column's type as lockstep spells it, without a typmod)
 * is name: a built-in spelled so, or, for the type named like an
 * extension of cat, that type in the extension's schema. */
static bool type_is(ls_arena *a, const ls_catalog *cat, const char *type, const char *name,
		const char *extension)
{
	if (!extension || strcmp(name, extension))
		return !strcmp(type, name);
	const ls_extension *x = NULL;
	for (size_t i = 0; i < cat->n_extensions && !x; i++)
		if (ls_same(cat->extensions[i].name, extension))
			x = &cat->extensions[i];
	if (!x)
		return false;
	const char *q = ls_quote_ident(a, x->schema);
	size_t nq = q ? strlen(q) : 0;
	return q && !strncmp(type, q, nq) && type[nq] == '.' && !strcmp(type + nq + 1, name);
}

bool ls_cast_binary(ls_arena *a, const ls_catalog *cat, const char *from, const char *to)
{
	if (!from || !to)
		return false;
	for (size_t i = 0; i < sizeof builtin_casts / sizeof *builtin_casts; i++)
		if (!strcmp(from, builtin_casts[i].from) && !strcmp(to, builtin_casts[i].to))
			return true;
	for (size_t i = 0; i < sizeof extension_casts / sizeof *extension_casts; i++) {
		const char *ext = extension_casts[i].extension;
		if (type_is(a, cat, from, extension_casts[i].from, ext) &&
				type_is(a, cat, to, extension_casts[i].to, ext))
			return true;
	}
	return false;
}
