/* Date/time and interval literals as the server prints them.
 *
 * A reader of the input forms PostgreSQL documents (datatype-datetime:
 * ISO 8601 dates with '-' or as YYYYMMDD, times with optional seconds and
 * fraction, 'T' between date and time, AM/PM, BC/AD, offsets +HH, +HH:MM,
 * +HHMM, Z/UTC/GMT, the specials epoch, infinity, -infinity, allballs;
 * intervals as quantity-unit pairs with fractions, hh:mm:ss parts, `ago`,
 * `@`, and ISO 8601 P...T...) and a writer of the output forms of
 * DateStyle ISO and IntervalStyle postgres (datetime.c EncodeDateOnly,
 * EncodeDateTime, EncodeTimeOnly, EncodeInterval). Dates with a month name
 * ('1 Jan 2020', 'January 1, 2020', '15-Aug-2020') are read as DecodeDate
 * reads them. Forms it does not read (time zone names, dates with slashes,
 * whose order is DateStyle's) are reported as such and left as written by
 * the caller. The arithmetic is on days since 2000-01-01
 * (proleptic Gregorian, astronomical years: 1 BC is year 0).
 */
#define _POSIX_C_SOURCE 200809L
#include "datetime.h"
#include "build.h"
#include "lockstep/error.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USEC_PER_SEC INT64_C(1000000)
#define USEC_PER_DAY (INT64_C(86400) * USEC_PER_SEC)

ls_dt_kind ls_datetime_kind(const char *type)
{
	char base[64];
	if (!type)
		return LS_DT_NONE;
	ls_type_base(type, base, sizeof base);
	if (!strcmp(base, "date"))
		return LS_DT_DATE;
	if (!strcmp(base, "time without time zone"))
		return LS_DT_TIME;
	if (!strcmp(base, "time with time zone"))
		return LS_DT_TIMETZ;
	if (!strcmp(base, "timestamp without time zone"))
		return LS_DT_TS;
	if (!strcmp(base, "timestamp with time zone"))
		return LS_DT_TSTZ;
	if (!strncmp(base, "interval", 8) && !strchr(base, '['))
		return LS_DT_INTERVAL;
	return LS_DT_NONE;
}

/* --- calendar --- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = era * 400 + yoe + (*m <= 2);
}

static int month_days(int64_t y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* --- reading --- */

typedef struct dt {
	bool has_date, has_time, has_tz, bc, pm, am;
	int64_t y;
	int m, d;
	int64_t usec;  /* time of day */
	int tz;        /* seconds east of UTC */
	int special;   /* 1 epoch, 2 infinity, -2 -infinity */
} dt;

enum { DT_OK = 0, DT_UNKNOWN = 1, DT_RANGE = 2, DT_NOW = 3, DT_ZONE = 4 };

/* A word that can only be a time zone's name or abbreviation
 * ('Europe/Paris', 'PST', 'CET'): letters, '/', '_'. */
static bool zone_name(const char *t)
{
	bool letter = false;
	for (const char *p = t; *p; p++) {
		if (isalpha((unsigned char)*p))
			letter = true;
		else if (*p != '/' && *p != '_')
			return false;
	}
	return letter && strlen(t) >= 2;
}

/* [+-]H, HH, HH:MM, HHMM, HH:MM:SS after the sign; Z, UTC, GMT. */
static int read_offset(const char *s, int *tz)
{
	if (!strcmp(s, "z") || !strcmp(s, "utc") || !strcmp(s, "gmt") || !strcmp(s, "zulu")) {
		*tz = 0;
		return DT_OK;
	}
	if (*s != '+' && *s != '-')
		return DT_UNKNOWN;
	int sign = *s == '-' ? -1 : 1;
	const char *p = s + 1;
	int h = 0, mi = 0, se = 0;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n == 3 || n > 4)
		return DT_UNKNOWN;
	if (n == 4) {
		h = (p[0] - '0') * 10 + (p[1] - '0');
		mi = (p[2] - '0') * 10 + (p[3] - '0');
		p += 4;
	} else {
		h = atoi(p);
		p += n;
		if (*p == ':') {
			p++;
			if (strspn(p, "0123456789") != 2)
				return DT_UNKNOWN;
			mi = atoi(p);
			p += 2;
			if (*p == ':') {
				p++;
				if (strspn(p, "0123456789") != 2)
					return DT_UNKNOWN;
				se = atoi(p);
				p += 2;
			}
		}
	}
	if (*p)
		return DT_UNKNOWN;
	if (h > 15 || mi > 59 || se > 59)
		return DT_RANGE;
	*tz = sign * (h * 3600 + mi * 60 + se);
	return DT_OK;
}

