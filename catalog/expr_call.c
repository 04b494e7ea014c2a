/* Calls of the catalog's own functions, resolved as the server resolves
 * them when it stores an expression.
 *
 * `f(0.5)` for f(double precision) is stored as a FuncExpr over the
 * numeric constant coerced to float8, and printed `f((0.5)::double
 * precision)`; `g(1)` for g(bigint) is `g(1::bigint)`, `vv(1, 2)` for
 * vv(VARIADIC integer[]) is `vv(VARIADIC ARRAY[1, 2])`, and the result
 * type of the call types the operator around it (`f(x) > 0.5` compares
 * double precision). So the call is resolved here over the functions of
 * the catalog (parse_func.c func_get_detail: the candidates of that name
 * and number of arguments, defaults and VARIADIC expanded; those every
 * argument reaches by an implicit coercion; then func_select_candidate:
 * most exact matches, most preferred types where a conversion is needed,
 * the category of every unknown literal's position (string first), and
 * last the known type of the other arguments for the literals), and each
 * argument is coerced to the chosen parameter's type.
 *
 * What the resolver cannot tell (a type it does not know between two
 * overloads, polymorphic parameters, named arguments) is left as it is;
 * a call whose candidates are all known and none is best is refused with
 * the server's error, as the server refuses it.
 */
#define _POSIX_C_SOURCE 200809L
#include "expr_type.h"
#include "apply_func.h"
#include "name_index.h"

#include <stdint.h>
#include <string.h>

/* One candidate: a function and the type each argument of the call meets. */
typedef struct cand {
	const ls_function *f;
	const char **want;
	size_t nfixed;
	bool expand;
	const char *elem;
} cand;

/* type without its type modifier and domains, in buf. */
static const char *reduce(ls_norm *n, const char *type, char *buf, size_t size)
{
	for (int depth = 0; depth < 8; depth++) {
		const char *base = ls_norm_domain_base(n, type);
		if (!base)
			break;
		type = base;
	}
	ls_type_base(type, buf, size);
	return buf;
}

static bool is_array(const char *t)
{
	size_t len = strlen(t);
	return len > 2 && !strcmp(t + len - 2, "[]");
}

/* A parameter type the server resolves from the arguments (or a pseudo
 * type): not settled here. */
static bool polymorphic(const char *t)
{
	return !strncmp(t, "any", 3) || !strcmp(t, "record") || !strcmp(t, "internal") ||
		!strcmp(t, "cstring") || !strcmp(t, "\"any\"");
}

/* can_coerce_type(COERCION_IMPLICIT) of a value of type `from` (NULL: not
 * known) to `to`: 1 yes, 0 no, -1 cannot tell. */
static int coercible(ls_norm *n, const char *from, const char *to)
{
	if (!from)
		return -1;
	if (!strcmp(from, "unknown"))
		return 1;
	char fb[128], tb[128];
	reduce(n, from, fb, sizeof fb);
	reduce(n, to, tb, sizeof tb);
	if (!strcmp(fb, tb))
		return 1;
	bool fa = is_array(fb), ta = is_array(tb);
	if (fa && ta) {
		fb[strlen(fb) - 2] = '\0';
		tb[strlen(tb) - 2] = '\0';
		return coercible(n, fb, tb);
	}
	if (fa != ta)
		return 0;
	int k = ls_expr_builtin_implicit(fb, tb);
	if (k >= 0)
		return k;
	/* a user type reaches only itself (and its domains' bases) */
	if (ls_norm_user_type(n, fb) || ls_norm_user_type(n, tb))
		return 0;
	return -1;
}

/* typcategory of a parameter type (a domain has its base's, and is never
 * preferred), 0 when not known. */
static char category(ls_norm *n, const char *type, bool *preferred)
{
	char b[128];
	bool domain = ls_norm_domain_base(n, type) != NULL;
	reduce(n, type, b, sizeof b);
	*preferred = false;
	if (is_array(b))
		return 'A';
	char c = ls_expr_builtin_category(b, preferred);
	if (domain)
		*preferred = false;
	if (c)
		return c;
	ls_type *t = ls_norm_user_type(n, b);
	if (t && t->kind == LS_TYPE_ENUM)
		return 'E';
	if (t && t->kind == LS_TYPE_COMPOSITE)
		return 'C';
	return 0;
}

