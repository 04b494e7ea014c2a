/* Stats files (lockstep/stats.h): the fixture of a 50 GB table read and
 * written back byte for byte; files that are not stats files refused with
 * the file's name and no byte of their content; a link not followed. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockstep/stats.h"

#ifndef LS_SOURCE_DIR
#error "LS_SOURCE_DIR must name the source tree"
#endif

static const char *fixture = LS_SOURCE_DIR "/tests/fixtures/stats/audit-logs-50gb.json";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	return b;
}

static void test_round_trip(void **state)
{
	(void)state;
	ls_stats *s = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_stats_load(&s, fixture, &err), 0);
	assert_int_equal(s->server_version_num, 150018);
	assert_int_equal(s->n_tables, 2);
	assert_int_equal(s->n_indexes, 3);
	const ls_stats_table *t = ls_stats_find_table(s, "public", "audit_logs");
	assert_non_null(t);
	assert_true(t->rows == 500000000.0);
	assert_true(t->heap_bytes == INT64_C(53687091200));
	assert_int_equal(t->kind, 'r');
	assert_null(ls_stats_find_table(s, "public", "nope"));
	assert_true(s->maintenance_work_mem == INT64_C(1073741824));
	char *again = ls_stats_to_json(s), *file = slurp(fixture);
	assert_string_equal(again, file);
	free(again);
	free(file);
	ls_stats_free(s);
}

/* Each written to a temporary file, loaded: refused, the message naming
 * the file and quoting nothing of it. */
static void test_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"not json at all: SECRET-CONTENT",
		"[\"SECRET-CONTENT\"]",
		"{\"lockstep_stats\": 2, \"settings\": {}, \"tables\": [], \"indexes\": []}",
		"{\"lockstep_stats\": 1, \"settings\": {}, \"tables\": [], \"indexes\": []}",
		"{\"lockstep_stats\": 1, \"server_version_num\": 150000, \"server_version\": \"15\", "
		"\"taken_at\": null, \"database_bytes\": 1, \"settings\": {\"block_size\": 8192, "
		"\"maintenance_work_mem\": 1, \"work_mem\": 1, \"shared_buffers\": 1, "
		"\"max_parallel_maintenance_workers\": 0, \"max_parallel_workers\": 0}, "
		"\"tables\": [{\"schema\": \"SECRET-CONTENT\"}], \"indexes\": []}",
		"{\"lockstep_stats\": 1, \"lockstep_stats\": 1}",
	};
	char path[] = "/tmp/lockstep-test-stats-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		FILE *f = fopen(path, "wb");
		fputs(bad[i], f);
		fclose(f);
		ls_stats *s = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_stats_load(&s, path, &err), LS_EINVAL);
		assert_null(s);
		char msg[1024];
		ls_error_format(&err, 0, msg, sizeof msg);
		if (!strstr(msg, path) || strstr(msg, "SECRET"))
			fail_msg("file %zu: %s", i, msg);
	}
	/* a symbolic link is not followed */
	char link[64];
	snprintf(link, sizeof link, "%s.link", path);
	assert_int_equal(symlink(fixture, link), 0);
	ls_stats *s = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_stats_load(&s, link, &err), LS_EINVAL);
	unlink(link);
	ls_error_clear(&err);
	assert_int_equal(ls_stats_load(&s, "/nonexistent/stats.json", &err), LS_EIO);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
