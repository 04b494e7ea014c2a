/* Renames inside stored definitions.
 *
 * PostgreSQL binds names in expressions and view queries to objects, not
 * to text: after ALTER TABLE ... RENAME COLUMN the server prints the new
 * name in every CHECK, default, index expression and view that uses the
 * column (a view keeps the old name as its output column's name). The
 * catalog keeps canonical text, so a rename re-parses each affected text,
 * rewrites the names in the tree and deparses it again.
 *
 * The tree walk is generic (protobuf-c reflection over every message
 * field), so no node kind is missed. Names are swapped in place; the
 * original pointers are put back before libpg_query's free runs, since the
 * new strings belong to the catalog's arena.
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "rewrite.h"
#include "apply_table.h"
#include "sha256.h"
#include "expr_type.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct undo {
	char **slot;
	char *orig;
} undo;

typedef struct walk {
	const ls_rename *rn;
	ls_arena *arena;
	const char **refnames;    /* range names that stand for the renamed relation */
	size_t n_refnames;
	undo *undos;
	size_t n_undos;
	bool failed;
	bool changed;
	bool detect;              /* only report (changed) whether a name is used */
	const char *own_old;      /* a renamed routine's body: parameters are */
	const char *own_new;      /* qualified with its name, old and new */
	ls_apply *ap;             /* with rn->overload: resolving calls */
	ls_norm *norm;            /* made at the first call of the name */
} walk;

static void set_str(walk *w, char **slot, const char *value)
{
	if (w->detect) {
		w->changed = true;
		return;
	}
	/* the copy first: an undo is pushed only with its slot filled in */
	char *copy = ls_arena_strdup(w->arena, value);
	undo *u = copy ? ls_arena_push(w->arena, (void **)&w->undos, &w->n_undos, sizeof *u) : NULL;
	if (!u || !copy) {
		w->failed = true;
		return;
	}
	u->slot = slot;
	u->orig = *slot;
	*slot = copy;
	w->changed = true;
}

static bool is_refname(const walk *w, const char *name)
{
	for (size_t i = 0; i < w->n_refnames; i++)
		if (!strcmp(w->refnames[i], name))
			return true;
	return false;
}

/* The column a ColumnRef names if it is the renamed one, as its String. */
static PgQuery__String *renamed_column(const walk *w, const PgQuery__ColumnRef *c)
{
	const ls_rename *rn = w->rn;
	if (!rn->old_column || c->n_fields == 0)
		return NULL;
	pgnode *last = c->fields[c->n_fields - 1];
	if (last->node_case != PG_QUERY__NODE__NODE_STRING || strcmp(last->string->sval, rn->old_column))
		return NULL;
	if (c->n_fields == 1)
		return rn->bare_columns ? last->string : NULL;
	pgnode *rel = c->fields[c->n_fields - 2];
	return rel->node_case == PG_QUERY__NODE__NODE_STRING && is_refname(w, rel->string->sval) ?
		last->string : NULL;
}

static void visit(walk *w, ProtobufCMessage *m);

/* ALTER SCHEMA old RENAME TO new: relations, functions and types named in
 * the schema, and nextval('old.seq') arguments. */
static void rename_schema_refs(walk *w, ProtobufCMessage *m)
{
	const ls_rename *rn = w->rn;
	if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *r = (PgQuery__RangeVar *)m;
		if (!strcmp(r->schemaname, rn->old_schema_name))
			set_str(w, &r->schemaname, rn->new_schema_name);
	} else if (m->descriptor == &pg_query__func_call__descriptor ||
			m->descriptor == &pg_query__type_name__descriptor) {
		size_t n;
		pgnode **names;
		if (m->descriptor == &pg_query__func_call__descriptor) {
			n = ((PgQuery__FuncCall *)m)->n_funcname;
			names = ((PgQuery__FuncCall *)m)->funcname;
		} else {
			n = ((PgQuery__TypeName *)m)->n_names;
			names = ((PgQuery__TypeName *)m)->names;
		}
		if (n == 2 && names[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
				!strcmp(names[0]->string->sval, rn->old_schema_name))
			set_str(w, &names[0]->string->sval, rn->new_schema_name);
	} else if (m->descriptor == &pg_query__a__const__descriptor) {
		PgQuery__AConst *k = (PgQuery__AConst *)m;
		const char *qold = ls_quote_ident(w->arena, rn->old_schema_name);
		size_t n = qold ? strlen(qold) : 0;
		if (k->val_case == PG_QUERY__A__CONST__VAL_SVAL && qold &&
				!strncmp(k->sval->sval, qold, n) && k->sval->sval[n] == '.') {
			const char *q = ls_arena_printf(w->arena, "%s%s",
					ls_quote_ident(w->arena, rn->new_schema_name), k->sval->sval + n);
			if (q)
				set_str(w, &k->sval->sval, q);
		}
	}
}

