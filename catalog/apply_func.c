/* Functions and procedures: CREATE [OR REPLACE] FUNCTION / PROCEDURE.
 *
 * A function is stored as the server describes it: `arguments` as
 * pg_get_function_arguments prints them, `identity_args` as
 * pg_get_function_identity_arguments, `returns` as pg_get_function_result
 * (types through format_type_be, which drops type modifiers), defaults as
 * canonical expressions (expr.c), the body verbatim with its SHA-256 (a
 * SQL-standard body canonical, apply_func_body.c), and
 * `config` as pg_proc.proconfig holds it ("search_path=public, pg_temp").
 * Checks and their order follow PostgreSQL 15's CreateFunction,
 * interpret_function_parameter_list and ProcedureCreate, so the first
 * error reported is the one the server reports.
 */
#define _POSIX_C_SOURCE 200809L
#include "apply_func.h"
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The options of CREATE FUNCTION; each may be given once ("set" repeats). */
typedef struct fopts {
	PgQuery__DefElem *language, *as, *volatility, *strict, *security,
		*leakproof, *parallel, *cost, *rows, *support, *window, *transform;
	PgQuery__VariableSetStmt **sets;
	size_t n_sets;
} fopts;

static bool is_input(char mode)
{
	return mode == 'i' || mode == 'b' || mode == 'v';
}

static bool is_output(char mode)
{
	return mode == 'o' || mode == 'b' || mode == 't';
}

static char param_mode(PgQuery__FunctionParameterMode m)
{
	switch (m) {
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT: return 'o';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT: return 'b';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC: return 'v';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE: return 't';
	default: return 'i';
	}
}

const char *ls_function_type_name(ls_apply *ap, const PgQuery__TypeName *tn)
{
	if (!tn) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported type name");
		return NULL;
	}
	PgQuery__TypeName bare = *tn;
	bare.n_typmods = 0;
	bare.typmods = NULL;
	bare.setof = false;
	const char *t = ls_type_name(ap, &bare, NULL);
	if (!t)
		return NULL;
	/* format_type_be spells bpchar and bit without a modifier as the SQL
	 * names, where a column's format_type(oid, -1) keeps "bpchar". */
	if (!strncmp(t, "bpchar", 6) && (t[6] == '\0' || t[6] == '['))
		return ls_arena_printf(ap->cat->arena, "character%s", t + 6);
	if (!strncmp(t, "\"bit\"", 5) && (t[5] == '\0' || t[5] == '['))
		return ls_arena_printf(ap->cat->arena, "bit%s", t + 5);
	return t;
}

/* interpret_function_parameter_list words a missing type without quotes
 * (`type x does not exist`); ls_type_name quotes it. Rewrite the message
 * just reported. */
static void unquote_type_error(ls_apply *ap)
{
	ls_error *e = ap->err;
	if (e->n_diags == 0)
		return;
	char *m = e->diags[e->n_diags - 1].message;
	const char *tail = "\" does not exist";
	size_t len = strlen(m), tl = strlen(tail);
	if (strncmp(m, "type \"", 6) != 0 || len <= 6 + tl || strcmp(m + len - tl, tail) != 0)
		return;
	/* drop the opening quote and the closing one */
	memmove(m + 5, m + 6, len - 6 - tl);
	memmove(m + 5 + len - 6 - tl, m + len - tl + 1, tl);
}

/* A VARIADIC parameter needs an array type (or "any"). */
static bool variadic_ok(const char *type)
{
	size_t n = strlen(type);
	return (n > 2 && !strcmp(type + n - 2, "[]")) || !strcmp(type, "anyarray") ||
		!strcmp(type, "anycompatiblearray") || !strcmp(type, "\"any\"");
}

/* Two parameters may share a name only when one is a pure input (IN,
 * VARIADIC) and the other a pure output (OUT, TABLE). */
static bool names_conflict(const ls_fparam *a, const ls_fparam *b)
{
	bool a_in = a->mode == 'i' || a->mode == 'v', a_out = a->mode == 'o' || a->mode == 't';
	bool b_in = b->mode == 'i' || b->mode == 'v', b_out = b->mode == 'o' || b->mode == 't';
	if ((a_in && b_out) || (a_out && b_in))
		return false;
	return a->name[0] && strcmp(a->name, b->name) == 0;
}

