/* Store version 2 to 3 (store_schema_v3.c): each snapshot is read from the
 * version 2 tables by the loader every version uses, and written again as
 * objects and members under its old id and key, so a history recorded
 * before keeps its keys and its revisions. Objects many snapshots share
 * are written once (the store's memo finds them). Runs inside the upgrade's
 * transaction. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct old_snapshot {
	int64_t id;
	uint64_t next_id;
	char key[65];
} old_snapshot;

static const char SQL_OLD_SNAPSHOTS[] =
	"SELECT id, key, next_id FROM snapshots ORDER BY id";

/* Every snapshot row: *out malloc'ed (free it, also on failure). */
static int old_snapshots(old_snapshot **out, size_t *n, ls_store *st, ls_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = ls_store_query(&q, st, err, SQL_OLD_SNAPSHOTS, NULL, 0);
	while (rc >= 0 && (rc = ls_store_step(st, q, err)) == 1) {
		const char *key = (const char *)sqlite3_column_text(q, 1);
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			old_snapshot *grown = ls_realloc(*out, cap * sizeof *grown);
			if (!grown) {
				sqlite3_reset(q);
				return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			}
			*out = grown;
		}
		old_snapshot *s = &(*out)[(*n)++];
		s->id = sqlite3_column_int64(q, 0);
		s->next_id = (uint64_t)sqlite3_column_int64(q, 2);
		size_t len = key ? strlen(key) : 0;
		if (len >= sizeof s->key) {
			sqlite3_reset(q);
			return ls_error_set(err, LS_EIO, st->path, 0, 0,
					"the store is corrupt (a snapshot key of %zu characters)", len);
		}
		memcpy(s->key, key ? key : "", len + 1);
	}
	return rc;
}

/* One snapshot: loaded as stored (not sorted again: positions are kept),
 * written as members. */
static int convert(ls_store *st, const old_snapshot *s, ls_error *err)
{
	ls_catalog *cat = NULL;
	ls_store_members mb = {0};
	int rc;
	if ((rc = ls_catalog_new(&cat, err)) < 0)
		goto done;
	ls_store_empty_catalog(cat);
	cat->next_id = s->next_id;
	if ((rc = ls_store_load_objects(st, cat, s->key, err)) < 0 ||
			(rc = ls_store_members_of(&mb, st->memo, cat, err)) < 0 ||
			(rc = ls_store_save_members(st, s->id, &mb, err)) < 0)
		goto done;
done:
	free(mb.items);
	ls_catalog_free(cat);
	return rc;
}

int ls_store_upgrade_v3(ls_store *st, ls_error *err)
{
	old_snapshot *list = NULL;
	size_t n = 0;
	int rc;
	if ((!st->memo && (rc = ls_store_memo_new(&st->memo, err)) < 0) ||
			(rc = old_snapshots(&list, &n, st, err)) < 0)
		goto done;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = convert(st, &list[i], err);
done:
	free(list);
	return rc;
}