/* Per-message rules, applied before the children are visited. */

/* Whether the call f resolves (argument types as stored) to an overload of
 * its name other than the one detected. */
static bool other_overload(walk *w, const PgQuery__FuncCall *f)
{
	if (!w->detect || !w->rn->overload || !w->ap)
		return false;
	if (!w->norm)
		w->norm = ls_norm_new(w->ap, NULL, NULL);
	ls_call c;
	return w->norm && ls_expr_user_call(w->norm, f, SIZE_MAX, false, &c) == 1 &&
		c.f != w->rn->overload;
}

static void rewrite_message(walk *w, ProtobufCMessage *m)
{
	const ls_rename *rn = w->rn;
	if (rn->old_schema_name) {
		rename_schema_refs(w, m);
		return;
	}
	if (m->descriptor == &pg_query__res_target__descriptor) {
		/* A view's output column keeps its name across a column rename. */
		PgQuery__ResTarget *rt = (PgQuery__ResTarget *)m;
		if (w->n_refnames && !rt->name[0] && rt->val &&
				rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
				renamed_column(w, rt->val->column_ref))
			set_str(w, &rt->name, rn->old_column);
	} else if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		PgQuery__String *col = renamed_column(w, c);
		if (col)
			set_str(w, &col->sval, rn->new_column);
		if (w->own_old && c->n_fields == 2 &&
				c->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
				!strcmp(c->fields[0]->string->sval, w->own_old))
			set_str(w, &c->fields[0]->string->sval, w->own_new);
		if (rn->new_table && strcmp(rn->old_table, rn->new_table) && c->n_fields >= 2 &&
				c->fields[c->n_fields - 2]->node_case == PG_QUERY__NODE__NODE_STRING &&
				!strcmp(c->fields[c->n_fields - 2]->string->sval, rn->old_table))
			set_str(w, &c->fields[c->n_fields - 2]->string->sval, rn->new_table);
	} else if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *r = (PgQuery__RangeVar *)m;
		if (rn->new_table && rn->schema && r->schemaname[0] && !strcmp(r->schemaname, rn->schema) &&
				!strcmp(r->relname, rn->old_table)) {
			if (w->detect && !rn->old_column) {
				w->changed = true; /* ls_body_reads: the relation is read */
				return;
			}
			if (strcmp(rn->old_table, rn->new_table))
				set_str(w, &r->relname, rn->new_table);
			if (rn->new_schema)
				set_str(w, &r->schemaname, rn->new_schema);
		}
	} else if ((m->descriptor == &pg_query__insert_stmt__descriptor ||
			m->descriptor == &pg_query__update_stmt__descriptor) && rn->old_column && rn->schema) {
		/* a body's INSERT column list and UPDATE SET name target columns */
		bool insert = m->descriptor == &pg_query__insert_stmt__descriptor;
		PgQuery__RangeVar *rel = insert ? ((PgQuery__InsertStmt *)m)->relation :
			((PgQuery__UpdateStmt *)m)->relation;
		size_t n = insert ? ((PgQuery__InsertStmt *)m)->n_cols : ((PgQuery__UpdateStmt *)m)->n_target_list;
		pgnode **items = insert ? ((PgQuery__InsertStmt *)m)->cols : ((PgQuery__UpdateStmt *)m)->target_list;
		if (rel && rel->schemaname[0] && !strcmp(rel->schemaname, rn->schema) &&
				!strcmp(rel->relname, rn->table))
			for (size_t i = 0; i < n; i++)
				if (items[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
						!strcmp(items[i]->res_target->name, rn->old_column))
					set_str(w, &items[i]->res_target->name, rn->new_column);
	} else if (m->descriptor == &pg_query__func_call__descriptor && rn->old_function) {
		/* calls print the function's current name and schema */
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		if (f->n_funcname == 2 && f->funcname[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
				f->funcname[1]->node_case == PG_QUERY__NODE__NODE_STRING &&
				!strcmp(f->funcname[0]->string->sval, rn->func_schema) &&
				!strcmp(f->funcname[1]->string->sval, rn->old_function) &&
				!other_overload(w, f)) {
			if (strcmp(rn->old_function, rn->new_function))
				set_str(w, &f->funcname[1]->string->sval, rn->new_function);
			if (rn->new_func_schema)
				set_str(w, &f->funcname[0]->string->sval, rn->new_func_schema);
		}
	} else if (m->descriptor == &pg_query__type_name__descriptor && rn->old_type) {
		/* casts print the type's current name (bound by oid) */
		PgQuery__TypeName *t = (PgQuery__TypeName *)m;
		if (t->n_names == 2 && t->names[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
				t->names[1]->node_case == PG_QUERY__NODE__NODE_STRING &&
				!strcmp(t->names[0]->string->sval, rn->type_schema) &&
				!strcmp(t->names[1]->string->sval, rn->old_type)) {
			if (strcmp(rn->old_type, rn->new_type))
				set_str(w, &t->names[1]->string->sval, rn->new_type);
			if (rn->new_type_schema)
				set_str(w, &t->names[0]->string->sval, rn->new_type_schema);
		}
	} else if (m->descriptor == &pg_query__a__const__descriptor && rn->old_sequence) {
		/* nextval('schema.seq'): the regclass follows the sequence */
		PgQuery__AConst *k = (PgQuery__AConst *)m;
		if (k->val_case == PG_QUERY__A__CONST__VAL_SVAL && !strcmp(k->sval->sval, rn->old_sequence))
			set_str(w, &k->sval->sval, rn->new_sequence);
	}
}

/* Visit every message reachable from m (oneof members only when set). */
static void visit(walk *w, ProtobufCMessage *m)
{
	if (!m || w->failed)
		return;
	rewrite_message(w, m);
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		char *base = (char *)m;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(uint32_t *)(base + f->quantifier_offset) != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **items = *(ProtobufCMessage ***)(base + f->offset);
			for (size_t k = 0; k < n; k++)
				visit(w, items[k]);
		} else {
			visit(w, *(ProtobufCMessage **)(base + f->offset));
		}
	}
}

