/* Writing a snapshot's objects and members (store_int.h): an object the
 * store holds already (same hash) is only listed; a new one is written as
 * its rows, under a new id. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The sink that writes rows of object object_id. */
typedef struct db_sink {
	ls_store_sink base;
	ls_store *st;
	int64_t object_id;
} db_sink;

/* More values than any object row has. */
#define MAX_VALUES 24

static int db_row(ls_store_sink *k, const ls_store_rowdef *def, const ls_sval *vals,
		size_t n, ls_error *err)
{
	db_sink *d = (db_sink *)k;
	ls_sval v[MAX_VALUES];
	if (n + 1 > MAX_VALUES)
		return ls_error_set(err, LS_EINVAL, d->st->path, 0, 0,
				"internal error: %zu values for table %s", n, def->table);
	v[0] = SV_I(d->object_id);
	memcpy(v + 1, vals, n * sizeof *v);
	return ls_store_exec(d->st, err, def->sql, v, n + 1);
}

static const char SQL_OBJECT_FIND[] =
	"SELECT id FROM store_objects WHERE hash = ?1 ORDER BY id";
static const char SQL_OBJECT_ADD[] =
	"INSERT INTO store_objects (kind, hash) VALUES (?1, ?2)";

/* The id of x's object in the store, written when the store has none. */
static int object_id(ls_store *st, const ls_store_member *x, ls_error *err)
{
	ls_store_entry *e = x->entry;
	sqlite3_stmt *q = NULL;
	int rc;
	if (e->object_id)
		return 0;
	if ((rc = ls_store_query(&q, st, err, SQL_OBJECT_FIND, SV_ARGS(SV_S(e->hash)))) < 0 ||
			(rc = ls_store_step(st, q, err)) < 0)
		return rc;
	if (rc == 1) {
		e->object_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return 0;
	}
	if ((rc = ls_store_exec(st, err, SQL_OBJECT_ADD,
			SV_ARGS(SV_S(ls_store_kind_names[x->kind]), SV_S(e->hash)))) < 0)
		return rc;
	db_sink k = {{db_row}, st, sqlite3_last_insert_rowid(st->db)};
	if ((rc = ls_store_object_rows(&k.base, x->kind, x->obj, err)) < 0)
		return rc;
	e->object_id = k.object_id;
	ls_store_memo_pending(st->memo, e);
	return 0;
}

/* Write id in decimal at p; returns the length (snprintf, per id of every
 * snapshot, was a tenth of a history walk). */
static size_t put_id(char *p, int64_t id)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u = id < 0 ? (uint64_t)0 - (uint64_t)id : (uint64_t)id;
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	size_t len = 0;
	if (id < 0)
		p[len++] = '-';
	while (n > 0)
		p[len++] = tmp[--n];
	return len;
}

static const char SQL_MEMBERS_ADD[] =
	"INSERT INTO snapshot_members (snapshot_id, kind, object_ids) VALUES (?1, ?2, ?3)";

int ls_store_save_members(ls_store *st, int64_t snapshot_id, const ls_store_members *m,
		ls_error *err)
{
	/* the longest list as JSON: an id of up to 20 digits and a comma each */
	size_t most = 0;
	for (int kind = 0; kind < LS_STORE_KINDS; kind++)
		most = m->count[kind] > most ? m->count[kind] : most;
	char *ids = ls_malloc(most * 21 + 3);
	int rc = ids ? 0 : ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	size_t at = 0;
	for (int kind = 0; kind < LS_STORE_KINDS && rc == 0; kind++) {
		/* a version 2 store converted to 3 has no such list yet */
		if ((kind == LS_STORE_DEFAULT_ACL && st->schema_version < 4) ||
				(kind == LS_STORE_COLLATION && st->schema_version < 5))
			continue;
		size_t len = 0;
		ids[len++] = '[';
		for (size_t i = 0; i < m->count[kind] && rc == 0; i++, at++) {
			if ((rc = object_id(st, &m->items[at], err)) < 0)
				break;
			if (i)
				ids[len++] = ',';
			len += put_id(ids + len, m->items[at].entry->object_id);
		}
		ids[len++] = ']';
		ids[len] = '\0';
		/* every kind has its row, an empty list included: a lost row is
		 * damage the load can see */
		if (rc == 0)
			rc = ls_store_exec(st, err, SQL_MEMBERS_ADD, SV_ARGS(SV_I(snapshot_id),
					SV_S(ls_store_kind_names[kind]), SV_S(ids)));
	}
	free(ids);
	return rc;
}
