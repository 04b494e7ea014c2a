/* What a refused DROP names: the dependent objects, as the server's DETAIL
 * lines name them ("view v", "constraint k on table t", "function
 * f(integer)": relations and types quoted, names of their parts not),
 * listed in the error's hint after the server's primary
 * message. Private to catalog/apply*.c. */
#ifndef LS_APPLY_DROPDEPS_H
#define LS_APPLY_DROPDEPS_H

#include "build.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dependents joined by "; ", as many as fit in a hint; then "; ...". */
typedef struct ls_deps_text {
	char buf[200];
	size_t len;
	bool full;
} ls_deps_text;
#define LS_DEPS_TEXT_INIT {{0}, 0, false}

/* Append one dependent, formatted with printf rules. */
void ls_deps_add(ls_deps_text *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Put the dependents of d in the hint of the error just set (unless it has
 * one) as "dependents: A; B (DROP ... CASCADE drops them too)"; returns rc. */
int ls_deps_hint(ls_apply *ap, int rc, const ls_deps_text *d);

/* A relation or type as the server names it: bare when its schema is on
 * the search_path (public), else qualified; quoted as the server quotes.
 * In the catalog's arena (the name itself when out of memory). */
const char *ls_deps_relname(ls_apply *ap, const char *schema, const char *name);

/* A type as the server names it (format_type_be): as ls_deps_relname,
 * but a public type named as one of pg_catalog's (box) keeps its schema,
 * pg_catalog being searched first. */
const char *ls_deps_typename(ls_apply *ap, const char *schema, const char *name);

/* "function f(integer,text)" as the server names a routine (a procedure
 * too): argument types only, public ones bare. */
const char *ls_deps_function(ls_apply *ap, const ls_function *f);

/* Add what a DROP of relation schema.name without CASCADE is refused for,
 * and what depends on those in turn (the server's DETAIL is the closure):
 * views that read it, routines whose body reads it, foreign keys of other
 * tables pointing at it, defaults and views naming it (or an index on it,
 * a sequence it owns) by a regclass constant, policies of other tables
 * reading it, what uses its row type (ls_deps_type), inheritance
 * children. Objects in schema skip_schema (non-NULL: that schema is going
 * away) are not named as they go anyway. listed (cat->n_views entries, or
 * NULL) marks the views named already. */
void ls_deps_relation(ls_apply *ap, const char *schema, const char *name,
		const char *skip_schema, bool *listed, ls_deps_text *d);

/* Whether text (kind 'e' a stored expression, 'q' a view's query) names
 * relation schema.name by a regclass constant ('x'::regclass, the argument
 * of nextval, currval or setval, the whole value when type, the type the
 * expression is assigned to, is regclass), as the catalog stores one
 * (ls_regclass_literal): the server records that dependency on the
 * relation (apply_regclass.c). */
bool ls_text_names(ls_apply *ap, const char *text, char kind, const char *type,
		const char *schema, const char *name);

/* ls_text_names of relation schema.name or of a relation that goes with
 * it (an index on it, a sequence owned by one of its columns). */
bool ls_text_names_tree(ls_apply *ap, const char *text, char kind, const char *type,
		const char *schema, const char *name);

/* Whether table o goes with relation schema.name: it is that relation or
 * one of its partitions, down any depth (their defaults go with them). */
bool ls_goes_with(ls_catalog *cat, const ls_table *o, const char *schema, const char *name);

/* Whether foreign key k (of a table that does not go with relation
 * schema.name) depends on that relation: it references it, or a table it
 * is a partition of (the server clones the key for every partition of the
 * referenced table, and the clone's dependency takes the key along). */
bool ls_fk_depends_on(ls_catalog *cat, const ls_constraint *k, const char *schema, const char *name);

/* Add what names relation schema.name by a regclass constant, and what
 * depends on those: defaults, views (DROP INDEX, DROP SEQUENCE). */
void ls_deps_naming(ls_apply *ap, const char *schema, const char *name, ls_deps_text *d);

/* Add what a DROP FUNCTION f without CASCADE is refused for: column
 * defaults and CHECK constraints that call it, triggers that run it,
 * aggregates it is a support function of. */
void ls_deps_of_function(ls_apply *ap, const ls_function *f, ls_deps_text *d);

/* Add what a DROP FUNCTION f without CASCADE names, as the server's DETAIL
 * names it: ls_deps_of_function, the views, policies and SQL-standard
 * bodies calling f, and what depends on each of those in turn; objects
 * in schema skip_schema (non-NULL: going away) are left out. */
void ls_deps_function_closure(ls_apply *ap, const ls_function *f, const char *skip_schema,
		ls_deps_text *d);

/* Whether policy p's USING or WITH CHECK calls f. */
bool ls_policy_calls(ls_apply *ap, const ls_policy *p, const ls_function *f);

/* Whether routine g, another than f, calls f from its SQL-standard body
 * (only such a body records what it calls). */
bool ls_body_calls(ls_apply *ap, const ls_function *g, const ls_function *f);

/* Add what a DROP COLLATION c without CASCADE is refused for: columns,
 * domains and composite types, indexes, constraints and views that use it,
 * but those in schema skip_schema (non-NULL: going away) and what goes
 * with a column named already (apply_collation.c). */
void ls_deps_of_collation(ls_apply *ap, const ls_collation *c, const char *skip_schema,
		ls_deps_text *d);

/* Add what a DROP EXTENSION e without CASCADE is refused for: columns of
 * its types (and the views reading them), domains over them, defaults,
 * constraints, indexes and views that call its functions or use its
 * operator classes, but those in schema skip_schema (non-NULL: going away)
 * and what goes with a column named already (apply_extension.c). */
void ls_deps_of_extension(ls_apply *ap, const ls_extension *e, const char *skip_schema,
		ls_deps_text *d);

/* Whether f's arguments (OUT and TABLE columns too) or result use type q
 * (qualified as ls_qualify writes it) or an array of it: the server
 * records that dependency, on a type and on a relation's row type. */
bool ls_signature_uses(ls_apply *ap, const ls_function *f, const char *q);

/* Whether policy p's USING or WITH CHECK reads relation schema.name. */
bool ls_policy_reads(ls_apply *ap, const ls_policy *p, const char *schema, const char *name);

/* Whether column type ty (NULL: none) is type q (qualified as ls_qualify
 * writes it) or an array of it. */
bool ls_of_type(const char *ty, const char *q);

/* The first view whose query stores a value of type schema.name (a cast
 * to it, a literal argument of a routine's parameter of it), from index
 * from on, or SIZE_MAX. */
size_t ls_typed_view(ls_apply *ap, const char *schema, const char *name, size_t from);

/* Add what uses type schema.name (a relation's row type too), as the
 * server names it, and what depends on those: routines whose signature
 * uses it, columns of tables (of the type or its array) and the views,
 * policies and triggers reading them, tables partitioned by such a column,
 * domains over it, attributes of composite types, views storing a value
 * of it. */
void ls_deps_type(ls_apply *ap, const char *schema, const char *name, ls_deps_text *d);

/* Add what a DROP SCHEMA name without CASCADE is refused for: its tables
 * (but partitions of its own tables), views, sequences (but those owned by
 * a column), types, routines and extensions, and what depends on those
 * from other schemas (foreign keys, views, defaults naming its relations,
 * what uses its types and row types: ls_deps_relation, ls_deps_type). */
void ls_deps_schema(ls_apply *ap, const char *name, ls_deps_text *d);

#endif