void ls_each_message(ProtobufCMessage *m, void (*fn)(ProtobufCMessage *, void *), void *ctx)
{
	if (!m)
		return;
	fn(m, ctx);
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char *base = (char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
				((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *(uint32_t *)(base + f->quantifier_offset) != f->id))
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **items = *(ProtobufCMessage ***)(base + f->offset);
			for (size_t k = 0; k < n; k++)
				ls_each_message(items[k], fn, ctx);
		} else {
			ls_each_message(*(ProtobufCMessage **)(base + f->offset), fn, ctx);
		}
	}
}

/* Range names standing for the renamed relation: the alias, or the
 * relation's (old) name, of every RangeVar naming it. */
static void refname_of(ProtobufCMessage *m, void *ctx)
{
	walk *w = ctx;
	const char *table = w->rn->old_table ? w->rn->old_table : w->rn->table;
	if (w->failed || m->descriptor != &pg_query__range_var__descriptor)
		return;
	PgQuery__RangeVar *r = (PgQuery__RangeVar *)m;
	if (r->schemaname[0] && !strcmp(r->schemaname, w->rn->schema) && !strcmp(r->relname, table)) {
		const char **slot = ls_arena_push(w->arena, (void **)&w->refnames, &w->n_refnames, sizeof *slot);
		if (!slot)
			w->failed = true;
		else
			*slot = r->alias ? r->alias->aliasname : r->relname;
	}
}

static void collect_refnames(walk *w, ProtobufCMessage *m)
{
	if (!w->rn->schema || !(w->rn->old_table ? w->rn->old_table : w->rn->table))
		return; /* a sequence rename names no relation */
	ls_each_message(m, refname_of, w);
}

/* Whether text holds needle, ASCII letters compared without case (how
 * PostgreSQL folds unquoted identifiers; lockstep runs in the C locale,
 * where strncasecmp folds ASCII only). */
static bool holds(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = text; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

/* The last part of a qualified name quoted as quote_ident writes it
 * ("s"."My Seq" gives My Seq), in a; NULL when it holds a quote of either
 * kind (spelled differently inside a literal) or on no memory. */
static const char *last_part(ls_arena *a, const char *qualified)
{
	const char *start = qualified;
	bool quoted = false;
	for (const char *p = qualified; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '.' && !quoted)
			start = p + 1;
	}
	size_t n = strlen(start);
	if (n >= 2 && start[0] == '"' && start[n - 1] == '"') {
		start++;
		n -= 2;
	}
	if (memchr(start, '"', n) || memchr(start, '\'', n))
		return NULL;
	char *out = ls_arena_alloc(a, n + 1);
	if (out) {
		memcpy(out, start, n);
		out[n] = '\0';
	}
	return out;
}

/* Whether text may name what rn renames. A name is spelled in the text
 * (any case, when unquoted) unless it holds a quote (doubled when quoted)
 * or the text uses U&"..." escapes; then the text is parsed. Most texts of
 * a large catalog mention none of the names, and parsing each for every
 * rename was a third of a plan's time. */
static bool may_name(const ls_rename *rn, const char *seq, const char *text)
{
	const char *names[] = {rn->old_column, rn->old_table, rn->old_function, rn->old_schema_name,
		rn->old_type, seq};
	if ((rn->old_sequence && !seq) || holds(text, "u&"))
		return true;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i] && (strchr(names[i], '"') || holds(text, names[i])))
			return true;
	return false;
}