/* The parameters of f, read once per catalog and arguments text (the
 * builder's LS_SLOT_CALL_PARAMS: every call of every expression resolves
 * its candidates, and reading them parses SQL). */
typedef struct params_entry {
	const char *schema, *name, *arguments;
	ls_fparam *p;
	size_t n;
} params_entry;

typedef struct params_cache {
	params_entry *items;
	size_t n;
} params_cache;

static int cached_params(ls_norm *n, const ls_function *f, ls_fparam **p, size_t *np)
{
	ls_apply *ap = ls_norm_apply(n);
	ls_catalog *cat = ap->cat;
	void **slot = ls_builder_slot(cat, LS_SLOT_CALL_PARAMS);
	if (slot && !*slot)
		*slot = ls_arena_alloc(cat->arena, sizeof(params_cache));
	params_cache *c = slot ? *slot : NULL;
	const char *args = f->arguments ? f->arguments : "";
	for (size_t i = 0; c && i < c->n; i++) {
		const params_entry *e = &c->items[i];
		if (!strcmp(e->name, f->name) && !strcmp(e->schema, f->schema) && !strcmp(e->arguments, args)) {
			*p = e->p;
			*np = e->n;
			return 0;
		}
	}
	int rc = ls_function_params(ap, f, p, np);
	if (rc < 0 || !c)
		return rc;
	params_entry *e = ls_arena_push(cat->arena, (void **)&c->items, &c->n, sizeof *e);
	if (!e)
		return LS_ENOMEM;
	e->schema = ls_arena_strdup(cat->arena, f->schema);
	e->name = ls_arena_strdup(cat->arena, f->name);
	e->arguments = ls_arena_strdup(cat->arena, args);
	e->p = *p;
	e->n = *np;
	if (!e->schema || !e->name || !e->arguments)
		c->n--;
	return 0;
}

/* The candidate f gives for nargs arguments (variadic: written with
 * VARIADIC), into *c: 1, 0 when it does not take that many, -1 when its
 * parameters are not settled here, or LS_ENOMEM. */
static int candidate(ls_norm *n, const ls_function *f, size_t nargs, bool variadic, cand *c)
{
	ls_fparam *p;
	size_t np, nin = 0, ndef = 0;
	if (f->kind != 'f')
		return -1;
	if (cached_params(n, f, &p, &np) < 0)
		return LS_ENOMEM;
	const ls_fparam *in[100];
	for (size_t i = 0; i < np; i++) {
		if (p[i].mode != 'i' && p[i].mode != 'b' && p[i].mode != 'v')
			continue;
		if (nin == sizeof in / sizeof in[0] || polymorphic(p[i].type))
			return -1;
		in[nin++] = &p[i];
		ndef += p[i].def != NULL;
	}
	bool var = nin > 0 && in[nin - 1]->mode == 'v';
	memset(c, 0, sizeof *c);
	c->f = f;
	if (var && !variadic) {
		if (ndef > 0 || !is_array(in[nin - 1]->type))
			return -1;
		if (nargs < nin)
			return 0;
		c->expand = true;
		c->nfixed = nin - 1;
		size_t len = strlen(in[nin - 1]->type) - 2;
		char *e = ls_arena_alloc(ls_norm_scratch(n), len + 1);
		if (!e)
			return LS_ENOMEM;
		memcpy(e, in[nin - 1]->type, len);
		e[len] = '\0';
		c->elem = e;
	} else if (variadic ? !var || nargs != nin : nargs > nin || nargs + ndef < nin) {
		return 0;
	}
	c->want = ls_arena_alloc(ls_norm_scratch(n), (nargs ? nargs : 1) * sizeof *c->want);
	if (!c->want)
		return LS_ENOMEM;
	for (size_t k = 0; k < nargs; k++)
		c->want[k] = c->expand && k >= c->nfixed ? c->elem : in[k]->type;
	return 1;
}

