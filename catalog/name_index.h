/* Private to catalog/: hash indexes over the model's arrays, kept in the
 * builder's private state (ls_catalog.priv).
 *
 * An index maps a key (schema and name, or a table's id) to positions in
 * one model array. It is a cache, never the truth: a hit is checked against
 * the array before it is returned, and the answer is always the one the
 * linear scan it replaces would give (the first match in array order).
 * Indexes are only read for lookups; nothing is ever printed in their order.
 *
 * Keeping an index right:
 *   - appending (LS_PUSH) needs nothing: items past the indexed count are
 *     indexed at the next lookup;
 *   - a new array (reallocation, ROLLBACK, a loaded snapshot) needs nothing:
 *     the index is rebuilt when the array's address changes;
 *   - removing an item, or changing a key in place (a rename, SET SCHEMA),
 *     must be followed by ls_catalog_touch, before the next lookup;
 *   - a constraint (or domain CHECK) added to a table or type already in
 *     the catalog must be announced with ls_index_constraint_added;
 *   - a sequence given an owner in place (OWNED BY) must be announced with
 *     ls_index_sequence_owned.
 * The owner indexes (ls_catalog_owned: sequences by owned_table, indexes
 * by table, tables by the table their foreign keys reference, views by the
 * relations they depend on) follow the
 * same rules; a hit is checked against the item as it is now.
 * Statements that rename or move objects run with the indexes suspended
 * (ls_index_suspend): every lookup is the plain linear scan, and the
 * indexes are rebuilt after.
 *
 * Built with LS_SELF_CHECK (the sanitizer and fuzzing builds), every
 * lookup also runs the linear scan and aborts when the two disagree.
 *
 * Allocation: index tables come from the catalog's arena. When one cannot
 * be had, the arena is marked failed (the statement then reports out of
 * memory) and the lookup falls back to the linear scan, so its answer is
 * still right.
 */
#ifndef LS_CATALOG_NAME_INDEX_H
#define LS_CATALOG_NAME_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "lockstep/catalog.h"

/* The model arrays that are indexed by (schema, name); schemas by name. */
typedef enum ls_ix_kind {
	LS_IX_SCHEMA,
	LS_IX_TABLE,
	LS_IX_VIEW,
	LS_IX_TYPE,
	LS_IX_SEQUENCE,
	LS_IX_INDEX,
	LS_IX_FUNCTION,
	LS_IX_COUNT
} ls_ix_kind;

/* Position of the first item of kind named (schema, name) — for functions
 * also with identity_args when that is not NULL — or -1. schema is ignored
 * for LS_IX_SCHEMA. NULL schema or name: -1, as the linear scan gives. */
long ls_index_find(ls_catalog *cat, ls_ix_kind kind, const char *schema,
		const char *name, const char *identity_args);

/* Position of the first table with this id, or -1. */
long ls_index_find_table_id(ls_catalog *cat, uint64_t id);

/* Whether any table constraint or domain CHECK of schema is named name
 * (ConstraintNameExists). */
bool ls_index_constraint_exists(ls_catalog *cat, const char *schema, const char *name);

/* Announce a constraint pushed onto t (or a CHECK onto domain ty), by
 * name: after the push, once the name is set. Either may be NULL. */
void ls_index_constraint_added(ls_catalog *cat, const ls_table *t, const ls_type *ty,
		const char *name);

/* Announce that sq (in the catalog's array) is now OWNED BY a table:
 * after owned_table is set. */
void ls_index_sequence_owned(ls_catalog *cat, const ls_sequence *sq);

/* Announce that view v (in the catalog's array) has new depends (CREATE
 * OR REPLACE VIEW): after they are set. */
void ls_index_view_changed(ls_catalog *cat, const ls_view *v);

/* Items were removed, or keys (names, schemas) changed in place: every
 * index is rebuilt at its next use. */
void ls_catalog_touch(ls_catalog *cat);

/* Suspend the indexes (nested calls count) / resume them; resuming the
 * outermost suspension touches the catalog. */
void ls_index_suspend(ls_catalog *cat);
void ls_index_resume(ls_catalog *cat);

/* Other state the builder keeps beside the indexes, one pointer each. */
typedef enum ls_builder_slot_id {
	LS_SLOT_TXN,       /* txn.c: transactions and savepoints */
	LS_SLOT_DEPARSE,   /* expr.c: the deparse cache (parse.h) */
	LS_SLOT_CAST_TYPES, /* expr_type.c: type names of the casts it adds */
	LS_SLOT_CALL_PARAMS, /* expr_call.c: the parameters of functions called */
	LS_SLOT_COUNT
} ls_builder_slot_id;

/* The slot's address in the builder state (allocated on first use);
 * NULL when that state cannot be allocated. */
void **ls_builder_slot(ls_catalog *cat, ls_builder_slot_id slot);

/* The slot's value, NULL when the builder state does not exist yet. */
void *ls_builder_peek(const ls_catalog *cat, ls_builder_slot_id slot);

#endif