/* What a canonical text is: how it is parsed and printed again. */
typedef enum text_kind { TEXT_EXPR, TEXT_QUERY, TEXT_BODY, TEXT_PARTKEY } text_kind;

/* Whether f's body is SQL-standard (RETURN, BEGIN ATOMIC), stored as the
 * server prints it (apply_func_body.c); other bodies are opaque text. */
bool ls_function_has_sql_body(const ls_function *f)
{
	return f->body && f->language && !strcmp(f->language, "sql") &&
		(!strncmp(f->body, "BEGIN ATOMIC\n", 13) || !strncmp(f->body, "RETURN ", 7));
}

/* text parsed after head (a statement that gives it a place): the one
 * statement of the result, in *root, when it is of kind want; NULL there
 * otherwise. Returns the result to free with ls_expr_free. */
static PgQuery__ParseResult *parse_in(const char *head, const char *text, PgQuery__Node__NodeCase want,
		pgnode **root)
{
	size_t h = strlen(head), n = strlen(text);
	*root = NULL;
	char *q = ls_malloc(h + n + 1);
	if (!q)
		return NULL;
	memcpy(q, head, h);
	memcpy(q + h, text, n + 1);
	PgQuery__ParseResult *r = ls_parse_tree(q);
	free(q);
	if (r && r->n_stmts == 1 && r->stmts[0]->stmt->node_case == want)
		*root = r->stmts[0]->stmt;
	return r;
}

PgQuery__ParseResult *ls_parse_sql_body(const char *body, pgnode **root)
{
	PgQuery__ParseResult *r = parse_in("CREATE FUNCTION lockstep_body() LANGUAGE sql ", body,
			PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT, root);
	if (*root && !(*root)->create_function_stmt->sql_body)
		*root = NULL;
	return r;
}

/* The body of a parsed CREATE FUNCTION printed as apply_func_body.c prints
 * it: "RETURN expr", or "BEGIN ATOMIC\n  stmt;\n...END". NULL on failure. */
static const char *print_body(ls_arena *a, const pgnode *root)
{
	const pgnode *body = root->create_function_stmt->sql_body;
	if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
		const char *e = ls_deparse_expr(a, body->return_stmt->returnval);
		return e ? ls_arena_printf(a, "RETURN %s", e) : NULL;
	}
	if (body->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	const pgnode *inner = body->list->n_items > 0 ? body->list->items[0] : NULL;
	size_t count = inner && inner->node_case == PG_QUERY__NODE__NODE_LIST ? inner->list->n_items : 0;
	const char *text = "BEGIN ATOMIC\n";
	for (size_t i = 0; text && i < count; i++) {
		const char *st = ls_deparse_stmt(a, inner->list->items[i]);
		text = st ? ls_arena_printf(a, "%s  %s;\n", text, st) : NULL;
	}
	return text ? ls_arena_printf(a, "%sEND", text) : NULL;
}

/* A partition key ("LIST (a, (lower(b)))") parsed as the CREATE TABLE it
 * belongs to; *root is that statement, NULL when the text is not a key. */
static PgQuery__ParseResult *parse_partition_key(const char *key, pgnode **root)
{
	PgQuery__ParseResult *r = parse_in("CREATE TABLE lockstep_key () PARTITION BY ", key,
			PG_QUERY__NODE__NODE_CREATE_STMT, root);
	if (*root && !(*root)->create_stmt->partspec)
		*root = NULL;
	return r;
}

/* A key column named by the renamed column (its own table's key only:
 * bare_columns); expressions in the key are the generic walk's. */
static void rename_key_columns(walk *w, PgQuery__PartitionSpec *ps)
{
	const ls_rename *rn = w->rn;
	if (!rn->bare_columns || !rn->old_column)
		return;
	for (size_t i = 0; i < ps->n_part_params; i++) {
		PgQuery__PartitionElem *pe = ps->part_params[i]->partition_elem;
		if (pe && pe->name && !strcmp(pe->name, rn->old_column))
			set_str(w, &pe->name, rn->new_column);
	}
}

/* Rewrite one canonical text (seq: last_part of rn's sequence): an
 * expression, a whole SELECT, a partition key, or a SQL-standard body (own_old/own_new: the
 * routine's name when it is the one renamed, else NULL). Returns the new
 * text in the catalog arena, the old pointer when nothing changed, NULL
 * on failure. */
