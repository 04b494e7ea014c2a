/* lockstep/keymap.h: entries sorted by (hash, position), the first entry
 * of a hash found at every boundary, and keys that differ only in where
 * one string ends hashing apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lockstep/keymap.h"

/* Equal hashes keep array order (a lookup returns the first match a scan
 * would), whatever order the entries were filled in. */
static void test_sort_keeps_array_order(void **state)
{
	(void)state;
	ls_keymap_entry e[] = {{7, 5}, {3, 4}, {7, 1}, {3, 0}, {9, 3}, {7, 2}};
	ls_keymap m = {e, sizeof e / sizeof e[0]};
	ls_keymap_sort(&m);
	static const ls_keymap_entry want[] = {{3, 0}, {3, 4}, {7, 1}, {7, 2}, {7, 5}, {9, 3}};
	for (size_t i = 0; i < m.n; i++) {
		assert_int_equal(m.e[i].hash, want[i].hash);
		assert_int_equal(m.e[i].pos, want[i].pos);
	}
}

static void test_first(void **state)
{
	(void)state;
	ls_keymap_entry e[] = {{3, 0}, {3, 4}, {7, 1}, {7, 2}, {7, 5}, {9, 3}};
	ls_keymap m = {e, sizeof e / sizeof e[0]};
	assert_int_equal(ls_keymap_first(&m, 3), 0);
	assert_int_equal(ls_keymap_first(&m, 7), 2);
	assert_int_equal(ls_keymap_first(&m, 9), 5);
	/* absent: where it would go, which holds another hash or is the end */
	assert_int_equal(ls_keymap_first(&m, 1), 0);
	assert_int_equal(ls_keymap_first(&m, 5), 2);
	assert_int_equal(ls_keymap_first(&m, 10), 6);
	ls_keymap none = {NULL, 0};
	ls_keymap_sort(&none);
	assert_int_equal(ls_keymap_first(&none, 3), 0);
	ls_keymap one = {e + 5, 1};
	assert_int_equal(ls_keymap_first(&one, 9), 0);
	assert_int_equal(ls_keymap_first(&one, 10), 1);
}

/* Many entries with few hashes: every lookup lands on the lowest position
 * of its hash. */
static void test_many(void **state)
{
	(void)state;
	enum { N = 1000 };
	ls_keymap_entry *e = malloc(N * sizeof *e);
	assert_non_null(e);
	for (size_t i = 0; i < N; i++)
		e[i] = (ls_keymap_entry){(N - i) % 17, i};
	ls_keymap m = {e, N};
	ls_keymap_sort(&m);
	for (uint64_t h = 0; h < 17; h++) {
		size_t k = ls_keymap_first(&m, h);
		assert_true(k < m.n);
		assert_int_equal(m.e[k].hash, h);
		assert_true(k == 0 || m.e[k - 1].hash < h);
		for (size_t i = 0; i < N; i++)
			if ((N - i) % 17 == h) {
				assert_int_equal(m.e[k].pos, i);
				break;
			}
	}
	free(e);
}

static void test_hash_separates_parts(void **state)
{
	(void)state;
	assert_true(ls_key_hash("ab", "c", NULL) != ls_key_hash("a", "bc", NULL));
	assert_true(ls_key_hash("a", "", "b") != ls_key_hash("a", "b", ""));
	assert_true(ls_key_hash("app", "t1", NULL) == ls_key_hash("app", "t1", ""));
	assert_true(ls_key_hash(NULL, "t1", NULL) == ls_key_hash("", "t1", NULL));
	assert_true(ls_key_hash("app", "t1", NULL) != ls_key_hash("app", "t2", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_keeps_array_order),
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_hash_separates_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