/* H:MM[:SS[.frac]] then an optional offset. */
static int read_time(const char *s, dt *v)
{
	const char *p = s;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n > 2 || p[n] != ':')
		return DT_UNKNOWN;
	int64_t h = atoi(p), mi, se = 0, frac = 0;
	p += n + 1;
	if (strspn(p, "0123456789") != 2)
		return DT_UNKNOWN;
	mi = atoi(p);
	p += 2;
	if (*p == ':') {
		p++;
		if (strspn(p, "0123456789") != 2)
			return DT_UNKNOWN;
		se = atoi(p);
		p += 2;
		if (*p == '.') {
			p++;
			size_t k = strspn(p, "0123456789");
			/* rounded to microseconds, as the server does */
			char digits[16] = "0000000";
			memcpy(digits, p, k < 7 ? k : 7);
			frac = (digits[0] - '0') * 100000 + (digits[1] - '0') * 10000 + (digits[2] - '0') * 1000 +
				(digits[3] - '0') * 100 + (digits[4] - '0') * 10 + (digits[5] - '0');
			if (k > 6 && digits[6] >= '5')
				frac++;
			p += k;
		}
	}
	if (*p) {
		int rc = read_offset(p, &v->tz);
		if (rc)
			return rc;
		v->has_tz = true;
	}
	if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se || frac)))
		return DT_RANGE;
	v->usec = ((h * 60 + mi) * 60 + se) * USEC_PER_SEC + frac;
	v->has_time = true;
	return DT_OK;
}

/* Y-M-D (Y of any length), or YYYYMMDD; a 't' and a time may follow. */
static int read_date(const char *s, dt *v)
{
	const char *p = s;
	size_t n = strspn(p, "0123456789");
	if (n == 8 && (!p[8] || p[8] == 't')) {
		v->y = strtoll(p, NULL, 10) / 10000;
		v->m = (int)(strtol(p + 4, NULL, 10) / 100);
		v->d = (int)strtol(p + 6, NULL, 10);
		p += 8;
	} else {
		if (n == 0 || n > 7 || p[n] != '-')
			return DT_UNKNOWN;
		v->y = strtoll(p, NULL, 10);
		p += n + 1;
		n = strspn(p, "0123456789");
		if (n == 0 || n > 2 || p[n] != '-')
			return DT_UNKNOWN;
		v->m = atoi(p);
		p += n + 1;
		n = strspn(p, "0123456789");
		if (n == 0 || n > 2)
			return DT_UNKNOWN;
		v->d = atoi(p);
		p += n;
	}
	v->has_date = true;
	if (*p == 't' && p[1])
		return read_time(p + 1, v);
	return *p ? DT_UNKNOWN : DT_OK;
}

static int read_word(const char *t, dt *v)
{
	static const char *const now[] = {"now", "today", "tomorrow", "yesterday"};
	for (size_t i = 0; i < sizeof now / sizeof now[0]; i++)
		if (!strcmp(t, now[i]))
			return DT_NOW;
	if (!strcmp(t, "bc"))
		v->bc = true;
	else if (!strcmp(t, "ad"))
		;
	else if (!strcmp(t, "am") || !strcmp(t, "a.m."))
		v->am = true;
	else if (!strcmp(t, "pm") || !strcmp(t, "p.m."))
		v->pm = true;
	else if (!strcmp(t, "epoch"))
		v->special = 1;
	else if (!strcmp(t, "infinity") || !strcmp(t, "+infinity"))
		v->special = 2;
	else if (!strcmp(t, "-infinity"))
		v->special = -2;
	else if (!strcmp(t, "allballs")) {
		v->has_time = true;
		v->usec = 0;
		v->has_tz = true;
		v->tz = 0;
	} else {
		int rc = read_offset(t, &v->tz);
		if (rc)
			return rc == DT_UNKNOWN && zone_name(t) ? DT_ZONE : rc;
		v->has_tz = true;
	}
	return DT_OK;
}