static const char *rewrite_text(ls_apply *ap, const ls_rename *rn, const char *seq,
		const char *text, text_kind kind, const char *own_old, const char *own_new)
{
	if (!own_old && !may_name(rn, seq, text))
		return text;
	walk w = {.rn = rn, .arena = ap->cat->arena, .own_old = own_old, .own_new = own_new};
	pgnode *root;
	PgQuery__ParseResult *r = NULL;
	if (kind == TEXT_QUERY) {
		r = ls_parse_tree(text);
		root = r && r->n_stmts == 1 ? r->stmts[0]->stmt : NULL;
	} else if (kind == TEXT_BODY) {
		r = ls_parse_sql_body(text, &root);
	} else if (kind == TEXT_PARTKEY) {
		r = parse_partition_key(text, &root);
	} else {
		r = ls_parse_expr(text, &root);
	}
	if (!r || !root) {
		ls_expr_free(r);
		return text; /* not ours to judge: leave it as it is */
	}
	if (kind == TEXT_PARTKEY) {
		rename_key_columns(&w, root->create_stmt->partspec);
		visit(&w, &root->create_stmt->partspec->base);
	} else {
		if (kind != TEXT_EXPR)
			collect_refnames(&w, &root->base);
		visit(&w, &root->base);
	}
	const char *out = text;
	if (w.changed && !w.failed)
		out = kind == TEXT_QUERY ? ls_deparse_stmt(ap->cat->arena, root) :
			kind == TEXT_BODY ? print_body(ap->cat->arena, root) :
			kind == TEXT_PARTKEY ? ls_partition_key(ap, root->create_stmt->partspec) :
			ls_deparse_expr(ap->cat->arena, root);
	for (size_t i = w.n_undos; i-- > 0;)
		*w.undos[i].slot = w.undos[i].orig;
	ls_expr_free(r);
	return w.failed ? NULL : out;
}

#define REWRITE(field, query) \
	do { \
		if (field) { \
			const char *nt = rewrite_text(ap, rn, seq, (field), \
					(query) ? TEXT_QUERY : TEXT_EXPR, NULL, NULL); \
			if (!nt) \
				return ls_apply_nomem(ap); \
			(field) = nt; \
		} \
	} while (0)

int ls_rewrite_names(ls_apply *ap, const ls_rename *rn)
{
	ls_catalog *cat = ap->cat;
	/* the renamed sequence's own name, which a text naming it holds */
	const char *seq = rn->old_sequence ? last_part(cat->arena, rn->old_sequence) : NULL;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		bool own = rn->table && !strcmp(t->schema, rn->new_schema ? rn->new_schema : rn->schema) &&
			!strcmp(t->name, rn->new_table ? rn->new_table : rn->table);
		ls_rename local = *rn;
		local.bare_columns = own;
		const ls_rename *save = rn;
		rn = &local;
		for (size_t j = 0; j < t->n_columns; j++) {
			REWRITE(t->columns[j].default_expr, false);
			REWRITE(t->columns[j].generated, false);
		}
		for (size_t j = 0; j < t->n_constraints; j++)
			REWRITE(t->constraints[j].expr, false);
		if (own && t->partition_key) {
			const char *nt = rewrite_text(ap, rn, seq, t->partition_key, TEXT_PARTKEY, NULL, NULL);
			if (!nt)
				return ls_apply_nomem(ap);
			t->partition_key = nt;
		}
		for (size_t j = 0; j < t->n_policies; j++) {
			REWRITE(t->policies[j].using_expr, false);
			REWRITE(t->policies[j].check_expr, false);
		}
		for (size_t j = 0; rn->old_function && j < t->n_triggers; j++) {
			const char *oldq = ls_qualify(cat->arena, rn->func_schema, rn->old_function);
			if (oldq && t->triggers[j].function && !strcmp(t->triggers[j].function, oldq))
				t->triggers[j].function = ls_qualify(cat->arena,
						rn->new_func_schema ? rn->new_func_schema : rn->func_schema, rn->new_function);
		}
		rn = save;
	}
	/* a view's triggers name their function too */
	for (size_t i = 0; rn->old_function && i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		const char *oldq = ls_qualify(cat->arena, rn->func_schema, rn->old_function);
		for (size_t j = 0; oldq && j < v->n_triggers; j++)
			if (v->triggers[j].function && !strcmp(v->triggers[j].function, oldq))
				v->triggers[j].function = ls_qualify(cat->arena,
						rn->new_func_schema ? rn->new_func_schema : rn->func_schema, rn->new_function);
	}
	/* domains: VALUE is no column of any table */
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		ls_rename local = *rn;
		local.bare_columns = false;
		const ls_rename *save = rn;
		rn = &local;
		REWRITE(t->default_expr, false);
		for (size_t j = 0; j < t->n_checks; j++)
			REWRITE(t->checks[j].expr, false);
		rn = save;
	}
	for (size_t i = 0; i < cat->n_indexes; i++) {
		ls_index *x = &cat->indexes[i];
		ls_rename local = *rn;
		local.bare_columns = rn->table && !strcmp(x->schema, rn->schema) &&
			!strcmp(x->table, rn->new_table ? rn->new_table : rn->table);
		const ls_rename *save = rn;
		rn = &local;
		for (size_t j = 0; j < x->n_keys; j++)
			REWRITE(x->keys[j].expr, false);
		REWRITE(x->where, false);
		rn = save;
	}
	for (size_t i = 0; i < cat->n_views; i++) {
		ls_rename local = *rn;
		local.bare_columns = false;
		const ls_rename *save = rn;
		rn = &local;
		REWRITE(cat->views[i].definition, true);
		rn = save;
	}
	/* SQL-standard bodies: the server keeps them parsed, bound to what
	 * they name, and prints the new names */
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *f = &cat->functions[i];
		if (!ls_function_has_sql_body(f))
			continue;
		bool own = f == rn->function && strcmp(rn->old_function, rn->new_function);
		ls_rename local = *rn;
		local.bare_columns = false;
		const char *nt = rewrite_text(ap, &local, seq, f->body, TEXT_BODY,
				own ? rn->old_function : NULL, own ? rn->new_function : NULL);
		if (!nt)
			return ls_apply_nomem(ap);
		if (nt == f->body)
			continue;
		char hex[65];
		ls_sha256_hex(nt, strlen(nt), hex);
		f->body = nt;
		f->body_sha256 = ls_arena_strdup(cat->arena, hex);
		if (!f->body_sha256)
			return ls_apply_nomem(ap);
	}
	return 0;
}

