/* catalog/datetime.c offline: the kinds of type spellings, what a literal
 * it cannot know offline gives (a refusal naming it), a value out of range
 * (the server's message), and forms it does not read (kept as written).
 * The output forms themselves are checked against PostgreSQL 15 by
 * tests/pg/literals_stored.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "build.h"
#include "datetime.h"
#include "lockstep/error.h"

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(ls_datetime_kind("date"), LS_DT_DATE);
	assert_int_equal(ls_datetime_kind("timestamp(3) without time zone"), LS_DT_TS);
	assert_int_equal(ls_datetime_kind("time(2) with time zone"), LS_DT_TIMETZ);
	assert_int_equal(ls_datetime_kind("interval day to second"), LS_DT_INTERVAL);
	assert_int_equal(ls_datetime_kind("interval[]"), LS_DT_NONE);
	assert_int_equal(ls_datetime_kind("date[]"), LS_DT_NONE);
	assert_int_equal(ls_datetime_kind("text"), LS_DT_NONE);
	assert_int_equal(ls_datetime_kind(NULL), LS_DT_NONE);
}

static int canon(ls_arena *a, ls_dt_kind k, const char *in, const char **out)
{
	return ls_datetime_canonical(a, k, in, out);
}

static void test_read_at_run_time(void **state)
{
	(void)state;
	ls_arena *a;
	const char *out;
	assert_int_equal(ls_arena_new(&a), 0);
	static const char *const words[] = {"now", "today", "Tomorrow", "yesterday", "today 10:00"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		assert_int_equal(canon(a, LS_DT_TS, words[i], &out), LS_EUNSUPPORTED);
		assert_non_null(strstr(out, words[i]));
	}
	ls_arena_free(a);
}

static void test_out_of_range(void **state)
{
	(void)state;
	ls_arena *a;
	const char *out;
	assert_int_equal(ls_arena_new(&a), 0);
	static const struct {
		ls_dt_kind k;
		const char *in;
	} bad[] = {{LS_DT_DATE, "2021-02-29"}, {LS_DT_DATE, "2020-13-01"}, {LS_DT_TS, "2020-01-01 24:00:01"},
		{LS_DT_TIME, "10:60"}, {LS_DT_DATE, "0000-01-01 BC"}, {LS_DT_TIME, "13:00 pm"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(canon(a, bad[i].k, bad[i].in, &out), LS_EINVAL);
		assert_non_null(strstr(out, "date/time field value out of range: \""));
		assert_non_null(strstr(out, bad[i].in));
	}
	ls_arena_free(a);
}

/* Zone names, slashed dates (DateStyle), SQL-standard intervals: not
 * read, kept. */
static void test_kept_as_written(void **state)
{
	(void)state;
	ls_arena *a;
	const char *out;
	assert_int_equal(ls_arena_new(&a), 0);
	static const struct {
		ls_dt_kind k;
		const char *in;
	} kept[] = {{LS_DT_DATE, "1/8/1999"},
		{LS_DT_INTERVAL, "1-2"}, {LS_DT_INTERVAL, "1 fortnight"}, {LS_DT_TIME, "infinity"}, {LS_DT_DATE, ""}};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		assert_int_equal(canon(a, kept[i].k, kept[i].in, &out), 0);
		assert_string_equal(out, kept[i].in);
	}
	ls_arena_free(a);
}

/* Month names: the fields around the name as DecodeNumber takes them
 * (the outputs are PostgreSQL 15's, see tests/pg/literals.txt). */