typedef struct param_state {
	bool procedure;
	bool have_defaults;
	bool have_variadic;
} param_state;

/* One parameter into p (prev: the ones before it), refused as
 * interpret_function_parameter_list refuses it. */
static int read_param(ls_apply *ap, PgQuery__FunctionParameter *fp, ls_fparam *p,
		const ls_fparam *prev, size_t n_prev, param_state *st)
{
	p->mode = param_mode(fp->mode);
	p->name = fp->name && fp->name[0] ? ls_arena_strdup(ap->cat->arena, fp->name) : "";
	if (!p->name)
		return ls_apply_nomem(ap);
	if (!(p->type = ls_function_type_name(ap, fp->arg_type))) {
		unquote_type_error(ap);
		return ap->err->code;
	}
	if (fp->arg_type->setof)
		return ls_apply_error(ap, LS_EINVAL, "%s cannot accept set arguments",
				st->procedure ? "procedures" : "functions");
	if (is_input(p->mode) && st->have_variadic)
		return ls_apply_error(ap, LS_EINVAL, "VARIADIC parameter must be the last input parameter");
	if (is_output(p->mode) && st->procedure && st->have_variadic)
		return ls_apply_error(ap, LS_EINVAL, "VARIADIC parameter must be the last parameter");
	if (p->mode == 'v') {
		st->have_variadic = true;
		if (!variadic_ok(p->type))
			return ls_apply_error(ap, LS_EINVAL, "VARIADIC parameter must be an array");
	}
	for (size_t i = 0; p->name[0] && i < n_prev; i++)
		if (names_conflict(&prev[i], p))
			return ls_apply_error(ap, LS_EINVAL, "parameter name \"%s\" used more than once", p->name);
	if (fp->defexpr) {
		if (!is_input(p->mode))
			return ls_apply_error(ap, LS_EINVAL, "only input parameters can have default values");
		/* stored coerced to the parameter's type: '1.50' for numeric is 1.50 */
		if (!(p->def = ls_expr_canonical_typed(ap, fp->defexpr, p->type)))
			return ap->err->code;
		st->have_defaults = true;
	} else if (is_input(p->mode) && st->have_defaults) {
		return ls_apply_error(ap, LS_EINVAL, "input parameters after one with a default value must also have defaults");
	} else if (st->procedure && st->have_defaults) {
		return ls_apply_error(ap, LS_EINVAL, "procedure OUT parameters cannot appear after one with a default value");
	}
	return 0;
}

/* The FunctionParameter nodes of a CREATE FUNCTION into *out (arena). */
int ls_function_read_params(ls_apply *ap, pgnode **items, size_t n, bool procedure,
		ls_fparam **out, size_t *count)
{
	param_state st = {.procedure = procedure};
	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function parameter");
		ls_fparam *p = LS_PUSH(ap->cat, *out, *count);
		if (!p)
			return ls_apply_nomem(ap);
		int rc = read_param(ap, items[i]->function_parameter, p, *out, *count - 1, &st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* print_function_arguments: "[mode ]name type[ DEFAULT expr]" for every
 * parameter but the TABLE columns; IN is spelled out for procedures. */
const char *ls_function_args_text(ls_apply *ap, const ls_fparam *p, size_t n, bool procedure,
		bool defaults)
{
	ls_arena *a = ap->cat->arena;
	const char *out = "";
	for (size_t i = 0; out && i < n; i++) {
		if (p[i].mode == 't')
			continue;
		const char *mode = p[i].mode == 'o' ? "OUT " : p[i].mode == 'b' ? "INOUT " :
			p[i].mode == 'v' ? "VARIADIC " : procedure ? "IN " : "";
		const char *q = p[i].name[0] ? ls_quote_ident(a, p[i].name) : "";
		const char *name = q && q[0] ? ls_arena_printf(a, "%s ", q) : q;
		if (!name) {
			ls_apply_nomem(ap);
			return NULL;
		}
		bool def = defaults && p[i].def;
		out = ls_arena_printf(a, "%s%s%s%s%s%s%s", out, *out ? ", " : "", mode, name,
				p[i].type, def ? " DEFAULT " : "", def ? p[i].def : "");
	}
	if (!out)
		ls_apply_nomem(ap);
	return out;
}

/* pg_get_function_result, and the checks of CreateFunction on RETURNS:
 * the result type OUT parameters require. *out is NULL for procedures. */
static int result_type(ls_apply *ap, PgQuery__CreateFunctionStmt *s, const ls_fparam *p,
		size_t n, const char **out)
{
	ls_arena *a = ap->cat->arena;
	size_t n_out = 0;
	const char *first = NULL, *table = NULL;
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!is_output(p[i].mode))
			continue;
		first = n_out++ ? first : p[i].type;
		const char *q = p[i].mode == 't' ? ls_quote_ident(a, p[i].name) : NULL;
		if (p[i].mode == 't' && !q)
			return ls_apply_nomem(ap);
		if (q)
			table = ls_arena_printf(a, "%s%s%s %s", table ? table : "", table ? ", " : "", q, p[i].type);
	}
	if (s->is_procedure)
		return 0;
	const char *required = n_out > 1 ? "record" : first;
	if (table) {
		*out = ls_arena_printf(a, "TABLE(%s)", table);
		return *out ? 0 : ls_apply_nomem(ap);
	}
	if (!s->return_type) {
		if (!required)
			return ls_apply_error(ap, LS_EINVAL, "function result type must be specified");
		*out = required;
		return 0;
	}
	const char *t = ls_function_type_name(ap, s->return_type);
	if (!t)
		return ap->err->code;
	if (required && strcmp(t, required) != 0)
		return ls_apply_error(ap, LS_EINVAL, "function result type must be %s because of OUT parameters",
				required);
	*out = s->return_type->setof ? ls_arena_printf(a, "SETOF %s", t) : t;
	return *out ? 0 : ls_apply_nomem(ap);
}

