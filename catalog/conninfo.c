/* Connection strings: see conninfo.h. libpq parses them and connects; this
 * file decides what of them may be printed. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/conninfo.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MASK "***"
#define MAX_SECRETS 64

/* A part [start, end) of a text that must not be printed. */
typedef struct span {
	size_t start, end;
} span;

/* Where a scan for passwords is in a text. A segment is the run of text up
 * to the next quote or line end (a URI quoted in a message ends there);
 * seg_at caches the last '@' of the current segment, so a text full of
 * "x://" is still scanned in linear time. */
typedef struct scan {
	const char *text;
	size_t i;
	size_t seg_end;
	size_t seg_at; /* SIZE_MAX: no '@' in the segment */
} scan;

/* Bytes of a key: libpq keywords, and '%' for percent-encoded URI keys. */
static bool key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '%';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether the key of n bytes at p, percent-decoded and in any case, ends
 * in "password" (password, sslpassword, PGPASSWORD). */
static bool password_key(const char *p, size_t n)
{
	char tail[8];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (c == '%' && i + 2 < n && hex_digit(p[i + 1]) >= 0 && hex_digit(p[i + 2]) >= 0) {
			c = hex_digit(p[i + 1]) * 16 + hex_digit(p[i + 2]);
			i += 2;
		}
		if (m == sizeof tail) {
			memmove(tail, tail + 1, sizeof tail - 1);
			m--;
		}
		tail[m++] = (char)tolower(c);
	}
	return m == sizeof tail && !memcmp(tail, "password", sizeof tail);
}

/* Length of the value at p as libpq reads one: a quoted value to its
 * closing quote (or the end), a bare one to the next blank, backslash
 * escaping the next byte in both. */
static size_t value_len(const char *p)
{
	size_t i = 0;
	if (p[0] == '\'') {
		for (i = 1; p[i] && p[i] != '\''; i++)
			if (p[i] == '\\' && p[i + 1])
				i++;
		return p[i] ? i + 1 : i;
	}
	while (p[i] && !isspace((unsigned char)p[i]))
		i += p[i] == '\\' && p[i + 1] ? 2 : 1;
	return i;
}

/* Length of a URI scheme with its "://" at p ("postgresql://"), or 0. */
static size_t scheme_len(const char *p)
{
	size_t n = 0;
	if (!isalpha((unsigned char)p[0]))
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '+' || p[n] == '.' || p[n] == '-')
		n++;
	return strncmp(p + n, "://", 3) ? 0 : n + 3;
}

/* The password of the URI whose authority starts at p: from the first ':'
 * to the last '@' of the segment. libpq ends the password at the first
 * '@'; masking to the last one also hides what libpq would take for a
 * host when the password holds an unencoded '@'. */
static bool uri_password(scan *sc, size_t p, span *out)
{
	const char *t = sc->text;
	if (p >= sc->seg_end) {
		sc->seg_end = p + strcspn(t + p, "\"'\r\n");
		sc->seg_at = SIZE_MAX;
		for (size_t j = sc->seg_end; j > p; j--)
			if (t[j - 1] == '@') {
				sc->seg_at = j - 1;
				break;
			}
	}
	if (sc->seg_at == SIZE_MAX || sc->seg_at < p)
		return false;
	const char *colon = memchr(t + p, ':', sc->seg_at - p);
	if (!colon || (size_t)(colon - t) + 1 == sc->seg_at)
		return false;
	out->start = (size_t)(colon - t) + 1;
	out->end = sc->seg_at;
	return true;
}

/* The next password of the text at or after sc->i, into *out. */
static bool next_secret(scan *sc, span *out)
{
	const char *t = sc->text;
	while (t[sc->i]) {
		size_t i = sc->i, k = 0;
		if (i > 0 && key_char(t[i - 1])) {
			sc->i++;
			continue;
		}
		size_t n = scheme_len(t + i);
		if (n && uri_password(sc, i + n, out)) {
			sc->i = out->end;
			return true;
		}
		while (key_char(t[i + k]))
			k++;
		if (k && password_key(t + i, k)) {
			size_t v = i + k;
			v += strspn(t + v, " \t");
			if (t[v] == '=') {
				v++;
				v += strspn(t + v, " \t");
				size_t len = value_len(t + v);
				/* masked already (a message quoting a masked string
				 * is masked again on its way out) */
				if (!strncmp(t + v, MASK, strlen(MASK)) &&
						strchr(" \t\r\n:,;)'\"", t[v + strlen(MASK)]))
					len = 0;
				if (len) {
					out->start = v;
					out->end = v + len;
					sc->i = out->end;
					return true;
				}
			}
		}
		sc->i = i + (k ? k : 1);
	}
	return false;
}

/* Bounded output: keeps the first size - 1 bytes, always terminated. */
typedef struct sink {
	char *out;
	size_t size, len;
} sink;

