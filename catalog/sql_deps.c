/* What each node of the schema script needs first, and the cycle fixer.
 *
 * Dependencies come from the model: a partition needs its parent, an index
 * its table, a view the relations it reads (ls_view.depends), a trigger its
 * function. Types and expressions are canonical text with every user name
 * qualified, so the names they mention are found by scanning the text for
 * qualified names (skipping string literals) and looking them up: a column
 * of type public.mood needs that type, a DEFAULT calling public.f() needs
 * that function.
 */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"
#include "build.h"

#include <stdlib.h>
#include <string.h>

/* --- the name map --- */

static int add_name(sql_ctx *cx, char ns, const char *text, size_t node)
{
	sql_name *e = ls_arena_push(cx->a, (void **)&cx->names, &cx->n_names, sizeof *e);
	if (!e || !text)
		return LS_ENOMEM;
	e->key = ls_arena_printf(cx->a, "%c%s", ns, text);
	e->node = node;
	return e->key ? 0 : LS_ENOMEM;
}

/* Quoted ("q") and raw ("r") keys of a relation or type. */
static int add_relation_names(sql_ctx *cx, const char *schema, const char *name,
		size_t node, bool raw)
{
	int rc = add_name(cx, 'q', ls_qualify(cx->a, schema, name), node);
	if (rc == 0 && raw)
		rc = add_name(cx, 'r', ls_arena_printf(cx->a, "%s.%s", schema, name), node);
	return rc;
}

static int cmp_name(const void *pa, const void *pb)
{
	const sql_name *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->node > b->node) - (a->node < b->node);
}

static int build_names(sql_ctx *cx)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < cx->n_nodes; i++) {
		const sql_node *n = &cx->nodes[i];
		switch (n->kind) {
		case SK_SCHEMA:
			rc = add_name(cx, 's', n->name, i);
			break;
		case SK_COLLATION:
			rc = add_name(cx, 'c', ls_qualify(cx->a, n->schema, n->name), i);
			break;
		case SK_ENUM:
		case SK_COMPOSITE:
		case SK_DOMAIN:
			rc = add_relation_names(cx, n->schema, n->name, i, false);
			break;
		case SK_TABLE:
		case SK_VIEW:
		case SK_MATVIEW:
			rc = add_relation_names(cx, n->schema, n->name, i, true);
			break;
		case SK_FUNCTION:
		case SK_LATE_FUNCTION:
			rc = add_name(cx, 'f', ls_qualify(cx->a, n->schema, n->name), i);
			break;
		case SK_SEQUENCE:
			rc = add_name(cx, 'S', ls_qualify(cx->a, n->schema, n->name), i);
			break;
		case SK_INDEX: /* only a regclass literal names one (literal_ref) */
			rc = add_name(cx, 'S', ls_qualify(cx->a, n->schema, n->name), i);
			break;
		default:
			break;
		}
	}
	if (rc == 0 && cx->n_names > 1)
		qsort(cx->names, cx->n_names, sizeof *cx->names, cmp_name);
	return rc;
}

/* Index of the first map entry with this key, or n_names (also for a
 * NULL key, an allocation that failed: the arena remembers it). */