/* The month a word names (datetktbl: "jan", "january", "sept" ...), 0. */
static int month_of(const char *t)
{
	static const char *const names[] = {"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december"};
	size_t len = strlen(t);
	for (int m = 0; m < 12; m++)
		if ((len == 3 && !strncmp(t, names[m], 3)) || !strcmp(t, names[m]) ||
				(m == 8 && !strcmp(t, "sept")))
			return m + 1;
	return 0;
}

/* A day of the week (read and ignored when a date is given). */
static bool weekday(const char *t)
{
	static const char *const names[] = {"sun", "sunday", "mon", "monday", "tue", "tues",
		"tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday",
		"sat", "saturday"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

/* A date with a month name ('1 Jan 2020', 'January 1, 2020',
 * '15-Aug-2020', '2020-Feb-03', 'Mon Jan 6 2020'): the numbers around it
 * are a day and a year as DecodeNumber assigns them (DateStyle MDY, the
 * server's default; the month name makes the forms unambiguous): a field
 * of three or more digits is the year, a number before the month name
 * that was taken as a month becomes the day, a two-digit year is 19xx
 * from 70 on and 20xx below. */
typedef struct mdate {
	bool y, m, d, text, y2;
} mdate;

static int month_field(mdate *f, dt *v, int month)
{
	if (f->text)
		return DT_UNKNOWN;
	if (f->m && !f->d) {
		v->d = v->m;
		f->d = true;
	} else if (f->m) {
		return DT_UNKNOWN;
	}
	v->m = month;
	f->m = f->text = true;
	return DT_OK;
}

static int number_field(mdate *f, dt *v, const char *t)
{
	size_t flen = strlen(t);
	if (flen > 7)
		return DT_UNKNOWN;
	int64_t val = strtoll(t, NULL, 10);
	int mask = f->y | f->m << 1 | f->d << 2;
	if (mask == 0 || (mask == 2 && f->text && flen >= 3) || mask == 6) {
		if (mask == 0 && flen < 3) {
			v->m = (int)val;
			f->m = true;
			return DT_OK;
		}
		v->y = val;
		f->y = true;
		f->y2 = flen == 2;
	} else if (mask == 1) {
		if (flen == 3)
			return DT_UNKNOWN; /* a day of the year */
		v->m = (int)val;
		f->m = true;
	} else if (mask == 2 || mask == 3) {
		if (mask == 3 && f->text && flen >= 3 && f->y2) {
			v->d = (int)v->y;
			v->y = val;
			f->y2 = false;
		} else {
			v->d = (int)val;
		}
		f->d = true;
	} else {
		return DT_UNKNOWN;
	}
	return DT_OK;
}

/* The words of a date written with a month name, in order, into v. */
static int read_month_date(char **toks, size_t n, dt *v)
{
	mdate f = {0};
	for (size_t i = 0; i < n; i++) {
		const char *t = toks[i];
		int rc, month = month_of(t);
		if (month)
			rc = month_field(&f, v, month);
		else if (weekday(t))
			rc = DT_OK;
		else if (strspn(t, "0123456789") == strlen(t))
			rc = number_field(&f, v, t);
		else if (isdigit((unsigned char)t[0]) && strchr(t, ':'))
			rc = v->has_time ? DT_UNKNOWN : read_time(t, v);
		else
			rc = read_word(t, v);
		if (rc)
			return rc;
	}
	if (!f.y || !f.m || !f.d)
		return DT_UNKNOWN;
	if (f.y2)
		v->y += v->y < 70 ? 2000 : 1900;
	v->has_date = true;
	return DT_OK;
}

/* The words of s (lower case, in buf): split at white space and commas,
 * and a word with a month name in it ('15-aug-2020') at its dashes. */
static size_t split_words(char *buf, char **toks, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *t = strtok_r(buf, " \t\n,", &save); t; t = strtok_r(NULL, " \t\n,", &save)) {
		size_t alpha = 0, run = 0;
		for (const char *p = t; *p; p++) {
			run = isalpha((unsigned char)*p) ? run + 1 : 0;
			alpha = run > alpha ? run : alpha;
		}
		char *part = t;
		if (alpha >= 3 && t[0] != '-' && t[0] != '+' && strchr(t, '-')) {
			for (char *d; (d = strchr(part, '-')) && n < max; part = d + 1) {
				*d = '\0';
				if (*part)
					toks[n++] = part;
			}
		}
		if (*part && n < max)
			toks[n++] = part;
		else if (*part)
			return max + 1;
	}
	return n;
}

static int read_dt(const char *in, dt *v)
{
	char buf[128];
	size_t len = strlen(in);
	if (len >= sizeof buf)
		return DT_UNKNOWN;
	for (size_t i = 0; i <= len; i++)
		buf[i] = (char)tolower((unsigned char)in[i]);
	memset(v, 0, sizeof *v);
	char *toks[16];
	size_t nt = split_words(buf, toks, sizeof toks / sizeof toks[0]);
	if (nt > sizeof toks / sizeof toks[0])
		return DT_UNKNOWN;
	bool named = false;
	for (size_t i = 0; i < nt; i++)
		named |= month_of(toks[i]) != 0;
	int rc = named ? read_month_date(toks, nt, v) : DT_OK;
	for (size_t i = 0; !named && !rc && i < nt; i++) {
		char *t = toks[i];
		const char *colon = strchr(t, ':'), *dash = strchr(t, '-');
		if (isdigit((unsigned char)t[0]) && colon && (!dash || dash > colon))
			rc = v->has_time ? DT_UNKNOWN : read_time(t, v);
		else if (isdigit((unsigned char)t[0]))
			rc = v->has_date ? DT_UNKNOWN : read_date(t, v);
		else
			rc = read_word(t, v);
	}
	if (rc)
		return rc;
	if (v->special && (v->has_date || v->has_time))
		return DT_UNKNOWN;
	if (v->am || v->pm) {
		int64_t h = v->usec / (3600 * USEC_PER_SEC);
		if (!v->has_time || h < 1 || h > 12)
			return v->has_time ? DT_RANGE : DT_UNKNOWN;
		if (v->am && h == 12)
			v->usec -= 12 * 3600 * USEC_PER_SEC;
		if (v->pm && h != 12)
			v->usec += 12 * 3600 * USEC_PER_SEC;
	}
	if (v->has_date) {
		if (v->bc) {
			if (v->y == 0)
				return DT_RANGE;
			v->y = 1 - v->y;
		}
		if (v->m < 1 || v->m > 12 || v->d < 1 || v->d > month_days(v->y, v->m))
			return DT_RANGE;
	}
	return DT_OK;
}

/* --- writing --- */

static void put_frac(char *out, size_t size, int64_t usec)
{
	if (usec == 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, ".%06lld", (long long)usec);
	for (size_t n = strlen(out); n > 1 && out[n - 1] == '0'; n--)
		out[n - 1] = '\0';
}

static void put_time(char *out, size_t size, int64_t usec)
{
	char frac[16];
	int64_t s = usec / USEC_PER_SEC;
	put_frac(frac, sizeof frac, usec % USEC_PER_SEC);
	snprintf(out, size, "%02lld:%02lld:%02lld%s", (long long)(s / 3600), (long long)(s / 60 % 60),
			(long long)(s % 60), frac);
}

static void put_date(char *out, size_t size, int64_t days)
{
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, size, "%04lld-%02d-%02d", (long long)(y > 0 ? y : 1 - y), m, d);
}

