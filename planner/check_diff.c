/* What the self-check names when a plan, applied offline, does not give
 * its target: the object and the attribute that differ (plan_int.h). */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The object kind one entry of a catalog JSON list is, for a message. */
static const char *kind_word(const char *list)
{
	static const char *const words[][2] = {
		{"collations", "collation"}, {"default_privileges", "default privileges"},
		{"extensions", "extension"},
		{"functions", "function"}, {"indexes", "index"}, {"schemas", "schema"},
		{"sequences", "sequence"}, {"tables", "table"}, {"types", "type"},
		{"views", "view"}, {"columns", "column"}, {"constraints", "constraint"},
		{"triggers", "trigger"}, {"policies", "policy"}, {"values", "value"},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(list, words[i][0]))
			return words[i][1];
	return list;
}

static const char *str_field(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The name of one entry as SQL writes it: schema.name, a function's
 * identity arguments after it, the role and schema of default privileges;
 * NULL when the entry has none of these (it is then compared whole). */
static const char *entry_name(ls_arena *a, const json_t *o)
{
	if (!json_is_object(o))
		return NULL;
	const char *schema = str_field(o, "schema"), *name = str_field(o, "name");
	if (!name) {
		if (!json_object_get(o, "role"))
			return NULL;
		/* default privileges: FOR ROLE (none: the role that ran it), IN
		 * SCHEMA, the kind of object */
		const char *role = str_field(o, "role"), *k = str_field(o, "kind");
		const char *on = !k ? "?" : !strcmp(k, "r") ? "TABLES" : !strcmp(k, "S") ? "SEQUENCES" :
			!strcmp(k, "f") ? "FUNCTIONS" : !strcmp(k, "T") ? "TYPES" :
			!strcmp(k, "n") ? "SCHEMAS" : k;
		const char *d = ls_arena_printf(a, "%s%s%s%s ON %s", role ? " FOR ROLE " : "",
				role ? ls_quote_ident(a, role) : "", schema ? " IN SCHEMA " : "",
				schema ? ls_quote_ident(a, schema) : "", on);
		return d && (role || schema) ? d + 1 : d;
	}
	const char *q = schema ? ls_arena_printf(a, "%s.%s", ls_quote_ident(a, schema),
			ls_quote_ident(a, name)) : ls_quote_ident(a, name);
	const char *args = str_field(o, "identity_args");
	return args ? ls_arena_printf(a, "%s(%s)", q, args) : q;
}

/* A JSON value as a quoted token of the message. */
static const char *value_token(ls_arena *a, const json_t *v)
{
	char tok[LS_ERROR_TOKEN_SIZE];
	char *text = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
	ls_error_token(tok, sizeof tok, text ? text : "(none)");
	free(text);
	return ls_arena_strdup(a, tok);
}

static const char *diff_array(ls_arena *a, const char *where, const char *list,
		const json_t *got, const json_t *want);

/* A grant as SQL writes it: EXECUTE TO app_reader [WITH GRANT OPTION]. */
static const char *grant_text(ls_arena *a, const json_t *g)
{
	const char *who = str_field(g, "grantee"), *priv = str_field(g, "privilege");
	if (!who || !priv)
		return value_token(a, g);
	char tok[LS_ERROR_TOKEN_SIZE];
	ls_error_token(tok, sizeof tok, priv);
	return ls_arena_printf(a, "%s TO %s%s", tok, strcmp(who, "PUBLIC") ? ls_quote_ident(a, who) :
			"PUBLIC", json_is_true(json_object_get(g, "grantable")) ? " WITH GRANT OPTION" : "");
}

static bool in_array(const json_t *arr, const json_t *v)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
		if (json_equal(e, v))
			return true;
	return false;
}

/* The first grant one side has and the other has not. */
static const char *diff_grants(ls_arena *a, const char *where, const json_t *got,
		const json_t *want)
{
	size_t i;
	json_t *e;
	json_array_foreach(want, i, e)
		if (!in_array(got, e))
			return ls_arena_printf(a, "%s: grant %s missing after the plan", where,
					grant_text(a, e));
	json_array_foreach(got, i, e)
		if (!in_array(want, e))
			return ls_arena_printf(a, "%s: grant %s present after the plan, not wanted",
					where, grant_text(a, e));
	return NULL;
}

