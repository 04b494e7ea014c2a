/* jsonb literals as the server prints them (jsonb_out): object keys in
 * jsonb's order (shorter first, then bytewise), duplicate keys resolved to
 * the last, ": " and ", " separators, strings re-escaped as JSON. A literal
 * cast to jsonb is stored as a jsonb value, so the user's spelling is gone
 * and only this form can be compared. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <stdlib.h>
#include <string.h>

typedef struct jbuf {
	char *s;
	size_t n, cap;
	bool failed;
} jbuf;

static void put(jbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = ls_realloc(b->s, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(jbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* The end of the JSON string starting at p (the opening quote), or NULL. */
static const char *string_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && !*++p)
			return NULL;
	return *p == '"' ? p + 1 : NULL;
}

static const char *value(jbuf *b, const char *p, int depth);

typedef struct member {
	const char *key;     /* raw, quotes included */
	size_t key_len;
	const char *val;
	size_t val_len;      /* of the canonical text in its own buffer */
	char *canon;
} member;

/* jsonb key order: length of the decoded key, then bytes; the raw spelling
 * stands in for the decoded one (equal for keys without escapes). */
static int cmp_member(const void *pa, const void *pb)
{
	const member *a = pa, *b = pb;
	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	return memcmp(a->key, b->key, a->key_len);
}

/* One object: members parsed into their own buffers, sorted, written.
 * Every path out frees what the members hold. */
static const char *object(jbuf *b, const char *p, int depth)
{
	member m[256];
	size_t n = 0;
	const char *end = NULL;
	p = skip_ws(p + 1);
	while (*p && *p != '}') {
		const char *ke = *p == '"' && n < 256 ? string_end(p) : NULL;
		const char *colon = ke ? skip_ws(ke) : NULL;
		if (!colon || *colon != ':')
			goto done;
		jbuf vb = {0};
		const char *after = value(&vb, skip_ws(colon + 1), depth + 1);
		if (!after || vb.failed) {
			free(vb.s);
			goto done;
		}
		/* a later duplicate key replaces the earlier one */
		size_t i;
		for (i = 0; i < n; i++)
			if (m[i].key_len == (size_t)(ke - p) && !memcmp(m[i].key, p, m[i].key_len))
				break;
		if (i < n)
			free(m[i].canon);
		else
			n++;
		m[i] = (member){p, (size_t)(ke - p), NULL, vb.n, vb.s};
		p = skip_ws(after);
		if (*p == ',')
			p = skip_ws(p + 1);
		else if (*p != '}')
			goto done;
	}
	if (*p != '}')
		goto done;
	qsort(m, n, sizeof *m, cmp_member);
	puts_(b, "{");
	for (size_t i = 0; i < n; i++) {
		if (i)
			puts_(b, ", ");
		put(b, m[i].key, m[i].key_len);
		puts_(b, ": ");
		put(b, m[i].canon ? m[i].canon : "", m[i].val_len);
	}
	puts_(b, "}");
	end = p + 1;
done:
	for (size_t i = 0; i < n; i++)
		free(m[i].canon);
	return end;
}

static const char *array(jbuf *b, const char *p, int depth)
{
	p = skip_ws(p + 1);
	puts_(b, "[");
	bool first = true;
	while (*p && *p != ']') {
		if (!first)
			puts_(b, ", ");
		first = false;
		p = value(b, p, depth + 1);
		if (!p)
			return NULL;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
		else if (*p != ']')
			return NULL;
	}
	if (*p != ']')
		return NULL;
	puts_(b, "]");
	return p + 1;
}

static const char *value(jbuf *b, const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = skip_ws(p);
	if (*p == '{')
		return object(b, p, depth);
	if (*p == '[')
		return array(b, p, depth);
	if (*p == '"') {
		const char *e = string_end(p);
		if (e)
			put(b, p, (size_t)(e - p));
		return e;
	}
	const char *e = p;
	while (*e && !strchr(",]} \t\r\n", *e))
		e++;
	if (e == p)
		return NULL;
	put(b, p, (size_t)(e - p));
	return e;
}

const char *ls_jsonb_canonical(ls_arena *a, const char *text)
{
	jbuf b = {0};
	const char *end = value(&b, text, 0);
	const char *out = text;
	if (end && !*skip_ws(end) && !b.failed && b.s)
		out = ls_arena_strdup(a, b.s);
	free(b.s);
	return out ? out : text;
}
