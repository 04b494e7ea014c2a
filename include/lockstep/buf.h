/* lockstep — a growable string for writing SQL.
 *
 * The buffer has a sticky failure flag: after an allocation fails every
 * write is a no-op, and the caller checks `failed` once at the end.
 * Identifiers are quoted with ls_quote_ident into the arena `a`, which the
 * caller sets. Zero-initialize, then write; `s` is malloc'ed (free() it, or
 * hand it over with ls_buf_take).
 */
#ifndef LOCKSTEP_BUF_H
#define LOCKSTEP_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/arena.h"

typedef struct ls_buf {
	char *s;
	size_t len;
	size_t cap;
	bool failed;
	ls_arena *a;
} ls_buf;

void ls_buf_put(ls_buf *b, const char *s);
void ls_buf_putn(ls_buf *b, const char *s, size_t n);
void ls_buf_printf(ls_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* An identifier, quoted by ls_quote_ident (NULL writes nothing). */
void ls_buf_ident(ls_buf *b, const char *name);
/* schema.name, each part quoted; a NULL schema writes the name alone. */
void ls_buf_qname(ls_buf *b, const char *schema, const char *name);
/* A string literal: single quotes doubled (standard_conforming_strings on). */
void ls_buf_literal(ls_buf *b, const char *s);
/* A dollar-quote tag for body in tag (size bytes): "$STEM$", else
 * "$STEM1$", "$STEM2$" ... — the first that cannot end the quote early:
 * body does not hold it, and body followed by the tag holds it nowhere
 * before the tag itself (a body ending in "$STEM" would close
 * "$STEM$...$STEM$STEM$" at its own text). stem is [a-z_]+, short enough
 * for size. Every body holds fewer tags than it has bytes, so one fits. */
void ls_dollar_tag(char *tag, size_t size, const char *body, const char *stem);
/* The text so far, copied into b->a, and the buffer emptied. NULL when
 * anything failed; then b->a is marked failed too, so a caller that may
 * keep NULL still sees the failure at the end. */
const char *ls_buf_take(ls_buf *b);

#endif