/* A rename of schema.table (or of its column, when not NULL) to itself:
 * with .detect, the walk only says whether a text names it. */
static ls_rename reading(const char *schema, const char *table, const char *column)
{
	ls_rename rn = {.schema = schema, .table = table};
	if (column) {
		rn.old_column = column;
		rn.new_column = column;
	} else {
		rn.old_table = table;
		rn.new_table = table;
	}
	return rn;
}

bool ls_body_reads(ls_apply *ap, const ls_function *f, const char *schema,
		const char *table, const char *column)
{
	if (!ls_function_has_sql_body(f))
		return false;
	ls_rename rn = reading(schema, table, column);
	/* a body that cannot spell the name is not parsed (every DROP asks
	 * about every SQL-standard body) */
	if (!may_name(&rn, NULL, f->body))
		return false;
	walk w = {.rn = &rn, .arena = ap->cat->arena, .detect = true};
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_sql_body(f->body, &root);
	if (root) {
		collect_refnames(&w, &root->base);
		visit(&w, &root->base);
	}
	ls_expr_free(r);
	return w.changed;
}

typedef struct targets {
	ls_arena *a;
	const char **names;
	size_t n;
} targets;

static void add_target(targets *t, const PgQuery__RangeVar *r)
{
	if (!r || !r->relname[0])
		return;
	const char *q = r->schemaname[0] ?
		ls_arena_printf(t->a, "%s.%s", ls_quote_ident(t->a, r->schemaname),
				ls_quote_ident(t->a, r->relname)) : ls_quote_ident(t->a, r->relname);
	for (size_t i = 0; i < t->n; i++)
		if (q && !strcmp(t->names[i], q))
			return;
	const char **slot = ls_arena_push(t->a, (void **)&t->names, &t->n, sizeof *slot);
	if (slot)
		*slot = q;
}

static void target_of(ProtobufCMessage *m, void *ctx)
{
	if (m->descriptor == &pg_query__insert_stmt__descriptor)
		add_target(ctx, ((PgQuery__InsertStmt *)m)->relation);
	else if (m->descriptor == &pg_query__update_stmt__descriptor)
		add_target(ctx, ((PgQuery__UpdateStmt *)m)->relation);
	else if (m->descriptor == &pg_query__delete_stmt__descriptor)
		add_target(ctx, ((PgQuery__DeleteStmt *)m)->relation);
	else if (m->descriptor == &pg_query__merge_stmt__descriptor)
		add_target(ctx, ((PgQuery__MergeStmt *)m)->relation);
}

size_t ls_function_writes(ls_arena *a, const ls_function *f, const char ***out)
{
	targets t = {.a = a};
	*out = NULL;
	if (!ls_function_has_sql_body(f))
		return 0;
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_sql_body(f->body, &root);
	if (root)
		ls_each_message(&root->base, target_of, &t);
	ls_expr_free(r);
	*out = t.names;
	return t.n;
}