static size_t find_name(const sql_ctx *cx, const char *key)
{
	size_t lo = 0, hi = key ? cx->n_names : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cx->names[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return key && lo < cx->n_names && strcmp(cx->names[lo].key, key) == 0 ? lo : cx->n_names;
}

/* --- dependencies --- */

static int add_dep(sql_ctx *cx, size_t i, size_t dep)
{
	if (dep == SQL_NONE || dep == i)
		return 0;
	sql_node *n = &cx->nodes[i];
	for (size_t j = 0; j < n->n_deps; j++)
		if (n->deps[j] == dep)
			return 0;
	size_t *slot = ls_arena_push(cx->a, (void **)&n->deps, &n->n_deps, sizeof *slot);
	if (!slot)
		return LS_ENOMEM;
	*slot = dep;
	return 0;
}

/* Depend on every node the key names (i == SQL_NONE: only count them).
 * Returns the count, or LS_ENOMEM. */
static int dep_on_key(sql_ctx *cx, size_t i, const char *key)
{
	int found = 0;
	for (size_t k = find_name(cx, key); k < cx->n_names && !strcmp(cx->names[k].key, key); k++) {
		if (i != SQL_NONE && add_dep(cx, i, cx->names[k].node) < 0)
			return LS_ENOMEM;
		found++;
	}
	return found;
}

static int dep_on(sql_ctx *cx, size_t i, char ns, const char *text, size_t len)
{
	char key[512];
	if (!text || len + 2 > sizeof key)
		return 0;
	key[0] = ns;
	memcpy(key + 1, text, len);
	key[len + 1] = '\0';
	return dep_on_key(cx, i, key);
}

/* A type as a column or attribute spells it: "public.mood[]" needs the
 * type (or the table whose row type it is) public.mood. */
static int dep_on_type(sql_ctx *cx, size_t i, const char *type)
{
	if (!type)
		return 0;
	size_t len = strlen(type);
	while (len >= 2 && type[len - 2] == '[' && type[len - 1] == ']')
		len -= 2;
	return dep_on(cx, i, 'q', type, len);
}

static bool ident_start(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || c == '$' || (c >= '0' && c <= '9');
}

/* Length of the identifier at p (bare or "quoted"), 0 if none. */
static size_t ident_len(const char *p)
{
	if (*p == '"') {
		const char *q = p + 1;
		while (*q && !(q[0] == '"' && q[1] != '"'))
			q += q[0] == '"' ? 2 : 1;
		return *q ? (size_t)(q - p) + 1 : 0;
	}
	const char *q = p;
	if (!ident_start((unsigned char)*q))
		return 0;
	while (ident_char((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/* Skip a string literal, dollar-quoted string or positional parameter at
 * p; returns where scanning resumes (p itself when there is none). */
static const char *skip_quoted(const char *p, const char *start)
{
	if (*p == '\'') {
		bool esc = p > start && (p[-1] == 'E' || p[-1] == 'e');
		for (p++; *p; p++) {
			if (esc && *p == '\\' && p[1])
				p++;
			else if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				return p + 1;
		}
		return p;
	}
	if (*p == '$') {
		const char *q = p + 1;
		while (ident_char((unsigned char)*q) && *q != '$')
			q++;
		if (*q != '$')
			return q;
		size_t tag = (size_t)(q - p) + 1;
		const char *end;
		for (end = q + 1; *end && strncmp(end, p, tag) != 0; end++)
			;
		return *end ? end + tag : end;
	}
	return p;
}

/* A string literal [p, end) that holds a qualified name and is read as a
 * regclass ('app.t'::regclass, nextval('app.s'), the default of a
 * regclass column): the server resolves it when the expression is stored,
 * so the relation comes first. Any literal spelled schema.name counts:
 * a needless order between two objects costs nothing. */
static int literal_ref(sql_ctx *cx, size_t i, const char *p, const char *end)
{
	if (*p != '\'' || end - p < 4 || end[-1] != '\'')
		return 0;
	const char *body = p + 1;
	size_t n = (size_t)(end - 1 - body), l = ident_len(body);
	if (l == 0 || l >= n || body[l] != '.' || memchr(body, '\'', n))
		return 0;
	size_t l2 = ident_len(body + l + 1);
	if (l + 1 + l2 != n)
		return 0;
	int rc = dep_on(cx, i, 'q', body, n);
	return rc != 0 ? rc : dep_on(cx, i, 'S', body, n);
}

/* Scan canonical SQL text for qualified names (a.b, a.b.c) and depend on
 * what they name: a function when "(" follows, else a relation or type (a
 * three-part name also as its first two parts, schema.table.column).
 * Returns how many references were found, or LS_ENOMEM. */
static int scan_refs(sql_ctx *cx, size_t i, const char *text)
{
	int found = 0;
	for (const char *p = text; p && *p;) {
		const char *q = skip_quoted(p, text);
		if (q != p) {
			int rc = literal_ref(cx, i, p, q);
			if (rc < 0)
				return rc;
			found += rc;
			p = q;
			continue;
		}
		size_t l = ident_len(p);
		if (l == 0) {
			p++;
			continue;
		}
		size_t parts = 1, first_two = 0, len = l;
		while (p[len] == '.' && (l = ident_len(p + len + 1)) > 0) {
			len += 1 + l;
			if (++parts == 2)
				first_two = len;
		}
		int rc = 0;
		if (parts >= 2 && p[len] == '(')
			rc = dep_on(cx, i, 'f', p, len);
		else if (parts >= 2 && (rc = dep_on(cx, i, 'q', p, len)) == 0 && parts > 2)
			rc = dep_on(cx, i, 'q', p, first_two);
		if (rc < 0)
			return rc;
		found += rc;
		p += len;
	}
	return found;
}

static size_t schema_node(sql_ctx *cx, const char *schema)
{
	size_t k = find_name(cx, ls_arena_printf(cx->a, "s%s", schema ? schema : ""));
	return k < cx->n_names ? cx->names[k].node : SQL_NONE;
}

static size_t relation_node(sql_ctx *cx, const char *schema, const char *name)
{
	if (!schema || !name)
		return SQL_NONE;
	size_t k = find_name(cx, ls_arena_printf(cx->a, "r%s.%s", schema, name));
	return k < cx->n_names ? cx->names[k].node : SQL_NONE;
}

/* scan_refs over several texts (NULLs skipped); 0 or LS_ENOMEM. */
static int scan_all(sql_ctx *cx, size_t i, const char *const *texts, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (texts[k] && scan_refs(cx, i, texts[k]) < 0)
			return LS_ENOMEM;
	return 0;
}

static int type_deps(sql_ctx *cx, size_t i, const ls_type *t)
{
	int rc = dep_on_type(cx, i, t->base_type);
	for (size_t k = 0; rc >= 0 && k < t->n_attributes; k++)
		rc = dep_on_type(cx, i, t->attributes[k].type);
	for (size_t k = 0; rc >= 0 && k < t->n_checks; k++)
		rc = scan_refs(cx, i, t->checks[k].expr);
	if (rc >= 0 && t->default_expr)
		rc = scan_refs(cx, i, t->default_expr);
	return rc < 0 ? rc : 0;
}

/* A function needs the types of its signature (and what a SQL-standard
 * body reads); an aggregate its support functions and state types too. */
static int function_deps(sql_ctx *cx, size_t i, const ls_function *f)
{
	const char *texts[] = {f->arguments, f->returns,
		sql_function_kind(f) == SK_LATE_FUNCTION ? f->body : NULL};
	int rc = scan_all(cx, i, texts, 3);
	const ls_aggregate *g = f->aggregate;
	if (rc < 0 || !g)
		return rc;
	const char *types[] = {g->stype, g->mstype};
	const char *fns[] = {g->sfunc, g->finalfunc, g->combinefunc, g->serialfunc,
		g->deserialfunc, g->msfunc, g->minvfunc, g->mfinalfunc};
	rc = scan_all(cx, i, types, 2);
	for (size_t k = 0; rc >= 0 && k < sizeof fns / sizeof *fns; k++)
		if (fns[k] && dep_on(cx, i, 'f', fns[k], strlen(fns[k])) < 0)
			rc = LS_ENOMEM;
	return rc < 0 ? rc : 0;
}

/* A table needs its parent, the types of its columns, and what its
 * defaults, generated expressions and inline CHECKs call (unless the cycle
 * fixer moved them out). */
static int table_deps(sql_ctx *cx, size_t i, const ls_table *t)
{
	const sql_node *n = &cx->nodes[i];
	int rc = 0;
	if (t->parent_table)
		rc = add_dep(cx, i, relation_node(cx, t->parent_schema, t->parent_table));
	for (size_t k = 0; rc == 0 && k < t->n_inherits; k++)
		rc = add_dep(cx, i, relation_node(cx, t->inherits[k].schema, t->inherits[k].name));
	if (rc == 0 && t->partition_key)
		rc = scan_refs(cx, i, t->partition_key);
	for (size_t k = 0; rc >= 0 && k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k];
		bool moved = n->moved_default && n->moved_default[k];
		if ((rc = dep_on_type(cx, i, c->type)) >= 0 && c->default_expr && !moved)
			rc = scan_refs(cx, i, c->default_expr);
		if (rc >= 0 && c->generated)
			rc = scan_refs(cx, i, c->generated);
	}
	for (size_t k = 0; rc >= 0 && k < t->n_constraints; k++) {
		const ls_constraint *c = &t->constraints[k];
		bool moved = n->moved_check && n->moved_check[k];
		if (c->type == 'c' && c->valid && !moved)
			rc = scan_refs(cx, i, c->expr);
	}
	return rc < 0 ? rc : 0;
}

/* A PRIMARY KEY / UNIQUE / EXCLUDE, CHECK or FOREIGN KEY node. */
static int constraint_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const ls_table *t = n->table;
	const ls_constraint *k = &t->constraints[n->item];
	int rc = add_dep(cx, i, relation_node(cx, t->schema, t->name));
	if (rc == 0 && k->type == 'f')
		rc = add_dep(cx, i, relation_node(cx, k->ref_schema, k->ref_table));
	const char *texts[] = {k->expr, k->exclusion};
	return rc < 0 ? rc : scan_all(cx, i, texts, 2);
}

static int index_deps(sql_ctx *cx, size_t i, const ls_index *x)
{
	int rc = add_dep(cx, i, relation_node(cx, x->schema, x->table));
	for (size_t k = 0; rc >= 0 && k < x->n_keys; k++)
		if (x->keys[k].expr)
			rc = scan_refs(cx, i, x->keys[k].expr);
	if (rc >= 0 && x->where)
		rc = scan_refs(cx, i, x->where);
	return rc < 0 ? rc : 0;
}

static int view_deps(sql_ctx *cx, size_t i, const ls_view *v)
{
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < v->n_depends; k++) {
		size_t e = find_name(cx, ls_arena_printf(cx->a, "r%s", v->depends[k]));
		if (e < cx->n_names)
			rc = add_dep(cx, i, cx->names[e].node);
	}
	if (rc == 0 && scan_refs(cx, i, v->definition) < 0)
		rc = LS_ENOMEM;
	return rc;
}

/* A trigger needs its function; a policy what its expressions call. */
static int trigger_policy_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const ls_table *t = n->table;
	int rc = add_dep(cx, i, relation_node(cx, n->schema, n->name));
	if (rc == 0 && n->kind == SK_TRIGGER) {
		/* a view's trigger has no table: obj is the view */
		const ls_trigger *g = t ? &t->triggers[n->item] :
			&((const ls_view *)n->obj)->triggers[n->item];
		if (g->function && dep_on(cx, i, 'f', g->function, strlen(g->function)) < 0)
			rc = LS_ENOMEM;
		if (rc == 0 && g->when && scan_refs(cx, i, g->when) < 0)
			rc = LS_ENOMEM;
	} else if (rc == 0 && n->kind == SK_POLICY) {
		const ls_policy *p = &t->policies[n->item];
		const char *texts[] = {p->using_expr, p->check_expr};
		rc = scan_all(cx, i, texts, 2);
	}
	return rc;
}

/* A comment or grant follows its object and, for a table, the nodes of
 * the constraints, triggers and policies it may name. */
static int meta_deps(sql_ctx *cx, size_t i)
{
	size_t target = cx->nodes[i].target_node;
	int rc = add_dep(cx, i, target);
	sql_kind tk = cx->nodes[i].target;
	if (rc == 0 && target != SQL_NONE && (tk == SK_TABLE || tk == SK_VIEW || tk == SK_MATVIEW)) {
		size_t first = cx->nodes[target].first_child, n = cx->nodes[target].n_children;
		for (size_t k = 0; rc == 0 && k < n; k++)
			rc = add_dep(cx, i, first + k);
	}
	return rc;
}

/* Whether canonical text e names collation q after COLLATE. */
static bool text_collates(const char *e, const char *q)
{
	size_t n = strlen(q);
	for (const char *p = e; p && (p = strstr(p, "COLLATE ")); p += 8)
		if (!strncmp(p + 8, q, n) && (p[8 + n] == '\0' || strchr(" ),:;[]", p[8 + n])))
			return true;
	return false;
}

static bool same_text(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Whether the object of node n uses collation q (qualified): a column,
 * domain, attribute or index key of it, or an expression naming it. */
static bool node_collates(const sql_node *n, const char *q)
{
	switch (n->kind) {
	case SK_TABLE: {
		const ls_table *t = n->obj;
		for (size_t j = 0; j < t->n_columns; j++)
			if (same_text(t->columns[j].collation, q) ||
					text_collates(t->columns[j].generated, q) ||
					(!(n->moved_default && n->moved_default[j]) &&
					 text_collates(t->columns[j].default_expr, q)))
				return true;
		for (size_t j = 0; j < t->n_constraints; j++)
			if (t->constraints[j].type == 'c' && !(n->moved_check && n->moved_check[j]) &&
					text_collates(t->constraints[j].expr, q))
				return true;
		return false;
	}
	case SK_DEFAULT:
		return text_collates(n->table->columns[n->item].default_expr, q);
	case SK_CHECK:
	case SK_KEY:
		return text_collates(((const ls_constraint *)n->obj)->expr, q) ||
			text_collates(((const ls_constraint *)n->obj)->exclusion, q);
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN: {
		const ls_type *t = n->obj;
		bool uses = same_text(t->collation, q) || text_collates(t->default_expr, q);
		for (size_t j = 0; j < t->n_attributes; j++)
			uses = uses || same_text(t->attributes[j].collation, q);
		for (size_t j = 0; j < t->n_checks; j++)
			uses = uses || text_collates(t->checks[j].expr, q);
		return uses;
	}
	case SK_INDEX: {
		const ls_index *x = n->obj;
		bool uses = text_collates(x->where, q);
		for (size_t j = 0; j < x->n_keys; j++)
			uses = uses || same_text(x->keys[j].collation, q) || text_collates(x->keys[j].expr, q);
		return uses;
	}
	case SK_VIEW:
	case SK_MATVIEW:
		return text_collates(((const ls_view *)n->obj)->definition, q);
	default:
		return false;
	}
}

/* Node i after the collations of the catalog it uses. */
static int collation_deps(sql_ctx *cx, size_t i)
{
	for (size_t k = 0; cx->coll_q && k < cx->cat->n_collations; k++)
		if (node_collates(&cx->nodes[i], cx->coll_q[k]) && add_dep(cx, i, cx->coll_node[k]) < 0)
			return LS_ENOMEM;
	return 0;
}

/* cx->coll_q and cx->coll_node, once the names are built. */
static int map_collations(sql_ctx *cx)
{
	size_t n = cx->cat->n_collations;
	if (!n)
		return 0;
	cx->coll_q = ls_arena_alloc(cx->a, n * sizeof *cx->coll_q);
	cx->coll_node = ls_arena_alloc(cx->a, n * sizeof *cx->coll_node);
	if (!cx->coll_q || !cx->coll_node)
		return LS_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		const ls_collation *c = &cx->cat->collations[k];
		const char *q = ls_qualify(cx->a, c->schema, c->name);
		size_t at = q ? find_name(cx, ls_arena_printf(cx->a, "c%s", q)) : cx->n_names;
		if (!q)
			return LS_ENOMEM;
		cx->coll_q[k] = q;
		cx->coll_node[k] = at < cx->n_names ? cx->names[at].node : SQL_NONE;
	}
	return 0;
}

static int kind_deps(sql_ctx *cx, size_t i);

/* The dependencies of node i: by its kind, and the collations it uses. */
static int node_deps(sql_ctx *cx, size_t i)
{
	int rc = kind_deps(cx, i);
	return rc < 0 ? rc : collation_deps(cx, i);
}

static int kind_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const void *obj = n->obj;
	int rc = 0;
	if (n->kind != SK_SCHEMA && n->kind != SK_EXTENSION)
		rc = add_dep(cx, i, schema_node(cx, n->schema));
	if (rc < 0)
		return rc;
	switch (n->kind) {
	case SK_EXTENSION:
		return add_dep(cx, i, schema_node(cx, ((const ls_extension *)obj)->schema));
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN:
		/* A sequence has no row type, but the server refuses to create a
		 * relation named like an existing type: an enum or domain that
		 * shares its name with a sequence was created after it. */
		if (dep_on_key(cx, i, ls_arena_printf(cx->a, "S%s", ls_qualify(cx->a, n->schema,
				n->name))) < 0)
			return LS_ENOMEM;
		return type_deps(cx, i, obj);
	case SK_FUNCTION:
	case SK_LATE_FUNCTION:
		return function_deps(cx, i, obj);
	case SK_TABLE:
		return table_deps(cx, i, obj);
	case SK_DEFAULT: {
		const ls_column *c = &n->table->columns[n->item];
		rc = add_dep(cx, i, relation_node(cx, n->table->schema, n->table->name));
		return rc < 0 || scan_refs(cx, i, c->default_expr) < 0 ? LS_ENOMEM : 0;
	}
	case SK_OWNED_BY: {
		const ls_sequence *s = obj;
		rc = add_dep(cx, i, n->target_node);
		return rc < 0 ? rc : add_dep(cx, i, relation_node(cx, s->schema, s->owned_table));
	}
	case SK_KEY:
	case SK_CHECK:
	case SK_FOREIGN_KEY:
		return constraint_deps(cx, i);
	case SK_INDEX:
		return index_deps(cx, i, obj);
	case SK_VIEW:
	case SK_MATVIEW:
		return view_deps(cx, i, obj);
	case SK_TRIGGER:
	case SK_POLICY:
	case SK_RLS:
		return trigger_policy_deps(cx, i);
	case SK_COMMENT:
	case SK_GRANT:
		return meta_deps(cx, i);
	default:
		return 0;
	}
}

