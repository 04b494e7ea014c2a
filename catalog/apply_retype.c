/* Type names kept as text follow the type.
 *
 * The server stores a type by its oid wherever it uses one: a column, a
 * domain's base type, a composite attribute, a routine's arguments and
 * result, an aggregate's state. format_type() then prints the current name,
 * so ALTER TYPE ... RENAME / SET SCHEMA, ALTER DOMAIN ... RENAME, ALTER
 * SCHEMA ... RENAME and the rename or move of a relation (its row type) show
 * up in every one of them. The model keeps these as text, qualified as
 * format_type() writes them with an empty search_path; this file rewrites
 * each text, token by token, so no place is missed when a rename happens.
 * (Expressions and view queries are parsed trees: rewrite.c.)
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_func.h"
#include "rewrite.h"

#include <string.h>

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Whether old (a qualified, quoted type name, or with prefix a quoted
 * schema name followed by a dot) starts at text + i as whole tokens. */
static bool match_at(const char *text, size_t i, const char *old, size_t n, bool prefix)
{
	if (strncmp(text + i, old, n))
		return false;
	if (i > 0 && (ident_char(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '"'))
		return false;
	char next = text[i + n];
	if (prefix)
		return next == '.';
	return !ident_char(next) && next != '.' && next != '"';
}

/* Where a literal or a quoted identifier that starts at text + i ends (the
 * index after its closing quote, a doubled quote staying inside). */
static size_t skip_quoted(const char *text, size_t i)
{
	char q = text[i];
	for (i++; text[i]; i++)
		if (text[i] == q) {
			if (text[i + 1] != q)
				return i + 1;
			i++;
		}
	return i;
}

const char *ls_retype_text(ls_arena *a, const char *text, const char *old, const char *new_name,
		bool prefix)
{
	if (!text || !strstr(text, old))
		return text;
	size_t n = strlen(old), nn = strlen(new_name), len = strlen(text);
	/* at most len / n replacements */
	char *out = ls_arena_alloc(a, len + (len / n + 1) * nn + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; text[i];) {
		if (match_at(text, i, old, n, prefix)) {
			memcpy(out + o, new_name, nn);
			o += nn;
			i += n;
		} else if (text[i] == '\'' || text[i] == '"') {
			/* a literal is data; a quoted name that is not old is one token */
			size_t end = skip_quoted(text, i);
			memcpy(out + o, text + i, end - i);
			o += end - i;
			i = end;
		} else {
			out[o++] = text[i++];
		}
	}
	out[o] = '\0';
	return strcmp(out, text) ? out : text;
}

#define RETYPE(field) \
	do { \
		const char *nt_ = ls_retype_text(a, (field), old, new_name, prefix); \
		if ((field) && !nt_) \
			return LS_ENOMEM; \
		(field) = nt_; \
	} while (0)

int ls_catalog_retype(ls_catalog *cat, const char *old, const char *new_name, bool prefix)
{
	ls_arena *a = cat->arena;
	if (!old || !new_name)
		return LS_ENOMEM; /* the caller's names, qualified in the arena */
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_columns; j++)
			RETYPE(cat->tables[i].columns[j].type);
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		RETYPE(t->base_type);
		for (size_t j = 0; j < t->n_attributes; j++)
			RETYPE(t->attributes[j].type);
	}
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *f = &cat->functions[i];
		RETYPE(f->arguments);
		RETYPE(f->identity_args);
		RETYPE(f->returns);
	}
	if (ls_aggregates_retarget(cat, old, new_name, prefix) < 0)
		return LS_ENOMEM;
	return ls_arena_failed(a) ? LS_ENOMEM : 0;
}