static void put(sink *s, const char *p, size_t n)
{
	if (s->len + 1 < s->size) {
		size_t room = s->size - 1 - s->len;
		memcpy(s->out + s->len, p, n < room ? n : room);
		s->len += n < room ? n : room;
	}
	s->out[s->len] = '\0';
}

char *ls_conninfo_mask(char *out, size_t size, const char *text)
{
	sink s = {out, size, 0};
	scan sc = {text, 0, 0, SIZE_MAX};
	span sp;
	size_t at = 0;
	put(&s, "", 0);
	while (next_secret(&sc, &sp)) {
		put(&s, text + at, sp.start - at);
		put(&s, MASK, strlen(MASK));
		at = sp.end;
	}
	put(&s, text + at, strlen(text + at));
	return out;
}

/* Passwords known to be in play for one connection: each is masked
 * wherever it appears in libpq's message, whatever its context. */
typedef struct secrets {
	const char *p[MAX_SECRETS];
	size_t n[MAX_SECRETS];
	size_t count;
	bool overflow; /* more than MAX_SECRETS: libpq's message is not shown */
} secrets;

static void add_one(secrets *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (s->count == MAX_SECRETS) {
		s->overflow = true;
		return;
	}
	s->p[s->count] = p;
	s->n[s->count++] = n;
}

/* Add a password, and its pieces between URI delimiters: a password with
 * an unencoded '@' or '/' is split by libpq into a password and a host or
 * database name, which its message then quotes. Pieces shorter than 3
 * bytes are left (masking every "a" would leave no message to read). */
static void add_secret(secrets *s, const char *p, size_t n)
{
	add_one(s, p, n);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || strchr("@/:?&=,#", p[i])) {
			if (i - start >= 3 && i - start < n)
				add_one(s, p + start, i - start);
			start = i + 1;
		}
}

/* Copy text into out (size bytes) with every known password replaced,
 * longest match first, then masked as ls_conninfo_mask does. The known
 * passwords are matched on the whole text before anything is cut. */
static void mask_known(char *out, size_t size, const char *text, const secrets *s)
{
	size_t len = strlen(text);
	char *tmp = malloc(3 * len + 4);
	if (!tmp) {
		snprintf(out, size, "(not shown: out of memory)");
		return;
	}
	sink k = {tmp, 3 * len + 4, 0};
	put(&k, "", 0);
	for (size_t i = 0; i < len;) {
		size_t best = 0;
		for (size_t j = 0; j < s->count; j++)
			if (s->n[j] > best && s->n[j] <= len - i && !memcmp(text + i, s->p[j], s->n[j]))
				best = s->n[j];
		if (best) {
			put(&k, MASK, strlen(MASK));
			i += best;
		} else {
			put(&k, text + i, 1);
			i++;
		}
	}
	ls_conninfo_mask(out, size, tmp);
	free(tmp);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The unmasked description of c, malloc'ed, or NULL when out of memory. */
static char *describe_raw(const PGconn *c)
{
	const char *fmt = "database \"%s\" on host \"%s\" port %s as user \"%s\"";
	const char *db = or_empty(PQdb(c)), *host = or_empty(PQhost(c));
	const char *port = or_empty(PQport(c)), *user = or_empty(PQuser(c));
	int n = snprintf(NULL, 0, fmt, db, host, port, user);
	char *text = n < 0 ? NULL : malloc((size_t)n + 1);
	if (text)
		snprintf(text, (size_t)n + 1, fmt, db, host, port, user);
	return text;
}

void ls_conninfo_describe(char *out, size_t size, const PGconn *c)
{
	char *text = describe_raw(c);
	ls_conninfo_mask(out, size, text ? text : "a database (out of memory)");
	free(text);
}

bool ls_conninfo_is(const char *text)
{
	const char *p = text + strspn(text, " \t\r\n\f\v");
	if (!strncasecmp(p, "postgresql://", 13) || !strncasecmp(p, "postgres://", 11))
		return true;
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	if (n == 0 || p[n + strspn(p + n, " \t\r\n\f\v")] != '=')
		return false;
	/* libpq's own keyword list: every option, none set */
	PQconninfoOption *all = PQconninfoParse("", NULL);
	if (!all)
		return true; /* out of memory: refusing is the safe side */
	bool found = false;
	for (const PQconninfoOption *o = all; o->keyword && !found; o++)
		found = strlen(o->keyword) == n && !strncasecmp(o->keyword, p, n);
	PQconninfoFree(all);
	return found;
}

/* libpq's parse errors, English as lockstep never sets a locale, and what
 * lockstep says instead: libpq quotes the offending token, and that token
 * can be the password ("invalid percent-encoded token: \"PW%zz\""). */
static const struct {
	const char *libpq;
	const char *why;
} parse_reasons[] = {
	{"unterminated quoted string", "a quoted value has no closing quote"},
	{"missing \"=\" after", "a word is not followed by \"=\" and a value"},
	{"invalid connection option", "a keyword is not one libpq knows"},
	{"matching \"]\" in IPv6", "an IPv6 host has no closing \"]\""},
	{"IPv6 host address may not be empty", "an IPv6 host is empty"},
	{"unexpected character", "an unexpected character follows a host"},
	{"extra key/value separator", "a URI parameter has a second \"=\""},
	{"missing key/value separator", "a URI parameter has no \"=\""},
	{"invalid URI query parameter", "a URI parameter is not a keyword libpq knows"},
	{"invalid percent-encoded token", "a percent escape is not \"%\" and two hex digits"},
	{"forbidden value %00", "a percent escape decodes to a zero byte"},
};

/* Parse conninfo into *out (PQconninfoFree it); the errors of
 * ls_conninfo_check. */
static int parse(PQconninfoOption **out, const char *conninfo, ls_error *err)
{
	*out = NULL;
	if (!conninfo || !conninfo[strspn(conninfo, " \t\r\n\f\v")])
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0,
				"the connection string is empty: name a database "
				"(dbname=NAME, host=HOST dbname=NAME, or postgresql://HOST/NAME)");
	char *msg = NULL;
	*out = PQconninfoParse(conninfo, &msg);
	if (*out)
		return 0;
	if (!msg)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	const char *why = strstr(msg, "out of memory") ? NULL : "libpq cannot read it";
	for (size_t i = 0; i < sizeof parse_reasons / sizeof *parse_reasons; i++)
		if (strstr(msg, parse_reasons[i].libpq))
			why = parse_reasons[i].why;
	PQfreemem(msg);
	if (!why)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (err && !err->hint[0])
		snprintf(err->hint, sizeof err->hint,
				"the connection string is not shown: it may hold a password");
	return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "malformed connection string: %s", why);
}