int sql_link(sql_ctx *cx)
{
	int rc = build_names(cx);
	if (rc == 0)
		rc = map_collations(cx);
	for (size_t i = 0; rc == 0 && i < cx->n_nodes; i++)
		rc = node_deps(cx, i);
	return rc;
}

/* Move one default (is_check false) or CHECK of table node i into a node
 * of its own. */
static int split_item(sql_ctx *cx, size_t i, bool is_check, size_t item)
{
	const ls_table *t = cx->nodes[i].table;
	const char *sub = is_check ? t->constraints[item].name : t->columns[item].name;
	size_t n = sql_add_node(cx, is_check ? SK_CHECK : SK_DEFAULT, t->schema, t->name, sub,
			is_check ? (const void *)&t->constraints[item] : (const void *)&t->columns[item]);
	if (n == SQL_NONE)
		return LS_ENOMEM;
	cx->nodes[n].table = t;
	cx->nodes[n].item = item;
	if (is_check)
		cx->nodes[i].moved_check[item] = true;
	else
		cx->nodes[i].moved_default[item] = true;
	return node_deps(cx, n);
}

int sql_split_table(sql_ctx *cx, size_t i)
{
	const ls_table *t = cx->nodes[i].table;
	if (cx->nodes[i].moved_default)
		return 0; /* already split: what is left cannot move */
	bool *md = ls_arena_alloc(cx->a, (t->n_columns + 1) * sizeof *md);
	bool *mc = ls_arena_alloc(cx->a, (t->n_constraints + 1) * sizeof *mc);
	if (!md || !mc)
		return LS_ENOMEM;
	cx->nodes[i].moved_default = md;
	cx->nodes[i].moved_check = mc;
	int moved = 0, rc = 0;
	for (size_t k = 0; rc >= 0 && k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k];
		if (c->default_expr && (rc = scan_refs(cx, SQL_NONE, c->default_expr)) > 0) {
			rc = split_item(cx, i, false, k);
			moved = 1;
		}
	}
	for (size_t k = 0; rc >= 0 && k < t->n_constraints; k++) {
		const ls_constraint *c = &t->constraints[k];
		if (c->type == 'c' && c->valid && (rc = scan_refs(cx, SQL_NONE, c->expr)) > 0) {
			rc = split_item(cx, i, true, k);
			moved = 1;
		}
	}
	if (rc < 0)
		return LS_ENOMEM;
	/* The table's own dependencies again, without what moved out. */
	cx->nodes[i].n_deps = 0;
	if (node_deps(cx, i) < 0)
		return LS_ENOMEM;
	return moved;
}
