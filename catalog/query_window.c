/* WINDOW clauses and OVER: the references between windows the server
 * refuses (parse_clause.c transformWindowDefinitions, parse_agg.c
 * transformWindowFuncCall), checked as the query is normalized so that a
 * view the server would not create is not created offline either. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "expr.h"
#include "query_int.h"

#include <string.h>

/* nodes/parsenodes.h FRAMEOPTION_NONDEFAULT: a frame clause was written */
enum { FRAME_NONDEFAULT = 0x1 };

/* The WINDOW entry named name among the first n of c's, or NULL. */
static const PgQuery__WindowDef *named(const PgQuery__SelectStmt *c, size_t n, const char *name)
{
	for (size_t i = 0; i < n && i < c->n_window_clause; i++) {
		const pgnode *w = c->window_clause[i];
		if (w->node_case == PG_QUERY__NODE__NODE_WINDOW_DEF && w->window_def->name &&
				!strcmp(w->window_def->name, name))
			return w->window_def;
	}
	return NULL;
}

/* One window w that may copy another (refname), or name one (an OVER w
 * without parentheses: name set, nothing else), among the first n entries
 * of c's WINDOW clause. Returns 0 or the error reported. */
static int check_window(ls_norm *n, const PgQuery__SelectStmt *c, size_t avail,
		const PgQuery__WindowDef *w, bool over)
{
	ls_apply *ap = ls_norm_apply(n);
	const char *ref = w->refname && w->refname[0] ? w->refname : NULL;
	if (over && !ref && w->name && w->name[0]) {
		if (!named(c, avail, w->name))
			return ls_apply_error(ap, LS_EINVAL, "window \"%s\" does not exist", w->name);
		return 0;
	}
	if (!ref)
		return 0;
	const PgQuery__WindowDef *r = named(c, avail, ref);
	if (!r)
		return ls_apply_error(ap, LS_EINVAL, "window \"%s\" does not exist", ref);
	if (w->n_partition_clause)
		return ls_apply_error(ap, LS_EINVAL, "cannot override PARTITION BY clause of window \"%s\"", ref);
	if (w->n_order_clause && r->n_order_clause)
		return ls_apply_error(ap, LS_EINVAL, "cannot override ORDER BY clause of window \"%s\"", ref);
	if (r->frame_options & FRAME_NONDEFAULT)
		return ls_apply_error(ap, LS_EINVAL, "cannot copy window \"%s\" because it has a frame clause", ref);
	return 0;
}

/* The OVER clauses of m's window calls that belong to c's level: a
 * sub-select has windows of its own. */
static int check_overs(ls_norm *n, const PgQuery__SelectStmt *c, const ProtobufCMessage *m)
{
	if (!m || m->descriptor == &pg_query__select_stmt__descriptor)
		return 0;
	if (m->descriptor == &pg_query__func_call__descriptor && ((const PgQuery__FuncCall *)m)->over) {
		int rc = check_window(n, c, c->n_window_clause, ((const PgQuery__FuncCall *)m)->over, true);
		if (rc < 0)
			return rc;
	}
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *base = (const char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
				((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
				 *(const uint32_t *)(base + f->quantifier_offset) != f->id))
			continue;
		size_t count = f->label == PROTOBUF_C_LABEL_REPEATED ?
			*(const size_t *)(base + f->quantifier_offset) : 1;
		const ProtobufCMessage *const *items = f->label == PROTOBUF_C_LABEL_REPEATED ?
			*(const ProtobufCMessage *const *const *)(base + f->offset) :
			(const ProtobufCMessage *const *)(base + f->offset);
		for (size_t k = 0; k < count; k++) {
			int rc = check_overs(n, c, items[k]);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int ls_query_check_windows(ls_norm *n, const PgQuery__SelectStmt *c)
{
	for (size_t i = 0; i < c->n_window_clause; i++) {
		const pgnode *w = c->window_clause[i];
		if (w->node_case != PG_QUERY__NODE__NODE_WINDOW_DEF)
			continue;
		const PgQuery__WindowDef *d = w->window_def;
		if (d->name && named(c, i, d->name))
			return ls_apply_error(ls_norm_apply(n), LS_EINVAL, "window \"%s\" is already defined", d->name);
		/* an entry copies only one defined before it */
		int rc = check_window(n, c, i, d, false);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < c->n_target_list; i++) {
		int rc = check_overs(n, c, &c->target_list[i]->base);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < c->n_sort_clause; i++) {
		int rc = check_overs(n, c, &c->sort_clause[i]->base);
		if (rc < 0)
			return rc;
	}
	return 0;
}