/* The slot of option d in o, NULL for an option lockstep does not keep. */
static PgQuery__DefElem **option_slot(fopts *o, const char *name, bool *procedure_ok)
{
	static const char *const names[] = {"language", "as", "volatility", "strict", "security",
		"leakproof", "parallel", "cost", "rows", "support", "window", "transform"};
	PgQuery__DefElem **slots[] = {&o->language, &o->as, &o->volatility, &o->strict,
		&o->security, &o->leakproof, &o->parallel, &o->cost, &o->rows, &o->support,
		&o->window, &o->transform};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i], name)) {
			/* language, as, security and transform are valid for procedures */
			*procedure_ok = i == 0 || i == 1 || i == 4 || i == 11;
			return slots[i];
		}
	return NULL;
}

/* compute_common_attribute and compute_function_attributes for one
 * option: each once ("set" repeats), the attributes a procedure cannot
 * have refused. */
static int read_option(ls_apply *ap, bool procedure, fopts *o, PgQuery__DefElem *d)
{
	bool procedure_ok = true;
	if (!strcmp(d->defname, "set")) {
		if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
			return 0;
		PgQuery__VariableSetStmt **slot = LS_PUSH(ap->cat, o->sets, o->n_sets);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = d->arg->variable_set_stmt;
		return 0;
	}
	PgQuery__DefElem **slot = option_slot(o, d->defname, &procedure_ok);
	if (!slot)
		return 0;
	if (procedure && !procedure_ok)
		return ls_apply_error(ap, LS_EINVAL, "invalid attribute in procedure definition");
	if (*slot)
		return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
	*slot = d;
	return 0;
}

/* The options of a CREATE or ALTER FUNCTION into o; PARALLEL checked. */
static int read_options(ls_apply *ap, pgnode **opts, size_t n, bool procedure, fopts *o)
{
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		int rc = read_option(ap, procedure, o, opts[i]->def_elem);
		if (rc < 0)
			return rc;
	}
	if (o->parallel) {
		const char *v = o->parallel->arg && o->parallel->arg->node_case == PG_QUERY__NODE__NODE_STRING ?
			o->parallel->arg->string->sval : "";
		if (strcmp(v, "safe") && strcmp(v, "restricted") && strcmp(v, "unsafe"))
			return ls_apply_error(ap, LS_EINVAL, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
	}
	return 0;
}