/* The names of a list's entries, "a, b", as a token. */
static const char *names_token(ls_arena *a, const json_t *arr)
{
	const char *all = "";
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		const char *n = str_field(e, "name");
		all = ls_arena_printf(a, "%s%s%s", all ? all : "", i ? ", " : "", n ? n : "?");
	}
	char tok[LS_ERROR_TOKEN_SIZE];
	ls_error_token(tok, sizeof tok, all);
	return ls_arena_strdup(a, tok);
}

/* The first attribute (in key order) where two entries differ. */
static const char *diff_object(ls_arena *a, const char *where, const json_t *got,
		const json_t *want)
{
	const char *key;
	json_t *w;
	json_object_foreach((json_t *)want, key, w) {
		json_t *g = json_object_get(got, key);
		if (g && json_equal(g, w))
			continue;
		/* a list of named entries (columns, constraints, ...): name the
		 * entry too; grants are named by attribute alone */
		if (g && json_is_array(g) && json_is_array(w) && !strcmp(key, "grants")) {
			const char *d = diff_grants(a, where, g, w);
			if (d)
				return d;
		}
		const json_t *first = json_array_get(w, 0) ? json_array_get(w, 0) : json_array_get(g, 0);
		if (g && json_is_array(g) && json_is_array(w) && strcmp(key, "grants") != 0 &&
				entry_name(a, first)) {
			const char *d = diff_array(a, where, key, g, w);
			if (d)
				return d;
			/* the same entries in another order */
			return ls_arena_printf(a, "%s: the order of %s is '%s' after the plan, '%s' wanted",
					where, key, names_token(a, g), names_token(a, w));
		}
		return ls_arena_printf(a, "%s: %s is '%s' after the plan, '%s' wanted", where, key,
				value_token(a, g), value_token(a, w));
	}
	json_object_foreach((json_t *)got, key, w)
		if (!json_object_get(want, key))
			return ls_arena_printf(a, "%s: %s is '%s' after the plan, not set wanted", where,
					key, value_token(a, w));
	return NULL;
}

/* The first entry of a list that is missing, extra, or differs. */
static const char *diff_array(ls_arena *a, const char *where, const char *list,
		const json_t *got, const json_t *want)
{
	const char *kind = kind_word(list);
	size_t i, j;
	json_t *w, *g;
	json_array_foreach(want, i, w) {
		const char *n = entry_name(a, w);
		if (!n)
			break;
		const char *label = where ? ls_arena_printf(a, "%s %s %s", where, kind, n) :
			ls_arena_printf(a, "%s %s", kind, n);
		json_t *match = NULL;
		json_array_foreach(got, j, g) {
			const char *m = entry_name(a, g);
			if (m && !strcmp(m, n)) {
				match = g;
				break;
			}
		}
		if (!match)
			return ls_arena_printf(a, "%s: missing after the plan", label);
		if (!json_equal(match, w))
			return diff_object(a, label, match, w);
	}
	json_array_foreach(got, j, g) {
		const char *m = entry_name(a, g);
		if (!m)
			break;
		bool found = false;
		json_array_foreach(want, i, w) {
			const char *n = entry_name(a, w);
			if (n && !strcmp(m, n)) {
				found = true;
				break;
			}
		}
		if (!found)
			return ls_arena_printf(a, "%s%s%s %s: present after the plan, not wanted",
					where ? where : "", where ? " " : "", kind, m);
	}
	return NULL;
}

int pl_catalog_difference(ls_arena *a, const char *got, const char *want, const char **out)
{
	*out = NULL;
	json_error_t je;
	json_t *g = json_loads(got, 0, &je), *w = json_loads(want, 0, &je);
	const char *d = NULL;
	if (g && w && json_is_object(g) && json_is_object(w)) {
		const char *key;
		json_t *wv;
		json_object_foreach(w, key, wv) {
			json_t *gv = json_object_get(g, key);
			if (gv && json_equal(gv, wv))
				continue;
			if (gv && json_is_array(gv) && json_is_array(wv))
				d = diff_array(a, NULL, key, gv, wv);
			if (!d)
				d = ls_arena_printf(a, "the catalog's %s is '%s' after the plan, '%s' wanted",
						key, value_token(a, gv), value_token(a, wv));
			break;
		}
	}
	json_decref(g);
	json_decref(w);
	if (!d && strcmp(got, want) != 0)
		d = "the catalogs differ";
	*out = d;
	return d ? 1 : 0;
}