/* +HH, +HH:MM, +HH:MM:SS, as EncodeTimezone. */
static void put_offset(char *out, size_t size, int tz)
{
	int a = abs(tz);
	char sign = tz < 0 ? '-' : '+';
	if (a % 60)
		snprintf(out, size, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
	else if (a % 3600)
		snprintf(out, size, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
	else
		snprintf(out, size, "%c%02d", sign, a / 3600);
}

static int write_dt(ls_arena *a, ls_dt_kind k, dt *v, const char **out)
{
	char d[32], t[32], z[16];
	if (v->special == 2 || v->special == -2) {
		if (k == LS_DT_TIME || k == LS_DT_TIMETZ)
			return DT_UNKNOWN;
		*out = v->special > 0 ? "infinity" : "-infinity";
		return DT_OK;
	}
	if (v->special == 1) {
		if (k == LS_DT_TIME || k == LS_DT_TIMETZ)
			return DT_UNKNOWN;
		v->has_date = v->has_time = true;
		v->y = 1970;
		v->m = v->d = 1;
		v->usec = 0;
		v->has_tz = false;
	}
	if (k == LS_DT_TIME || k == LS_DT_TIMETZ) {
		if (!v->has_time)
			return DT_UNKNOWN;
		put_time(t, sizeof t, v->usec);
		if (k == LS_DT_TIME) {
			*out = ls_arena_strdup(a, t);
		} else {
			put_offset(z, sizeof z, v->has_tz ? v->tz : 0);
			*out = ls_arena_printf(a, "%s%s", t, z);
		}
		return *out ? DT_OK : -1;
	}
	if (!v->has_date)
		return DT_UNKNOWN;
	int64_t days = days_from_civil(v->y, v->m, v->d);
	int64_t usec = v->usec;
	if (k == LS_DT_DATE) {
		put_date(d, sizeof d, days);
		*out = ls_arena_printf(a, "%s%s", d, v->y <= 0 ? " BC" : "");
		return *out ? DT_OK : -1;
	}
	if (k == LS_DT_TSTZ && v->has_tz)
		usec -= (int64_t)v->tz * USEC_PER_SEC;
	/* 24:00:00, 23:59:60 and offsets carry into the next or previous day */
	days += usec >= 0 ? usec / USEC_PER_DAY : -((-usec + USEC_PER_DAY - 1) / USEC_PER_DAY);
	usec -= (usec >= 0 ? usec / USEC_PER_DAY : -((-usec + USEC_PER_DAY - 1) / USEC_PER_DAY)) * USEC_PER_DAY;
	int64_t y;
	int m, dd;
	civil_from_days(days, &y, &m, &dd);
	put_date(d, sizeof d, days);
	put_time(t, sizeof t, usec);
	*out = ls_arena_printf(a, "%s %s%s%s", d, t, k == LS_DT_TSTZ ? "+00" : "", y <= 0 ? " BC" : "");
	return *out ? DT_OK : -1;
}

/* --- intervals --- */

typedef struct iv {
	int64_t months, days, usec;
} iv;

/* Without libm: half away from zero, and toward zero. */
static int64_t rnd(double v)
{
	return (int64_t)(v < 0 ? v - 0.5 : v + 0.5);
}

static double trunc_d(double v)
{
	return (double)(int64_t)v;
}

typedef enum { U_NONE, U_USEC, U_MSEC, U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MON, U_YEAR,
	U_DECADE, U_CENTURY, U_MILLENNIUM } unit;

static unit unit_of(const char *s)
{
	static const struct {
		const char *name;
		unit u;
	} units[] = {
		{"microsecond", U_USEC}, {"microseconds", U_USEC}, {"us", U_USEC}, {"usec", U_USEC}, {"usecs", U_USEC},
		{"millisecond", U_MSEC}, {"milliseconds", U_MSEC}, {"ms", U_MSEC}, {"msec", U_MSEC}, {"msecs", U_MSEC},
		{"second", U_SEC}, {"seconds", U_SEC}, {"s", U_SEC}, {"sec", U_SEC}, {"secs", U_SEC},
		{"minute", U_MIN}, {"minutes", U_MIN}, {"m", U_MIN}, {"min", U_MIN}, {"mins", U_MIN},
		{"hour", U_HOUR}, {"hours", U_HOUR}, {"h", U_HOUR}, {"hr", U_HOUR}, {"hrs", U_HOUR},
		{"day", U_DAY}, {"days", U_DAY}, {"d", U_DAY},
		{"week", U_WEEK}, {"weeks", U_WEEK}, {"w", U_WEEK},
		{"month", U_MON}, {"months", U_MON}, {"mon", U_MON}, {"mons", U_MON},
		{"year", U_YEAR}, {"years", U_YEAR}, {"y", U_YEAR}, {"yr", U_YEAR}, {"yrs", U_YEAR},
		{"decade", U_DECADE}, {"decades", U_DECADE}, {"dec", U_DECADE}, {"decs", U_DECADE},
		{"century", U_CENTURY}, {"centuries", U_CENTURY}, {"cent", U_CENTURY}, {"c", U_CENTURY},
		{"millennium", U_MILLENNIUM}, {"millennia", U_MILLENNIUM}, {"mil", U_MILLENNIUM}, {"mils", U_MILLENNIUM},
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (!strcmp(units[i].name, s))
			return units[i].u;
	return U_NONE;
}

/* val (with its fraction) of unit u added to x, as DecodeInterval does:
 * a fraction of a year goes to months, of a month to days (30) and then
 * seconds, of a week or a day to seconds. */
static void add_unit(iv *x, double val, unit u)
{
	double ip = trunc_d(val), fp = val - ip;
	switch (u) {
	case U_USEC: x->usec += rnd(val); break;
	case U_MSEC: x->usec += rnd(val * 1000); break;
	case U_SEC: x->usec += rnd(val * 1e6); break;
	case U_MIN: x->usec += rnd(val * 60e6); break;
	case U_HOUR: x->usec += rnd(val * 3600e6); break;
	case U_DAY:
		x->days += (int64_t)ip;
		x->usec += rnd(fp * 86400e6);
		break;
	case U_WEEK: {
		double d = fp * 7;
		x->days += (int64_t)ip * 7 + (int64_t)trunc_d(d);
		x->usec += rnd((d - trunc_d(d)) * 86400e6);
		break;
	}
	case U_MON: {
		double d = fp * 30;
		x->months += (int64_t)ip;
		x->days += (int64_t)trunc_d(d);
		x->usec += rnd((d - trunc_d(d)) * 86400e6);
		break;
	}
	case U_YEAR: x->months += (int64_t)ip * 12 + (int64_t)rnd(fp * 12); break;
	case U_DECADE: x->months += (int64_t)ip * 120 + (int64_t)rnd(fp * 120); break;
	case U_CENTURY: x->months += (int64_t)ip * 1200 + (int64_t)rnd(fp * 1200); break;
	case U_MILLENNIUM: x->months += (int64_t)ip * 12000 + (int64_t)rnd(fp * 12000); break;
	default: break;
	}
}

/* A number at *p (sign, digits, fraction); false when none. */
static bool read_number(const char **p, double *val)
{
	const char *s = *p;
	size_t n = (*s == '+' || *s == '-') ? 1 : 0;
	size_t digits = strspn(s + n, "0123456789");
	size_t k = n + digits;
	if (s[k] == '.') {
		size_t f = strspn(s + k + 1, "0123456789");
		if (!digits && !f)
			return false;
		k += 1 + f;
	} else if (!digits) {
		return false;
	}
	char buf[64];
	if (k >= sizeof buf)
		return false;
	memcpy(buf, s, k);
	buf[k] = '\0';
	*val = strtod(buf, NULL);
	*p = s + k;
	return true;
}

static int read_iso_interval(const char *s, iv *x)
{
	bool in_time = false;
	const char *p = s + 1;
	if (!*p)
		return DT_UNKNOWN;
	while (*p) {
		if (*p == 't') {
			if (in_time)
				return DT_UNKNOWN;
			in_time = true;
			p++;
			continue;
		}
		double val;
		if (!read_number(&p, &val))
			return DT_UNKNOWN;
		unit u;
		switch (*p) {
		case 'y': u = in_time ? U_NONE : U_YEAR; break;
		case 'm': u = in_time ? U_MIN : U_MON; break;
		case 'w': u = in_time ? U_NONE : U_WEEK; break;
		case 'd': u = in_time ? U_NONE : U_DAY; break;
		case 'h': u = in_time ? U_HOUR : U_NONE; break;
		case 's': u = in_time ? U_SEC : U_NONE; break;
		default: u = U_NONE; break;
		}
		if (u == U_NONE)
			return DT_UNKNOWN;
		add_unit(x, val, u);
		p++;
	}
	return DT_OK;
}

/* An interval type modifier: the fields (INTERVAL_MASK bits, 0 for all)
 * and the fractional-second precision (-1 for none). */
enum { F_YEAR = 1, F_MONTH = 2, F_DAY = 4, F_HOUR = 8, F_MINUTE = 16, F_SECOND = 32 };

typedef struct ivmod {
	unsigned range;
	int precision;
} ivmod;

/* "interval", "interval(0)", "interval day to second(3)", "interval year". */
static bool read_ivmod(const char *type, ivmod *m)
{
	static const char *const names[] = {"year", "month", "day", "hour", "minute", "second"};
	m->range = 0;
	m->precision = -1;
	if (!type || strncmp(type, "interval", 8))
		return false;
	const char *p = type + 8;
	unsigned first = 0;
	bool to = false;
	while (*p == ' ') {
		p++;
		size_t len = strcspn(p, " (");
		if (len == 2 && !strncmp(p, "to", 2)) {
			to = true;
			p += len;
			continue;
		}
		unsigned bit = 0;
		for (int i = 0; i < 6; i++)
			if (strlen(names[i]) == len && !strncmp(p, names[i], len))
				bit = 1u << i;
		if (!bit)
			return false;
		if (to) /* every field from the first to this one */
			for (unsigned b = first; b <= bit; b <<= 1)
				m->range |= b;
		else
			first = bit, m->range |= bit;
		p += len;
	}
	if (*p == '(') {
		m->precision = atoi(p + 1);
		if (m->precision < 0 || m->precision > 6)
			return false;
		p += strcspn(p, ")");
		if (*p == ')')
			p++;
	}
	return *p == '\0';
}

/* The unit of a number written alone, from the last field of the range
 * (DecodeInterval). */
static unit bare_unit(unsigned range)
{
	if (range == F_YEAR)
		return U_YEAR;
	if (range == F_MONTH || range == (F_YEAR | F_MONTH))
		return U_MON;
	if (range == F_DAY)
		return U_DAY;
	if (range == F_HOUR || range == (F_DAY | F_HOUR))
		return U_HOUR;
	if (range == F_MINUTE || range == (F_HOUR | F_MINUTE) || range == (F_DAY | F_HOUR | F_MINUTE))
		return U_MIN;
	return U_SEC;
}

/* AdjustIntervalForTypmod: the fields below the range dropped, the
 * fraction of a second rounded (half away from zero). */
static void adjust_interval(iv *x, const ivmod *m)
{
	static const int64_t scale[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
	unsigned r = m->range;
	if (r == F_YEAR)
		x->months = x->months / 12 * 12;
	if (r && !(r & (F_DAY | F_HOUR | F_MINUTE | F_SECOND)))
		x->days = 0, x->usec = 0;
	else if (r == F_DAY)
		x->usec = 0;
	int64_t unit = 0;
	if (r && !(r & (F_MINUTE | F_SECOND)) && (r & F_HOUR))
		unit = 3600 * USEC_PER_SEC;
	else if (r && !(r & F_SECOND) && (r & F_MINUTE))
		unit = 60 * USEC_PER_SEC;
	if (unit)
		x->usec = x->usec / unit * unit;
	if (m->precision >= 0) {
		int64_t sc = scale[m->precision], off = sc / 2;
		x->usec = x->usec >= 0 ? (x->usec + off) / sc * sc : -((-x->usec + off) / sc * sc);
	}
}

static int read_interval_in(const char *in, iv *x, unsigned range);

static int read_interval(const char *in, iv *x)
{
	return read_interval_in(in, x, 0);
}

static int read_interval_in(const char *in, iv *x, unsigned range)
{
	char buf[256];
	size_t len = strlen(in);
	if (len >= sizeof buf)
		return DT_UNKNOWN;
	for (size_t i = 0; i <= len; i++)
		buf[i] = (char)tolower((unsigned char)in[i]);
	memset(x, 0, sizeof *x);
	char *start = buf + strspn(buf, " \t\n");
	if (start[0] == 'p')
		return read_iso_interval(start, x);
	bool ago = false, any = false;
	char *save = NULL;
	for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
		if (!strcmp(t, "@"))
			continue;
		if (!strcmp(t, "ago")) {
			ago = true;
			continue;
		}
		if (ago)
			return DT_UNKNOWN;
		const char *p = t;
		if (strchr(t, ':')) {
			/* [+-]H:MM[:SS[.f]] */
			int sign = *p == '-' ? -1 : 1;
			if (*p == '+' || *p == '-')
				p++;
			dt v;
			memset(&v, 0, sizeof v);
			size_t hn = strspn(p, "0123456789");
			if (hn == 0 || p[hn] != ':')
				return DT_UNKNOWN;
			int64_t h = strtoll(p, NULL, 10);
			char rest[64];
			snprintf(rest, sizeof rest, "0%s", p + hn);
			/* MINUTE TO SECOND reads a lone mm:ss as minutes and seconds */
			bool mmss = range == (F_MINUTE | F_SECOND) && !strchr(p + hn + 1, ':');
			if (mmss && h > 59)
				return DT_UNKNOWN;
			if (mmss)
				snprintf(rest, sizeof rest, "0:%02lld:%s", (long long)(h % 60), p + hn + 1);
			if (read_time(rest, &v) || v.has_tz)
				return DT_UNKNOWN;
			if (mmss)
				h = h / 60;
			x->usec += sign * (h * 3600 * USEC_PER_SEC + v.usec);
			any = true;
			continue;
		}
		double val;
		if (!read_number(&p, &val))
			return DT_UNKNOWN;
		unit u = U_NONE;
		if (*p) {
			u = unit_of(p);
		} else {
			char *next = strtok_r(NULL, " \t\n", &save);
			if (!next) {
				u = bare_unit(range);  /* a bare number: seconds, or the range's last field */
			} else if ((u = unit_of(next)) == U_NONE) {
				return DT_UNKNOWN;
			}
		}
		if (u == U_NONE)
			return DT_UNKNOWN;
		add_unit(x, val, u);
		any = true;
	}
	if (!any)
		return DT_UNKNOWN;
	if (ago) {
		x->months = -x->months;
		x->days = -x->days;
		x->usec = -x->usec;
	}
	return DT_OK;
}

static void put_field(char *out, size_t size, size_t *o, int64_t val, const char *name,
		bool *before, bool *zero)
{
	if (val == 0 || *o >= size)
		return;
	*o += (size_t)snprintf(out + *o, size - *o, "%s%s%lld %s%s", *zero ? "" : " ",
			*before && val > 0 ? "+" : "", (long long)val, name, val != 1 ? "s" : "");
	*before = val < 0;
	*zero = false;
}

/* EncodeInterval, IntervalStyle postgres. */
static const char *write_interval(ls_arena *a, const iv *x)
{
	char out[160], t[48];
	size_t o = 0;
	bool before = false, zero = true;
	out[0] = '\0';
	put_field(out, sizeof out, &o, x->months / 12, "year", &before, &zero);
	put_field(out, sizeof out, &o, x->months % 12, "mon", &before, &zero);
	put_field(out, sizeof out, &o, x->days, "day", &before, &zero);
	if (zero || x->usec != 0) {
		bool minus = x->usec < 0;
		put_time(t, sizeof t, minus ? -x->usec : x->usec);
		if (o < sizeof out)
			snprintf(out + o, sizeof out - o, "%s%s%s", zero ? "" : " ",
					minus ? "-" : before ? "+" : "", t);
	}
	return ls_arena_strdup(a, out);
}

int ls_datetime_canonical_type(ls_arena *a, const char *type, const char *in, const char **out)
{
	ivmod m;
	ls_dt_kind k = ls_datetime_kind(type);
	if (k != LS_DT_INTERVAL || !read_ivmod(type, &m) || (!m.range && m.precision < 0))
		return ls_datetime_canonical(a, k, in, out);
	iv x;
	*out = in;
	int rc = read_interval_in(in, &x, m.range);
	if (rc == DT_OK) {
		adjust_interval(&x, &m);
		return (*out = write_interval(a, &x)) ? 0 : LS_ENOMEM;
	}
	return ls_datetime_canonical(a, k, in, out);
}

int ls_datetime_canonical(ls_arena *a, ls_dt_kind k, const char *in, const char **out)
{
	static const char *const kind_names[] = {"", "date", "time without time zone",
		"time with time zone", "timestamp without time zone", "timestamp with time zone", "interval"};
	int rc;
	*out = in;
	if (k == LS_DT_INTERVAL) {
		iv x;
		rc = read_interval(in, &x);
		if (rc == DT_OK)
			return (*out = write_interval(a, &x)) ? 0 : LS_ENOMEM;
	} else {
		dt v;
		rc = read_dt(in, &v);
		if (rc == DT_OK)
			rc = write_dt(a, k, &v, out);
		if (rc < 0)
			return LS_ENOMEM;
		if (rc == DT_OK)
			return 0;
	}
	switch (rc) {
	case DT_RANGE:
		*out = ls_arena_printf(a, "date/time field value out of range: \"%s\"", in);
		return *out ? LS_EINVAL : LS_ENOMEM;
	case DT_NOW:
		*out = ls_arena_printf(a, "the %s value \"%s\" is read when the statement runs and "
				"cannot be known offline: write the value itself", kind_names[k], in);
		return *out ? LS_EUNSUPPORTED : LS_ENOMEM;
	case DT_ZONE:
		*out = ls_arena_printf(a, "the %s value \"%s\" names a time zone, whose offset lockstep "
				"cannot know offline: write the offset as a number (+01:00)", kind_names[k], in);
		return *out ? LS_EUNSUPPORTED : LS_ENOMEM;
	default:
		*out = in;  /* a form not read here: kept as written */
		return 0;
	}
}

bool ls_datetime_zoned(ls_dt_kind k, const char *in)
{
	dt v;
	return (k == LS_DT_TSTZ || k == LS_DT_TIMETZ) && read_dt(in, &v) == DT_OK && !v.has_tz &&
		!v.special && (v.has_date || v.has_time);
}