static const char *def_string(const PgQuery__DefElem *d)
{
	if (!d || !d->arg)
		return NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
		return d->arg->string->sval;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
		const PgQuery__TypeName *tn = d->arg->type_name;
		if (tn->n_names > 0 && tn->names[tn->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
			return tn->names[tn->n_names - 1]->string->sval;
	}
	return NULL;
}

static bool def_bool(const PgQuery__DefElem *d)
{
	if (!d || !d->arg)
		return d != NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		return d->arg->boolean->boolval;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return d->arg->integer->ival != 0;
	return true;
}

/* The language: given, else "sql" for a SQL-standard body. It must exist:
 * the built-in ones, or one an extension of that name created. */
static int language(ls_apply *ap, PgQuery__CreateFunctionStmt *s, const fopts *o, ls_function *f)
{
	const char *lang = def_string(o->language);
	if (!lang && s->sql_body)
		lang = "sql";
	if (!lang)
		return ls_apply_error(ap, LS_EINVAL, "no language specified");
	static const char *const builtin[] = {"sql", "plpgsql", "c", "internal"};
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!strcmp(lang, builtin[i]))
			f->language = builtin[i];
	for (size_t i = 0; !f->language && i < ap->cat->n_extensions; i++)
		if (!strcmp(ap->cat->extensions[i].name, lang))
			f->language = ap->cat->extensions[i].name;
	if (!f->language)
		return ls_apply_error(ap, LS_EINVAL, "language \"%s\" does not exist", lang);
	return 0;
}

/* interpret_AS_clause: the body, verbatim (AS) or deparsed (SQL-standard),
 * and its SHA-256. */
static int function_body(ls_apply *ap, PgQuery__CreateFunctionStmt *s, const fopts *o,
		ls_function *f, const ls_fparam *p, size_t n)
{
	PgQuery__List *as = o->as && o->as->arg && o->as->arg->node_case == PG_QUERY__NODE__NODE_LIST ?
		o->as->arg->list : NULL;
	if (!as && !s->sql_body)
		return ls_apply_error(ap, LS_EINVAL, "no function body specified");
	if (as && s->sql_body)
		return ls_apply_error(ap, LS_EINVAL, "duplicate function body specified");
	if (s->sql_body && strcmp(f->language, "sql") != 0)
		return ls_apply_error(ap, LS_EINVAL, "inline SQL function body only valid for language SQL");
	if (!strcmp(f->language, "c"))
		return ls_apply_error(ap, LS_EUNSUPPORTED, "C-language functions are not supported");
	if (s->sql_body) {
		f->body = ls_function_sql_body(ap, s->sql_body, f->name, p, n);
		if (!f->body)
			return ap->err->code;
	} else {
		if (as->n_items != 1)
			return ls_apply_error(ap, LS_EINVAL, "only one AS item needed for language \"%s\"", f->language);
		if (as->items[0]->node_case != PG_QUERY__NODE__NODE_STRING)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function body");
		f->body = ls_arena_strdup(ap->cat->arena, as->items[0]->string->sval);
		/* internal: an empty symbol means the function's own name */
		if (!strcmp(f->language, "internal") && f->body && !f->body[0])
			f->body = f->name;
	}
	if (!f->body)
		return ls_apply_nomem(ap);
	char hex[65];
	ls_sha256_hex(f->body, strlen(f->body), hex);
	f->body_sha256 = ls_arena_strdup(ap->cat->arena, hex);
	return f->body_sha256 ? 0 : ls_apply_nomem(ap);
}

/* GUCs whose names are stored mixed-case (guc.c's records) and the ones
 * whose list elements are quoted as identifiers (GUC_LIST_QUOTE). */
static const char *guc_name(const char *name)
{
	static const char *const mixed[] = {"DateStyle", "IntervalStyle", "TimeZone"};
	for (size_t i = 0; i < sizeof mixed / sizeof mixed[0]; i++)
		if (!strcasecmp(mixed[i], name))
			return mixed[i];
	return name;
}

static bool guc_list_quote(const char *name)
{
	static const char *const quoted[] = {"search_path", "temp_tablespaces",
		"local_preload_libraries", "session_preload_libraries", "shared_preload_libraries"};
	for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++)
		if (!strcmp(quoted[i], name))
			return true;
	return false;
}

/* flatten_set_variable_args: the value of SET name = a, b as proconfig
 * stores it. NULL with the error set. */
