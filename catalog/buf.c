/* The SQL string buffer (lockstep/buf.h). */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/buf.h"
#include "lockstep/catalog.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(ls_buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (more < SIZE_MAX / 2 && b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1 && cap < SIZE_MAX / 2)
		cap *= 2;
	char *s = cap >= b->len + more + 1 ? ls_realloc(b->s, cap) : NULL;
	if (!s) {
		b->failed = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void ls_buf_putn(ls_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ls_buf_put(ls_buf *b, const char *s)
{
	ls_buf_putn(b, s, strlen(s));
}

void ls_buf_printf(ls_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void ls_buf_ident(ls_buf *b, const char *name)
{
	const char *q = name ? ls_quote_ident(b->a, name) : NULL;
	if (q)
		ls_buf_put(b, q);
	else if (name)
		b->failed = true;
}

void ls_buf_qname(ls_buf *b, const char *schema, const char *name)
{
	if (schema) {
		ls_buf_ident(b, schema);
		ls_buf_put(b, ".");
	}
	ls_buf_ident(b, name);
}

void ls_buf_literal(ls_buf *b, const char *s)
{
	ls_buf_put(b, "'");
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '\'');
		if (!q) {
			ls_buf_put(b, p);
			break;
		}
		ls_buf_putn(b, p, (size_t)(q - p) + 1);
		ls_buf_put(b, "'");
		p = q;
	}
	ls_buf_put(b, "'");
}

const char *ls_buf_take(ls_buf *b)
{
	const char *r = b->failed ? NULL : ls_arena_strdup(b->a, b->s ? b->s : "");
	if (!r)
		ls_arena_set_failed(b->a);
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = false;
	return r;
}

/* Whether the dollar quote tag...body...tag ends only at its last tag: the
 * body holds no tag, and no tail of the body starts a tag that runs on
 * into the closing one. */
static bool tag_closes_at_end(const char *body, const char *tag)
{
	if (strstr(body, tag))
		return false;
	size_t n = strlen(body), t = strlen(tag);
	for (size_t k = 1; k < t && k <= n; k++)
		if (memcmp(body + n - k, tag, k) == 0 && memcmp(tag + k, tag, t - k) == 0)
			return false;
	return true;
}

void ls_dollar_tag(char *tag, size_t size, const char *body, const char *stem)
{
	snprintf(tag, size, "$%s$", stem);
	for (unsigned long i = 1; !tag_closes_at_end(body, tag); i++)
		snprintf(tag, size, "$%s%lu$", stem, i);
}