static void test_month_names(void **state)
{
	(void)state;
	ls_arena *a;
	const char *out;
	assert_int_equal(ls_arena_new(&a), 0);
	static const struct {
		ls_dt_kind k;
		const char *in, *want;
	} ok[] = {{LS_DT_DATE, "January 8, 1999", "1999-01-08"}, {LS_DT_DATE, "8 Jan 1999", "1999-01-08"},
		{LS_DT_DATE, "20-Jan-01", "2001-01-20"}, {LS_DT_DATE, "Jan 5 99", "1999-01-05"},
		{LS_DT_TS, "Mon Jan 6 2020 10:00 PM", "2020-01-06 22:00:00"}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(canon(a, ok[i].k, ok[i].in, &out), 0);
		assert_string_equal(out, ok[i].want);
	}
	/* two month names, a month with no day, a day of the year: not read */
	static const char *const kept[] = {"Jan Feb 2020", "Jan 2020", "2020 123 Jan"};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		assert_int_equal(canon(a, LS_DT_DATE, kept[i], &out), 0);
		assert_string_equal(out, kept[i]);
	}
	assert_int_equal(canon(a, LS_DT_DATE, "Feb 30 2020", &out), LS_EINVAL);
	ls_arena_free(a);
}

/* Time zones: a zone's name is refused (its offset is the tz database's),
 * a literal without an offset is read in the session's TimeZone. */
static void test_zones(void **state)
{
	(void)state;
	ls_arena *a;
	const char *out;
	assert_int_equal(ls_arena_new(&a), 0);
	static const char *const named[] = {"2020-01-01 10:00 Europe/Paris", "2020-01-01 10:00 PST",
		"Jan 1 2020 10:00 America/New_York"};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		assert_int_equal(canon(a, LS_DT_TSTZ, named[i], &out), LS_EUNSUPPORTED);
		assert_non_null(strstr(out, "names a time zone"));
	}
	assert_true(ls_datetime_zoned(LS_DT_TSTZ, "2020-01-01 10:00"));
	assert_true(ls_datetime_zoned(LS_DT_TIMETZ, "10:00"));
	assert_false(ls_datetime_zoned(LS_DT_TSTZ, "2020-01-01 10:00+02"));
	assert_false(ls_datetime_zoned(LS_DT_TSTZ, "2020-01-01 10:00Z"));
	assert_false(ls_datetime_zoned(LS_DT_TSTZ, "infinity"));
	assert_false(ls_datetime_zoned(LS_DT_TS, "2020-01-01 10:00"));
	ls_arena_free(a);
}

/* SET TIME ZONE in a script: lockstep reads literals without an offset in
 * UTC, so after a zone other than UTC such a literal is refused, naming
 * the zone; UTC again (or RESET) reads them as before. */
static void test_session_time_zone(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		int rc;
	} cases[] = {
		{"SET TIME ZONE 'UTC'; CREATE TABLE t (a timestamptz DEFAULT '2020-01-01 10:00');", 0},
		{"SET TIME ZONE 'Europe/Paris'; CREATE TABLE t (a timestamptz DEFAULT '2020-01-01 10:00+01');", 0},
		{"SET TIME ZONE 'Europe/Paris'; CREATE TABLE t (a timestamp DEFAULT '2020-01-01 10:00');", 0},
		{"SET timezone = 'Europe/Paris'; RESET timezone; CREATE TABLE t (a timestamptz DEFAULT '2020-01-01');", 0},
		{"SET TIME ZONE 'Europe/Paris'; CREATE TABLE t (a timestamptz DEFAULT '2020-01-01 10:00');", LS_EUNSUPPORTED},
		{"SET TIME ZONE -7; CREATE TABLE t (a int, CHECK ('10:00'::timetz > '09:00+00'));", LS_EUNSUPPORTED},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_catalog *cat;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&cat, &err), 0);
		int rc = ls_catalog_apply_sql(cat, cases[i].sql, strlen(cases[i].sql), "t.sql", &err);
		if (rc != cases[i].rc)
			fail_msg("%s: %d", cases[i].sql, rc);
		if (rc) {
			char line[512];
			ls_error_format(&err, 0, line, sizeof line);
			assert_non_null(strstr(line, "read in the session's TimeZone"));
		}
		ls_catalog_free(cat);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_read_at_run_time),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_kept_as_written),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_session_time_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
