/* Private to the partition swap (swap.c, swap_attach.c): what one swap
 * of a table needs, and the parts both ways of it share. */
#ifndef LS_PLANNER_RECIPES_SWAP_H
#define LS_PLANNER_RECIPES_SWAP_H

#include "recipes.h"

#include "lockstep/buf.h"

typedef struct rename_pair {
	char kind;                   /* 'i' index, 'S' sequence */
	const char *to_name;         /* TO's name */
	const char *temp;            /* the new object's name until the swap */
	const char *old;             /* the old object holding to_name, or NULL */
	const char *old_aside;       /* the old object's name after the swap */
} rename_pair;

typedef struct swap {
	pl_side *s;
	const ls_table *w;           /* the old table, in work */
	const ls_table *t;           /* TO's table */
	const char *schema, *name;
	const char *q;               /* the table, quoted */
	const char *new_name, *qnew; /* the new table until the swap */
	const char *old_name, *qold; /* the old table after it */
	rename_pair *pairs;
	size_t n_pairs;
	const char **cols;           /* copied columns (TO's, generated ones aside) */
	size_t n_cols;
	const char *const *okey;     /* the old table's primary key: the batches' */
	size_t n_okey;
	const char *const *tkey;     /* TO's primary key: the sync's conflict target */
	size_t n_tkey;
	bool always;                 /* an identity ALWAYS column: OVERRIDING */
	const char *func, *qfunc, *trigger;
	const char *back_func, *qback_func, *back_trigger; /* after the swap: the
	                             * new table's changes written back to the old,
	                             * so that undoing the swap keeps them */
	const ls_table *part;        /* --attach: TO's partition the old table
	                             * becomes (no copy), or NULL */
	const char *bound_check;     /* its bound, as the old table's CHECK */
	const char *bound_name;      /* that CHECK's name */
} swap;


/* base + suffix, cut to fit a name, then numbered until neither work nor
 * TO holds a relation, type or function of the name. */
const char *pl_swap_free_name(pl_side *s, const char *schema, const char *base,
		const char *suffix);
/* "ALTER INDEX|SEQUENCE schema.from RENAME TO to;" (kind 'i' or 'S'). */
void pl_swap_rename_sql(pl_side *s, ls_buf *b, char kind, const char *schema, const char *from,
		const char *to);
/* Column name of table t, or NULL. */
const ls_column *pl_swap_column(const ls_table *t, const char *name);
/* The identity sequence of column col of table t of catalog c, or NULL. */
const ls_sequence *pl_swap_identity_sequence(ls_catalog *c, const ls_table *t, const char *col);
/* The swap refused, with the reason (LS_EUNSUPPORTED). */
int pl_swap_refuse(swap *x, const char *why);
/* The views of work that read the old table (or x->qold), that TO keeps:
 * CREATE OR REPLACE VIEW with TO's text into b, each locked in st (NULL:
 * not claimed). */
int pl_swap_rebind_views(swap *x, ls_buf *b, ls_step *st);
/* serial: each sequence the old table's column owns that TO's column owns
 * goes to the new table (into up; back, into undo), claimed in claims. */
void pl_swap_serials(swap *x, ls_buf *up, ls_buf *undo, ls_step *claims);
/* The foreign keys of other tables of work that point at the table and
 * that TO keeps: dropped into b, TO's nodes of them onto rewire (added
 * again NOT VALID after the swap). */
int pl_swap_unhook_fks(swap *x, ls_buf *b, const ls_script_node ***rewire, size_t *n_rewire);

/* "(a, b)" of cols (one: "a"), each quoted, each with prefix. */
const char *pl_swap_tuple(pl_side *s, const char *prefix, const char *const *cols, size_t n);
/* Whether every column of sub is in key: rows unique on sub are then
 * unique on key. */
bool pl_swap_covers(const char *const *key, size_t nk, const char *const *sub, size_t ns);

/* The copy (swap_copy.c). The trigger on table `on` that writes every
 * change through to target (key: target's primary key; skey: on's), and
 * its function func; with `until`, it writes only while relation `until`
 * exists. What drops it. */
const char *pl_swap_sync_sql(swap *x, const char *on, const char *target, const char *const *key,
		size_t nk, const char *const *skey, size_t ns, const char *func, const char *trigger,
		const char *until);
const char *pl_swap_unsync_sql(swap *x, const char *on, const char *func, const char *trigger);
/* Steps 2, 3 and 3b: the write-through, the batched copy, the vacuum. */
int pl_swap_sync(swap *x);
int pl_swap_copy(swap *x);
int pl_swap_vacuum(swap *x);

/* --attach (swap_attach.c): whether the old table can become TO's
 * partition x->part as it is (refused with the reason when not); the
 * steps before the swap (its bound as a CHECK, added NOT VALID, then
 * validated); and the swap itself, one short transaction. */
int pl_swap_attach_fits(swap *x);
int pl_swap_attach_bound(swap *x);
int pl_swap_attach_step(swap *x, const ls_script_node ***rewire, size_t *n_rewire);

#endif