/* Keep the candidates of the best score; score(i) of candidate i. */
typedef struct sel {
	ls_norm *n;
	const char **args;  /* argument types, domains reduced; "unknown" */
	size_t nargs;
} sel;

static size_t keep_best(cand *c, size_t count, const sel *s,
		int (*score)(const sel *, const cand *))
{
	int best = -1;
	for (size_t i = 0; i < count; i++) {
		int v = score(s, &c[i]);
		if (v > best)
			best = v;
	}
	size_t out = 0;
	for (size_t i = 0; i < count; i++)
		if (score(s, &c[i]) == best)
			c[out++] = c[i];
	return out;
}

static int exact(const sel *s, const cand *c)
{
	int v = 0;
	char b[128];
	for (size_t k = 0; k < s->nargs; k++) {
		ls_type_base(c->want[k], b, sizeof b);
		v += strcmp(s->args[k], "unknown") && !strcmp(s->args[k], b);
	}
	return v;
}

static int preferred(const sel *s, const cand *c)
{
	int v = 0;
	char b[128];
	for (size_t k = 0; k < s->nargs; k++) {
		if (!strcmp(s->args[k], "unknown"))
			continue;
		bool ip, wp;
		char ic = category(s->n, s->args[k], &ip);
		ls_type_base(c->want[k], b, sizeof b);
		char wc = category(s->n, c->want[k], &wp);
		v += !strcmp(s->args[k], b) || (ic && wc == ic && wp);
	}
	return v;
}

/* The unknown positions: each takes the string category when a candidate
 * accepts one there, else the one category all accept; the candidates of
 * another category go, and those of a non-preferred type where one is
 * preferred. false when a position has no category. */
static bool by_unknowns(const sel *s, cand *c, size_t *count)
{
	for (size_t k = 0; k < s->nargs; k++) {
		if (strcmp(s->args[k], "unknown"))
			continue;
		char slot = 0;
		bool slot_pref = false, conflict = false;
		for (size_t i = 0; i < *count; i++) {
			bool pref;
			char cat = category(s->n, c[i].want[k], &pref);
			if (!cat)
				return false;
			if (!slot) {
				slot = cat;
				slot_pref = pref;
			} else if (cat == slot) {
				slot_pref |= pref;
			} else if (cat == 'S') {
				slot = cat;
				slot_pref = pref;
			} else if (slot != 'S') {
				conflict = true;
			}
		}
		if (conflict && slot != 'S')
			return false;
		size_t out = 0;
		for (size_t i = 0; i < *count; i++) {
			bool pref;
			if (category(s->n, c[i].want[k], &pref) == slot && (!slot_pref || pref))
				c[out++] = c[i];
		}
		*count = out;
	}
	return true;
}

/* The last rule: the known arguments all of one type, the candidates that
 * take that type at the unknown positions. */
static size_t by_known_type(const sel *s, cand *c, size_t count)
{
	const char *known = NULL;
	bool unknowns = false;
	for (size_t k = 0; k < s->nargs; k++) {
		if (!strcmp(s->args[k], "unknown"))
			unknowns = true;
		else if (known && strcmp(known, s->args[k]))
			return count;
		else
			known = s->args[k];
	}
	if (!known || !unknowns)
		return count;
	size_t out = 0;
	for (size_t i = 0; i < count; i++) {
		bool ok = true;
		for (size_t k = 0; ok && k < s->nargs; k++)
			ok = strcmp(s->args[k], "unknown") || coercible(s->n, known, c[i].want[k]) == 1;
		if (ok)
			c[out++] = c[i];
	}
	return out ? out : count;
}