const char *ls_rename_output_column(ls_apply *ap, const char *definition, size_t i,
		const char *new_name)
{
	PgQuery__ParseResult *r = ls_parse_tree(definition);
	if (!r || r->n_stmts != 1 || r->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		ls_expr_free(r);
		ls_apply_error(ap, LS_EUNSUPPORTED, "cannot rename a column of this view");
		return NULL;
	}
	PgQuery__SelectStmt *sel = r->stmts[0]->stmt->select_stmt;
	while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
		sel = sel->larg;
	const char *out = definition;
	if (i < sel->n_target_list) {
		PgQuery__ResTarget *rt = sel->target_list[i]->res_target;
		char *orig = rt->name;
		const char *plain = rt->val && rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			rt->val->column_ref->fields[rt->val->column_ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_STRING ?
			rt->val->column_ref->fields[rt->val->column_ref->n_fields - 1]->string->sval : NULL;
		rt->name = plain && !strcmp(plain, new_name) ? (char *)"" : (char *)new_name;
		out = ls_deparse_stmt(ap->cat->arena, r->stmts[0]->stmt);
		rt->name = orig;
	}
	ls_expr_free(r);
	if (!out)
		ls_apply_nomem(ap);
	return out;
}

bool ls_view_uses_column(ls_apply *ap, const ls_view *v, const char *schema,
		const char *table, const char *column)
{
	ls_rename rn = {.schema = schema, .table = table, .old_column = column, .new_column = column};
	walk w = {.rn = &rn, .arena = ap->cat->arena, .detect = true};
	PgQuery__ParseResult *r = ls_parse_tree(v->definition);
	if (r && r->n_stmts == 1) {
		collect_refnames(&w, &r->stmts[0]->stmt->base);
		visit(&w, &r->stmts[0]->stmt->base);
	}
	ls_expr_free(r);
	return w.changed;
}

bool ls_expr_uses_column(ls_apply *ap, const char *expr, const char *column)
{
	ls_rename rn = {.old_column = column, .new_column = column, .bare_columns = true};
	walk w = {.rn = &rn, .arena = ap->cat->arena, .detect = true};
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_expr(expr, &root);
	if (r)
		visit(&w, &root->base);
	ls_expr_free(r);
	return w.changed;
}

bool ls_partition_key_uses(ls_apply *ap, const char *key, const char *column)
{
	if (!key)
		return false;
	ls_rename rn = {.old_column = column, .new_column = column, .bare_columns = true};
	walk w = {.rn = &rn, .arena = ap->cat->arena, .detect = true};
	pgnode *root;
	PgQuery__ParseResult *r = parse_partition_key(key, &root);
	if (root) {
		rename_key_columns(&w, root->create_stmt->partspec);
		visit(&w, &root->create_stmt->partspec->base);
	}
	ls_expr_free(r);
	return w.changed;
}

int ls_partition_key_columns(ls_apply *ap, const char *key, const char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	pgnode *root = NULL;
	PgQuery__ParseResult *r = key ? parse_partition_key(key, &root) : NULL;
	int rc = 0;
	for (size_t i = 0; root && i < root->create_stmt->partspec->n_part_params && rc == 0; i++) {
		PgQuery__PartitionElem *pe = root->create_stmt->partspec->part_params[i]->partition_elem;
		const char **slot = ls_arena_push(ap->cat->arena, (void **)names, n, sizeof *slot);
		if (!slot)
			rc = ls_apply_nomem(ap);
		else
			*slot = pe->name && *pe->name ? ls_arena_strdup(ap->cat->arena, pe->name) : NULL;
		if (slot && pe->name && *pe->name && !*slot)
			rc = ls_apply_nomem(ap);
	}
	ls_expr_free(r);
	return rc;
}

static bool expr_calls(ls_apply *ap, const char *expr, const ls_rename *rn)
{
	walk w = {.rn = rn, .arena = ap->cat->arena, .detect = true, .ap = ap};
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_expr(expr, &root);
	if (r)
		visit(&w, &root->base);
	ls_expr_free(r);
	ls_norm_free(w.norm);
	return w.changed;
}

bool ls_expr_calls_function(ls_apply *ap, const char *expr, const char *schema, const char *name)
{
	ls_rename rn = {.func_schema = schema, .old_function = name, .new_function = name,
		.new_func_schema = schema};
	return expr_calls(ap, expr, &rn);
}

bool ls_expr_calls_overload(ls_apply *ap, const char *expr, const ls_function *f)
{
	ls_rename rn = {.func_schema = f->schema, .old_function = f->name, .new_function = f->name,
		.new_func_schema = f->schema, .overload = f};
	return expr_calls(ap, expr, &rn);
}

bool ls_index_calls_overload(ls_apply *ap, const ls_index *x, const ls_function *f)
{
	for (size_t k = 0; k < x->n_keys; k++)
		if (x->keys[k].expr && ls_expr_calls_overload(ap, x->keys[k].expr, f))
			return true;
	return x->where && ls_expr_calls_overload(ap, x->where, f);
}

bool ls_index_calls_function(ls_apply *ap, const ls_index *x, const char *schema,
		const char *name)
{
	for (size_t k = 0; k < x->n_keys; k++)
		if (x->keys[k].expr && ls_expr_calls_function(ap, x->keys[k].expr, schema, name))
			return true;
	return x->where && ls_expr_calls_function(ap, x->where, schema, name);
}

/* Whether text (an expression, a whole query or a SQL-standard body) names
 * what rn names: the detecting walk over its tree. */
static bool text_names(ls_apply *ap, const ls_rename *rn, const char *text, text_kind kind)
{
	/* canonical texts spell a name exactly (an unquoted one is lower
	 * case, another quoted): a name without a quote that is not in the
	 * text is not named there, found faster than may_name finds it (every
	 * DROP asks about every policy and body) */
	const char *name = rn->old_function ? rn->old_function : rn->table;
	if (!text || (name && !strchr(name, '"') && !strstr(text, name)) || !may_name(rn, NULL, text))
		return false;
	walk w = {.rn = rn, .arena = ap->cat->arena, .detect = true, .ap = ap};
	pgnode *root = NULL;
	PgQuery__ParseResult *r;
	if (kind == TEXT_QUERY) {
		r = ls_parse_tree(text);
		root = r && r->n_stmts == 1 ? r->stmts[0]->stmt : NULL;
	} else if (kind == TEXT_BODY) {
		r = ls_parse_sql_body(text, &root);
	} else {
		r = ls_parse_expr(text, &root);
	}
	if (root) {
		if (kind != TEXT_EXPR || rn->schema)
			collect_refnames(&w, &root->base);
		visit(&w, &root->base);
	}
	ls_expr_free(r);
	ls_norm_free(w.norm);
	return w.changed;
}

bool ls_expr_reads(ls_apply *ap, const char *expr, const char *schema, const char *table,
		const char *column)
{
	ls_rename rn = reading(schema, table, column);
	return text_names(ap, &rn, expr, TEXT_EXPR);
}

bool ls_text_calls_function(ls_apply *ap, const char *text, char kind, const char *schema,
		const char *name)
{
	ls_rename rn = {.func_schema = schema, .old_function = name, .new_function = name,
		.new_func_schema = schema};
	return text_names(ap, &rn, text, kind == 'q' ? TEXT_QUERY : kind == 'b' ? TEXT_BODY :
			TEXT_EXPR);
}

bool ls_text_calls_overload(ls_apply *ap, const char *text, char kind, const ls_function *f)
{
	ls_rename rn = {.func_schema = f->schema, .old_function = f->name, .new_function = f->name,
		.new_func_schema = f->schema, .overload = f};
	return text_names(ap, &rn, text, kind == 'q' ? TEXT_QUERY : kind == 'b' ? TEXT_BODY :
			TEXT_EXPR);
}

/* What ls_text_uses_type looks for, and whether it is found. */
typedef struct type_use {
	ls_norm *n;
	const char *schema;
	const char *name;
	const char *q;
	bool found;
} type_use;

static void find_type_use(ProtobufCMessage *m, void *ctx)
{
	type_use *u = ctx;
	if (u->found)
		return;
	if (m->descriptor == &pg_query__type_name__descriptor) {
		PgQuery__TypeName *t = (PgQuery__TypeName *)m;
		u->found = t->n_names == 2 && t->names[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
			t->names[1]->node_case == PG_QUERY__NODE__NODE_STRING &&
			!strcmp(t->names[0]->string->sval, u->schema) &&
			!strcmp(t->names[1]->string->sval, u->name);
		return;
	}
	if (m->descriptor != &pg_query__func_call__descriptor || !u->n)
		return;
	/* a literal argument is a constant of its parameter's type */
	PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
	ls_call c;
	if (ls_expr_user_call(u->n, f, SIZE_MAX, false, &c) != 1)
		return;
	size_t fixed = c.expand ? c.nfixed : f->n_args;
	for (size_t k = 0; k < f->n_args && !u->found; k++) {
		const char *want = k < fixed ? c.want[k] : c.elem;
		u->found = f->args[k]->node_case == PG_QUERY__NODE__NODE_A_CONST && want &&
			!strcmp(want, u->q);
	}
}

PgQuery__ParseResult *ls_parse_text_of(const char *text, char kind, pgnode **root)
{
	*root = NULL;
	if (kind == 'q') {
		PgQuery__ParseResult *r = ls_parse_tree(text);
		*root = r && r->n_stmts == 1 ? r->stmts[0]->stmt : NULL;
		return r;
	}
	return kind == 'b' ? ls_parse_sql_body(text, root) : ls_parse_expr(text, root);
}

bool ls_text_uses_type(ls_apply *ap, const char *text, char kind, const char *schema,
		const char *name)
{
	const char *q = ls_qualify(ap->cat->arena, schema, name);
	if (!text || !q)
		return false;
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_text_of(text, kind, &root);
	type_use u = {.schema = schema, .name = name, .q = q};
	if (root) {
		u.n = ls_norm_new(ap, NULL, NULL);
		ls_each_message(&root->base, find_type_use, &u);
		ls_norm_free(u.n);
	}
	ls_expr_free(r);
	return u.found;
}
