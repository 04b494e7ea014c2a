/* Fault injection: make the Nth allocation fail, for every N, while
 * building the catalog of a fixture and writing its JSON. Each run must
 * fail cleanly with LS_ENOMEM (ASan reports any leak or bad access) until
 * N is past the last allocation and the build succeeds. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/catalog.h"

static int build_once(const char *path)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_catalog_new(&cat, &err);
	if (rc == 0)
		rc = ls_catalog_apply_file(cat, path, &err);
	char *json = NULL;
	if (rc == 0)
		rc = ls_catalog_to_json(&json, cat, &err);
	free(json);
	ls_catalog_free(cat);
	return rc;
}

static void run_fixture(const char *name)
{
	char path[1024];
	const char *dir = getenv("LS_FIXTURES");
	snprintf(path, sizeof path, "%s/catalog/%s", dir ? dir : "tests/fixtures", name);
	long n;
	for (n = 1; n < 100000; n++) {
		ls_alloc_fail_after(n);
		int rc = build_once(path);
		ls_alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
	}
	assert_true(n > 1);
	assert_true(n < 100000);
}

static void test_fault_basics(void **state)
{
	(void)state;
	run_fixture("001-multi-tenant-basics.sql");
}

static void test_fault_alter(void **state)
{
	(void)state;
	run_fixture("003-alter-forms.sql");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_basics),
		cmocka_unit_test(test_fault_alter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