static const char *guc_value(ls_apply *ap, const PgQuery__VariableSetStmt *v)
{
	ls_arena *a = ap->cat->arena;
	const char *out = "";
	for (size_t i = 0; out && i < v->n_args; i++) {
		const pgnode *x = v->args[i];
		if (x->node_case != PG_QUERY__NODE__NODE_A_CONST || x->a_const->isnull) {
			ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported value for SET %s", v->name);
			return NULL;
		}
		const PgQuery__AConst *c = x->a_const;
		const char *s = c->val_case == PG_QUERY__A__CONST__VAL_SVAL ? c->sval->sval :
			c->val_case == PG_QUERY__A__CONST__VAL_FVAL ? c->fval->fval :
			c->val_case == PG_QUERY__A__CONST__VAL_IVAL ? ls_arena_printf(a, "%d", (int)c->ival->ival) :
			c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL ? (c->boolval->boolval ? "true" : "false") : "";
		if (s && c->val_case == PG_QUERY__A__CONST__VAL_SVAL && guc_list_quote(v->name))
			s = ls_quote_ident(a, s);
		out = s ? ls_arena_printf(a, "%s%s%s", out, *out ? ", " : "", s) : NULL;
	}
	if (!out)
		ls_apply_nomem(ap);
	return out;
}

/* One SET / RESET of a function's configuration, as proconfig records it:
 * SET name = value replaces an earlier value, SET name TO DEFAULT and RESET
 * name remove it, RESET ALL removes every one. */
static int config_item(ls_apply *ap, ls_function *f, const PgQuery__VariableSetStmt *v)
{
	if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "SET %s FROM CURRENT is not supported", v->name);
	if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
		f->n_config = 0;
		return 0;
	}
	const char *name = guc_name(v->name);
	size_t len = strlen(name);
	for (size_t j = 0; j < f->n_config; j++)
		if (!strncmp(f->config[j], name, len) && f->config[j][len] == '=') {
			LS_REMOVE(f->config, f->n_config, j);
			break;
		}
	if (v->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return 0;
	const char *value = guc_value(ap, v);
	if (!value)
		return ap->err->code;
	const char **slot = LS_PUSH(ap->cat, f->config, f->n_config);
	if (!slot || !(*slot = ls_arena_printf(ap->cat->arena, "%s=%s", name, value)))
		return ls_apply_nomem(ap);
	return 0;
}

static int function_config(ls_apply *ap, const fopts *o, ls_function *f)
{
	for (size_t i = 0; i < o->n_sets; i++) {
		int rc = config_item(ap, f, o->sets[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* volatility, STRICT, SECURITY DEFINER, LEAKPROOF, PARALLEL: the ones
 * given; the rest keep their value (CREATE starts from the defaults). */
static void attributes(const fopts *o, ls_function *f)
{
	const char *vol = def_string(o->volatility);
	if (vol)
		f->volatility = vol[0];
	if (o->strict)
		f->strict = def_bool(o->strict);
	if (o->security)
		f->security_definer = def_bool(o->security);
	if (o->leakproof)
		f->leakproof = def_bool(o->leakproof);
	const char *par = def_string(o->parallel);
	if (par)
		f->parallel = !strcmp(par, "safe") ? "SAFE" : !strcmp(par, "restricted") ? "RESTRICTED" : "UNSAFE";
}

/* --- existing functions --- */

int ls_function_params(ls_apply *ap, const ls_function *f, ls_fparam **out, size_t *n)
{
	ls_error local;
	ls_parsed *p = NULL;
	*out = NULL;
	*n = 0;
	ls_error_clear(&local);
	const char *args = f->arguments ? f->arguments : "";
	if (f->kind == 'a' && !(args = ls_aggregate_param_text(ap->cat->arena, args)))
		return ls_apply_nomem(ap);
	const char *sql = ls_arena_printf(ap->cat->arena, "CREATE %s f(%s)%s%s LANGUAGE sql AS ''",
			f->kind == 'p' ? "PROCEDURE" : "FUNCTION", args,
			f->returns ? " RETURNS " : "", f->returns ? f->returns : "");
	if (!sql)
		return ls_apply_nomem(ap);
	const ls_stmt *st = NULL;
	int rc = ls_parse(&p, sql, strlen(sql), "function", &local);
	if (rc == 0)
		rc = ls_parsed_next(p, &st, &local);
	if (rc == LS_ENOMEM) {
		ls_parsed_free(p);
		return ls_apply_nomem(ap);
	}
	if (rc <= 0 || st->node->node_case != PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
		ls_parsed_free(p);
		return ls_apply_error(ap, LS_EINVAL, "cannot read the arguments of function %s", f->name);
	}
	PgQuery__CreateFunctionStmt *s = st->node->create_function_stmt;
	rc = ls_function_read_params(ap, s->parameters, s->n_parameters, f->kind == 'p', out, n);
	ls_parsed_free(p);
	return rc;
}

static const char *input_types(ls_apply *ap, const ls_fparam *p, size_t n)
{
	const char *out = "";
	for (size_t i = 0; out && i < n; i++)
		if (is_input(p[i].mode))
			out = ls_arena_printf(ap->cat->arena, "%s%s%s", out, *out ? ", " : "", p[i].type);
	if (!out)
		ls_apply_nomem(ap);
	return out;
}

const char *ls_function_input_types(ls_apply *ap, const ls_function *f)
{
	ls_fparam *p;
	size_t n;
	if (ls_function_params(ap, f, &p, &n) < 0)
		return NULL;
	return input_types(ap, p, n);
}

/* The function of schema named name with input types types, or NULL. */
static ls_function *find_in_schema(ls_apply *ap, const char *schema, const char *name,
		const char *types, int *rc)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *f = &cat->functions[i];
		if (strcmp(f->schema, schema) != 0 || strcmp(f->name, name) != 0)
			continue;
		const char *t = ls_function_input_types(ap, f);
		if (!t) {
			*rc = ap->err->code;
			return NULL;
		}
		if (!strcmp(t, types))
			return f;
	}
	return NULL;
}

int ls_find_function(ls_apply *ap, const char *schema, const char *name,
		const char *types, ls_function **out)
{
	int rc = 0;
	*out = NULL;
	for (size_t i = 0; rc == 0 && !*out && i < (schema ? 1 : ap->cat->n_search_path); i++)
		*out = find_in_schema(ap, schema ? schema : ap->cat->search_path[i], name, types, &rc);
	return rc;
}

/* The output columns (name and type of OUT, INOUT and TABLE parameters)
 * of two parameter lists are the same row type. */
static bool same_row(const ls_fparam *a, size_t na, const ls_fparam *b, size_t nb)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < na && !is_output(a[i].mode))
			i++;
		while (j < nb && !is_output(b[j].mode))
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		if (strcmp(a[i].name, b[j].name) || strcmp(a[i].type, b[j].type))
			return false;
		i++;
		j++;
	}
}