/* The name and argument types of a call as the server's error spells them. */
static void refuse(ls_norm *n, const PgQuery__FuncCall *f, const sel *s)
{
	ls_apply *ap = ls_norm_apply(n);
	ls_arena *a = ls_norm_scratch(n);
	const char *text = "";
	for (size_t i = 0; text && i < f->n_funcname; i++)
		if (f->funcname[i]->node_case == PG_QUERY__NODE__NODE_STRING)
			text = ls_arena_printf(a, "%s%s%s", text, *text ? "." : "", f->funcname[i]->string->sval);
	for (size_t k = 0; text && k < s->nargs; k++)
		text = ls_arena_printf(a, "%s%s%s", text, k ? ", " : "(", s->args[k]);
	if (!text || !(text = ls_arena_printf(a, "%s%s", text, s->nargs ? ")" : "()")))
		ls_apply_nomem(ap);
	else
		ls_apply_error(ap, LS_EINVAL, "function %s is not unique", text);
	ls_norm_fail(n);
}

/* Whether any argument is written name => value. */
static bool named_args(const PgQuery__FuncCall *f)
{
	for (size_t k = 0; k < f->n_args; k++)
		if (f->args[k]->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR)
			return true;
	return false;
}

static int resolve(ls_norm *n, const PgQuery__FuncCall *f, size_t unknown_at,
		const PgQuery__FuncCall *written, ls_call *out)
{
	const char *schema = NULL, *name = NULL;
	if (f->n_funcname != 2 || f->agg_star || f->agg_distinct || f->over || f->n_agg_order ||
			named_args(f) ||
			ls_name_list((const pgnode *const *)f->funcname, f->n_funcname, &schema, &name) < 0 ||
			!strcmp(schema, "pg_catalog"))
		return 0;
	ls_catalog *cat = ls_norm_apply(n)->cat;
	ls_arena *a = ls_norm_scratch(n);
	sel s = {n, NULL, f->n_args};
	s.args = ls_arena_alloc(a, (f->n_args ? f->n_args : 1) * sizeof *s.args);
	size_t named = 0;
	for (size_t i = 0; i < cat->n_functions; i++)
		named += !strcmp(cat->functions[i].schema, schema) && !strcmp(cat->functions[i].name, name);
	if (named == 0)
		return 0;
	cand *c = ls_arena_alloc(a, named * sizeof *c);
	if (!s.args || !c)
		goto nomem;
	bool tell = true;
	for (size_t k = 0; k < f->n_args; k++) {
		const char *t = k == unknown_at ? "unknown" : ls_expr_type(n, f->args[k]);
		char *b = t ? ls_arena_alloc(a, 128) : NULL;
		if (t && !b)
			goto nomem;
		s.args[k] = t ? reduce(n, t, b, 128) : NULL;
		tell &= t != NULL;
	}
	size_t count = 0, arity = 0;
	bool maybe = false;
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *fn = &cat->functions[i];
		if (strcmp(fn->schema, schema) || strcmp(fn->name, name))
			continue;
		int rc = candidate(n, fn, f->n_args, f->func_variadic, &c[count]);
		if (rc == LS_ENOMEM)
			goto nomem;
		if (rc < 0)
			return 0;
		if (rc == 0)
			continue;
		arity++;
		int ok = 1;
		for (size_t k = 0; ok == 1 && k < f->n_args; k++) {
			int r = coercible(n, s.args[k], c[count].want[k]);
			ok = r < ok ? r : ok;
		}
		if (ok != 0)
			count++;
		maybe |= ok < 0;
	}
	if (arity == 1 && count == 1)
		goto chosen;
	if (count == 0 || maybe || !tell)
		return 0;
	if (count > 1)
		count = keep_best(c, count, &s, exact);
	if (count > 1)
		count = keep_best(c, count, &s, preferred);
	if (count > 1 && !by_unknowns(&s, c, &count))
		count = 2;
	if (count > 1)
		count = by_known_type(&s, c, count);
	if (count != 1) {
		if (written && count > 1)
			refuse(n, written, &s);
		return count > 1 ? LS_EINVAL : 0;
	}
chosen:
	out->f = c[0].f;
	out->want = c[0].want;
	out->nargs = f->n_args;
	out->nfixed = c[0].nfixed;
	out->expand = c[0].expand;
	out->elem = c[0].elem;
	return 1;
