/* ls_catalog_copy: the copy holds every field and identity of its source
 * (the snapshot key, which covers every stored field, ids and next_id, is
 * the same), changes to the copy, down to nested lists, leave the source
 * as it was, and a copy that runs out of memory fails cleanly. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "full_catalog.h"
#include "lockstep/arena.h"
#include "store_int.h"

static void key_of(char key[65], ls_catalog *cat)
{
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_snapshot_key(key, cat, &err), 0);
}

static void test_copy_is_equal(void **state)
{
	(void)state;
	ls_catalog *src = full_catalog(), *copy = NULL;
	ls_error err;
	ls_error_clear(&err);
	char a[65], b[65];
	key_of(a, src);
	assert_int_equal(ls_catalog_copy(&copy, src, &err), 0);
	assert_ptr_not_equal(copy->arena, src->arena);
	assert_null(copy->priv);
	key_of(b, copy);
	assert_string_equal(a, b);
	ls_catalog_free(copy);
	ls_catalog_free(src);
}

/* Every nested list the SQL below touches is its own in the copy. */
static void test_copy_is_independent(void **state)
{
	(void)state;
	static const char sql[] =
		"CREATE TABLE t (id integer PRIMARY KEY, v text);\n"
		"CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
		"CREATE INDEX t_v ON t (v) INCLUDE (id);\n"
		"CREATE VIEW tv AS SELECT id, v FROM t;\n"
		"GRANT SELECT ON t TO PUBLIC;\n";
	static const char change[] =
		"ALTER TABLE t ADD COLUMN w integer, ADD CONSTRAINT t_v_check CHECK (v <> '');\n"
		"ALTER TABLE t RENAME COLUMN v TO vv;\n"
		"ALTER TYPE mood ADD VALUE 'happy';\n"
		"GRANT UPDATE ON t TO PUBLIC;\n"
		"COMMENT ON TABLE t IS 'changed';\n"
		"SET search_path = other;\n";
	ls_catalog *src = NULL, *copy = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&src, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(src, sql, strlen(sql), "src.sql", &err), 0);
	char *before = NULL, *after = NULL, *changed = NULL;
	assert_int_equal(ls_catalog_to_json(&before, src, &err), 0);
	assert_int_equal(ls_catalog_copy(&copy, src, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(copy, change, strlen(change), "change.sql", &err), 0);
	assert_int_equal(ls_catalog_to_json(&after, src, &err), 0);
	assert_int_equal(ls_catalog_to_json(&changed, copy, &err), 0);
	assert_string_equal(before, after);
	assert_string_not_equal(before, changed);
	assert_string_equal(src->search_path[src->n_search_path - 1], "public");
	assert_non_null(strstr(changed, "happy"));
	assert_null(strstr(after, "happy"));
	free(before);
	free(after);
	free(changed);
	ls_catalog_free(copy);
	ls_catalog_free(src);
}

static void test_copy_out_of_memory(void **state)
{
	(void)state;
	ls_catalog *src = full_catalog();
	bool done = false;
	for (long n = 1; !done; n++) {
		ls_catalog *copy = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_catalog_copy(&copy, src, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			done = true;
			assert_non_null(copy);
		} else {
			assert_int_equal(rc, LS_ENOMEM);
			assert_null(copy);
		}
		ls_catalog_free(copy);
	}
	ls_catalog_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_is_equal),
		cmocka_unit_test(test_copy_is_independent),
		cmocka_unit_test(test_copy_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