/* ProcedureCreate's checks when OR REPLACE meets an existing function of
 * the same signature: kind, result, OUT row, input names, defaults. */
static int check_replace(ls_apply *ap, const ls_function *old, const ls_function *nf,
		const ls_fparam *np, size_t nn)
{
	ls_fparam *op;
	size_t on;
	if (old->kind != nf->kind)
		return ls_apply_error(ap, LS_EINVAL, "cannot change routine kind");
	int rc = ls_function_params(ap, old, &op, &on);
	if (rc < 0)
		return rc;
	bool old_out = false, new_out = false;
	for (size_t i = 0; i < on; i++)
		old_out = old_out || is_output(op[i].mode);
	for (size_t i = 0; i < nn; i++)
		new_out = new_out || is_output(np[i].mode);
	if (nf->kind == 'p' && old_out != new_out)
		return ls_apply_error(ap, LS_EINVAL, "cannot change whether a procedure has output parameters");
	if ((nf->kind == 'f' && strcmp(old->returns, nf->returns) != 0) || !same_row(op, on, np, nn))
		return ls_apply_error(ap, LS_EINVAL, "cannot change return type of existing function");
	size_t n_old_defs = 0, n_new_defs = 0;
	for (size_t i = 0, j = 0; i < on; i++) {
		if (!is_input(op[i].mode))
			continue;
		while (j < nn && !is_input(np[j].mode))
			j++;
		if (op[i].name[0] && (j == nn || strcmp(op[i].name, np[j].name) != 0))
			return ls_apply_error(ap, LS_EINVAL, "cannot change name of input parameter \"%s\"", op[i].name);
		n_old_defs += op[i].def != NULL;
		j++;
	}
	for (size_t j = 0; j < nn; j++)
		n_new_defs += np[j].def != NULL;
	if (n_new_defs < n_old_defs)
		return ls_apply_error(ap, LS_EINVAL, "cannot remove parameter defaults from existing function");
	return 0;
}

/* Put nf into the catalog: a new function, or (OR REPLACE) the existing one
 * of the same signature rewritten in place, keeping its identity, comment
 * and privileges. */