int ls_conninfo_check(const char *conninfo, ls_error *err)
{
	PQconninfoOption *opts = NULL;
	int rc = parse(&opts, conninfo, err);
	PQconninfoFree(opts);
	return rc;
}

/* Report the failed connection c made from conninfo and opts: who it was
 * for, then libpq's reason line by line, every password masked. */
static int connect_error(const PGconn *c, const char *conninfo, const PQconninfoOption *opts,
		ls_error *err)
{
	secrets s = {.count = 0};
	scan sc = {conninfo, 0, 0, SIZE_MAX};
	span sp;
	while (next_secret(&sc, &sp))
		add_secret(&s, conninfo + sp.start, sp.end - sp.start);
	for (const PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val && password_key(o->keyword, strlen(o->keyword)))
			add_secret(&s, o->val, strlen(o->val));
	const char *env = getenv("PGPASSWORD");
	if (env)
		add_secret(&s, env, strlen(env));

	char line[sizeof err->diags[0].message];
	char *who = describe_raw(c);
	mask_known(line, sizeof line, who ? who : "a database", &s);
	free(who);
	int rc = ls_error_set(err, LS_EENV, NULL, 0, 0, "cannot connect to %s", line);
	if (s.overflow) {
		ls_error_set(err, LS_EENV, NULL, 0, 0,
				"(libpq's reason is not shown: too many passwords to mask)");
		return rc;
	}
	const char *m = or_empty(PQerrorMessage(c));
	char *copy = malloc(strlen(m) + 1);
	if (!copy)
		return rc;
	strcpy(copy, m);
	for (char *l = copy, *next; l && *l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		l += strspn(l, " \t");
		if (*l) {
			mask_known(line, sizeof line, l, &s);
			ls_error_set(err, LS_EENV, NULL, 0, 0, "%s", line);
		}
	}
	free(copy);
	return rc;
}

int ls_conninfo_connect(PGconn **out, const char *conninfo, ls_error *err)
{
	PQconninfoOption *opts = NULL;
	const char **keys = NULL, **values = NULL;
	PGconn *c = NULL;
	*out = NULL;
	int rc = parse(&opts, conninfo, err);
	if (rc < 0)
		goto done;
	/* connect with the options libpq parsed, not with the string again:
	 * nothing is quoted back into a string, and a dbname holding a
	 * connection string stays a name, as PQconnectdb(conninfo) takes it */
	size_t n = 0;
	for (const PQconninfoOption *o = opts; o->keyword; o++)
		n += o->val != NULL;
	keys = calloc(n + 1, sizeof *keys);
	values = calloc(n + 1, sizeof *values);
	if (!keys || !values) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	n = 0;
	for (const PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val) {
			keys[n] = o->keyword;
			values[n++] = o->val;
		}
	c = PQconnectdbParams(keys, values, 0);
	if (!c) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		rc = connect_error(c, conninfo, opts, err);
		goto done;
	}
	*out = c;
	c = NULL;
done:
	PQfinish(c);
	free(values);
	free(keys);
	PQconninfoFree(opts);
	return rc;
}