nomem:
	ls_norm_fail(n);
	return 0;
}

int ls_expr_user_call(ls_norm *n, const PgQuery__FuncCall *f, size_t unknown_at, bool refuse_it,
		ls_call *out)
{
	return resolve(n, f, unknown_at, refuse_it ? f : NULL, out);
}

const char *ls_expr_user_call_type(ls_norm *n, const PgQuery__FuncCall *f)
{
	ls_call c;
	if (resolve(n, f, SIZE_MAX, NULL, &c) != 1 || !c.f->returns)
		return NULL;
	const char *r = c.f->returns;
	if (!strncmp(r, "SETOF ", 6) || !strncmp(r, "TABLE", 5) || polymorphic(r) ||
			!strcmp(r, "void") || !strcmp(r, "trigger"))
		return NULL;
	return r;
}

/* boolin: 1 true, 0 false, -1 not a boolean. */
static int bool_value(const char *s)
{
	char b[8];
	size_t len = 0;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	for (; *s && *s != ' ' && *s != '\t' && *s != '\n'; s++) {
		if (len + 1 == sizeof b)
			return -1;
		b[len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
	b[len] = '\0';
	if (!len)
		return -1;
	if (!strncmp("true", b, len) || !strncmp("yes", b, len) || !strcmp(b, "on") || !strcmp(b, "1"))
		return 1;
	if (!strncmp("false", b, len) || !strncmp("no", b, len) || (len > 1 && !strncmp("off", b, len)) ||
			!strcmp(b, "0"))
		return 0;
	return -1;
}

static bool number_type(const char *t)
{
	static const char *const names[] = {"smallint", "integer", "bigint", "numeric", "real",
		"double precision"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

/* A string constant coerced to a parameter of type want as the server
 * stores and prints it: the constant of that type (a number, a boolean,
 * an array under its cast), normalized as the server's text is. The
 * other types the normalizer settles from the parameter type itself. */
static pgnode *coerce_string(ls_norm *n, pgnode *x, const char *want)
{
	char b[128];
	reduce(n, want, b, sizeof b);
	pgnode *out = x;
	if (!strcmp(b, "boolean")) {
		int v = bool_value(x->a_const->sval->sval);
		PgQuery__AConst *k = v >= 0 ? ls_norm_dup(n, x->a_const, sizeof *x->a_const) : NULL;
		PgQuery__Boolean init = PG_QUERY__BOOLEAN__INIT;
		PgQuery__Boolean *bv = k ? ls_norm_dup(n, &init, sizeof init) : NULL;
		if (!bv)
			return x;
		bv->boolval = v == 1;
		k->boolval = bv;
		k->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
		out = ls_norm_wrap(n, PG_QUERY__NODE__NODE_A_CONST, k);
	} else if (number_type(b) || is_array(b)) {
		out = ls_norm_node(n, ls_expr_cast_to(n, x, b));
	} else {
		return x;
	}
	if (!out)
		return x;
	return ls_norm_domain_base(n, want) ? ls_expr_cast_to(n, out, want) : out;
}

/* Argument x coerced to type want, when it has a known type of another. */
static pgnode *coerce_arg(ls_norm *n, pgnode *x, const char *want)
{
	if (x->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && is_array(want)) {
		/* ARRAY[...] given to an array parameter: its elements coerced */
		const PgQuery__AArrayExpr *a = x->a_array_expr;
		char elem[128];
		ls_type_base(want, elem, sizeof elem);
		elem[strlen(elem) - 2] = '\0';
		PgQuery__AArrayExpr *c = ls_norm_dup(n, a, sizeof *a);
		pgnode **el = a->n_elements ? ls_arena_alloc(ls_norm_scratch(n), a->n_elements * sizeof *el) : NULL;
		if (!c || (a->n_elements && !el)) {
			ls_norm_fail(n);
			return x;
		}
		for (size_t k = 0; k < a->n_elements; k++)
			el[k] = coerce_arg(n, a->elements[k], elem);
		c->elements = el;
		return ls_norm_wrap(n, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, c);
	}
	const char *t = ls_expr_type(n, x);
	if (!t)
		return x;
	bool null = x->node_case == PG_QUERY__NODE__NODE_A_CONST && x->a_const->isnull;
	if (!strcmp(t, "unknown") && !null)
		return x->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			x->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL ? coerce_string(n, x, want) : x;
	char tb[128], wb[128];
	ls_type_base(t, tb, sizeof tb);
	ls_type_base(want, wb, sizeof wb);
	if (!null && (!strcmp(tb, wb) || ls_expr_cast_noop(n, tb, wb, false)))
		return x;
	return ls_expr_cast_to(n, x, wb);
}

pgnode *ls_expr_call_coerce(ls_norm *n, pgnode *call, const PgQuery__FuncCall *written)
{
	const PgQuery__FuncCall *f = call->func_call;
	ls_call r;
	if (ls_norm_failed(n) || resolve(n, f, SIZE_MAX, written, &r) != 1)
		return call;
	ls_arena *a = ls_norm_scratch(n);
	size_t nout = r.expand ? r.nfixed + 1 : f->n_args;
	PgQuery__FuncCall *c = ls_norm_dup(n, f, sizeof *f);
	pgnode **args = ls_arena_alloc(a, (nout ? nout : 1) * sizeof *args);
	if (!c || !args)
		goto nomem;
	size_t fixed = r.expand ? r.nfixed : f->n_args;
	for (size_t k = 0; k < fixed; k++)
		args[k] = coerce_arg(n, f->args[k], r.want[k]);
	if (r.expand) {
		PgQuery__AArrayExpr init = PG_QUERY__A__ARRAY_EXPR__INIT;
		PgQuery__AArrayExpr *arr = ls_norm_dup(n, &init, sizeof init);
		size_t ne = f->n_args - r.nfixed;
		pgnode **el = ls_arena_alloc(a, ne * sizeof *el);
		if (!arr || !el)
			goto nomem;
		for (size_t k = 0; k < ne; k++)
			el[k] = coerce_arg(n, f->args[r.nfixed + k], r.elem);
		arr->elements = el;
		arr->n_elements = ne;
		arr->location = -1;
		args[r.nfixed] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, arr);
		if (!args[r.nfixed])
			goto nomem;
		c->func_variadic = true;
	}
	c->args = args;
	c->n_args = nout;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_FUNC_CALL, c);
nomem:
	ls_norm_fail(n);
	return call;
}

/* --- common types (parse_coerce.c select_common_type) --- */

const char *ls_expr_common_type(ls_norm *n, pgnode *const *items, size_t count, const pgnode *more)
{
	char pb[128], nb[128];
	const char *ptype = NULL;
	char pcat = 0;
	bool ppref = false;
	for (size_t i = 0; i <= count; i++) {
		const pgnode *x = i < count ? items[i] : more;
		if (i == count && !x)
			break;
		if (x && x->node_case == PG_QUERY__NODE__NODE_CASE_WHEN)
			x = x->case_when->result;
		const char *t = ls_expr_type(n, x);
		if (!t)
			return NULL;
		if (!strcmp(t, "unknown"))
			continue;
		reduce(n, t, nb, sizeof nb);
		if (!ptype) {
			memcpy(pb, nb, sizeof pb);
			ptype = pb;
			pcat = category(n, pb, &ppref);
			continue;
		}
		if (!strcmp(nb, pb))
			continue;
		bool npref;
		char ncat = category(n, nb, &npref);
		if (!pcat || ncat != pcat)
			return NULL;
		int fwd = coercible(n, pb, nb), back = coercible(n, nb, pb);
		if (fwd < 0 || back < 0)
			return NULL;
		/* the later type wins where the earlier reaches it implicitly and
		 * not back, unless the earlier is its category's preferred */
		if (!ppref && fwd == 1 && back == 0) {
			memcpy(pb, nb, sizeof pb);
			ppref = npref;
		}
	}
	return ptype ? ls_arena_strdup(ls_norm_scratch(n), pb) : "text";
}