static int store_function(ls_apply *ap, bool replace, const ls_function *nf,
		const ls_fparam *p, size_t n)
{
	const char *types = input_types(ap, p, n);
	if (!types)
		return ap->err->code;
	int rc = 0;
	ls_function *old = find_in_schema(ap, nf->schema, nf->name, types, &rc);
	if (rc < 0)
		return rc;
	if (old && !replace)
		return ls_apply_error(ap, LS_EINVAL, "function \"%s\" already exists with same argument types", nf->name);
	if (old && (rc = check_replace(ap, old, nf, p, n)) < 0)
		return rc;
	return ls_function_put(ap, old, nf);
}

int ls_function_put(ls_apply *ap, ls_function *old, const ls_function *nf)
{
	ls_catalog *cat = ap->cat;
	ls_function *f = old ? old : LS_PUSH(cat, cat->functions, cat->n_functions);
	if (!f)
		return ls_apply_nomem(ap);
	ls_function keep = *f;
	*f = *nf;
	f->id = old ? keep.id : cat->next_id++;
	f->comment = keep.comment;
	f->grants = keep.grants;
	f->n_grants = keep.n_grants;
	/* CREATE OR REPLACE keeps the owner */
	f->owner = old ? keep.owner : ls_current_role(cat);
	if (!old && ls_default_grants(cat, LS_DEFACL_FUNCTIONS, f->schema, &f->grants,
			&f->n_grants) < 0)
		return ls_apply_nomem(ap);
	return 0;
}

int ls_apply_create_function(ls_apply *ap, PgQuery__CreateFunctionStmt *s)
{
	ls_function nf = {0};
	fopts o = {0};
	ls_fparam *p = NULL;
	size_t n = 0;
	const char *schema, *name;
	int rc;
	if (ls_name_list((const pgnode *const *)s->funcname, s->n_funcname, &schema, &name) < 0)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function name");
	if (!(nf.schema = ls_creation_schema(ap, schema)))
		return ap->err->code;
	if (!(nf.name = ls_arena_strdup(ap->cat->arena, name)))
		return ls_apply_nomem(ap);
	nf.kind = s->is_procedure ? 'p' : 'f';
	if ((rc = read_options(ap, s->options, s->n_options, s->is_procedure, &o)) < 0 || (rc = language(ap, s, &o, &nf)) < 0 ||
			(rc = ls_function_read_params(ap, s->parameters, s->n_parameters, s->is_procedure, &p, &n)) < 0 ||
			(rc = result_type(ap, s, p, n, &nf.returns)) < 0 ||
			(rc = function_body(ap, s, &o, &nf, p, n)) < 0 || (rc = function_config(ap, &o, &nf)) < 0)
		return rc;
	nf.volatility = 'v';
	nf.parallel = "UNSAFE";
	attributes(&o, &nf);
	nf.arguments = ls_function_args_text(ap, p, n, s->is_procedure, true);
	nf.identity_args = ls_function_args_text(ap, p, n, s->is_procedure, false);
	if (!nf.name || !nf.arguments || !nf.identity_args)
		return ls_apply_nomem(ap);
	return store_function(ap, s->replace, &nf, p, n);
}

int ls_apply_alter_function(ls_apply *ap, PgQuery__AlterFunctionStmt *s)
{
	char kind = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? 'p' :
		s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ? 'r' : 'f';
	ls_function *f;
	fopts o = {0};
	int rc = ls_lookup_function_args(ap, s->func, kind, false, &f);
	if (rc == 0 && f->kind == 'a')
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is an aggregate function", f->name);
	if (rc < 0 || (rc = read_options(ap, s->actions, s->n_actions, f->kind == 'p', &o)) < 0)
		return rc;
	if (o.rows && !(f->returns && (!strncmp(f->returns, "SETOF ", 6) || !strncmp(f->returns, "TABLE(", 6))))
		return ls_apply_error(ap, LS_EINVAL, "ROWS is not applicable when function does not return a set");
	/* the changes are made on a copy: the function is untouched on error */
	ls_function nf = *f;
	nf.config = NULL;
	nf.n_config = 0;
	for (size_t i = 0; i < f->n_config; i++) {
		const char **slot = LS_PUSH(ap->cat, nf.config, nf.n_config);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = f->config[i];
	}
	if ((rc = function_config(ap, &o, &nf)) < 0)
		return rc;
	attributes(&o, &nf);
	*f = nf;
	return 0;
}
