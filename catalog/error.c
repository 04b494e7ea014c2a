/* Error values: see error.h. Nothing here allocates. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ls_error_clear(ls_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->n_diags = 0;
	err->n_dropped = 0;
	err->commit[0] = '\0';
	err->hint[0] = '\0';
}

/* Length of the UTF-8 sequence at s (1 to 4) and its code point, or 0
 * when the bytes are not one valid, shortest-form sequence. */
static size_t utf8_char(const unsigned char *s, unsigned *cp)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (n == 0 || s[0] > 0xF4)
		return 0;
	unsigned c = s[0] & (0x3F >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Code points a terminal or a log viewer acts on: C1 controls (0x9B is
 * CSI), line and paragraph separators, bidirectional overrides. */
static int acts(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
		(cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Copy at most max_chars characters of src into dst (size > 0 bytes,
 * always NUL-terminated, never cut inside an escape or a character), each
 * one that could move the cursor, end the line or reorder the text
 * escaped: \n \r \t, \xNN for other control bytes and for bytes that are
 * not UTF-8, \uNNNN for the code points of acts(). Returns the number of
 * bytes of src consumed; src[that] != '\0' when it was cut. */
static size_t escape(char *dst, size_t size, const char *src, size_t max_chars)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t at = 0, i = 0;
	for (size_t chars = 0; s[i] && chars < max_chars; chars++) {
		char e[16];
		size_t n = 1;
		unsigned cp;
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
			snprintf(e, sizeof e, "\\%c", s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : 't');
		else if (s[i] < 0x20 || s[i] == 0x7F)
			snprintf(e, sizeof e, "\\x%02x", s[i]);
		else if (s[i] < 0x80)
			snprintf(e, sizeof e, "%c", s[i]);
		else if (!(n = utf8_char(s + i, &cp))) {
			n = 1;
			snprintf(e, sizeof e, "\\x%02x", s[i]);
		} else if (acts(cp)) {
			snprintf(e, sizeof e, "\\u%04x", cp);
		} else {
			memcpy(e, s + i, n);
			e[n] = '\0';
		}
		size_t el = strlen(e);
		if (at + el >= size)
			break;
		memcpy(dst + at, e, el);
		at += el;
		i += n;
	}
	dst[at] = '\0';
	return i;
}

const char *ls_error_token(char *buf, size_t size, const char *text)
{
	if (size == 0)
		return buf;
	size_t room = size > 4 ? size - 3 : size;
	size_t used = escape(buf, room, text ? text : "", LS_ERROR_TOKEN_CHARS);
	if (text && text[used] && size > 4)
		strcat(buf, "...");
	return buf;
}

int ls_error_set(ls_error *err, int code, const char *path, int line,
		int column, const char *fmt, ...)
{
	if (!err)
		return code;
	if (err->n_diags == 0)
		err->code = code;
	if (err->n_diags >= LS_ERROR_MAX_DIAGS) {
		err->n_dropped++;
		return code;
	}
	ls_diag *d = &err->diags[err->n_diags++];
	d->code = code;
	d->line = line;
	d->column = column;
	/* Paths and messages carry input (file names, tokens): escaped, so
	 * one diagnostic is one line and sends the terminal nothing. */
	escape(d->path, sizeof d->path, path ? path : "", (size_t)-1);
	char raw[sizeof d->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape(d->message, sizeof d->message, raw, (size_t)-1);
	return code;
}

void ls_error_format(const ls_error *err, size_t i, char *buf, size_t size)
{
	if (i >= err->n_diags) {
		snprintf(buf, size, "error: unknown error");
		return;
	}
	const ls_diag *d = &err->diags[i];
	if (d->path[0] && d->line > 0)
		snprintf(buf, size, "%s:%d:%d: error: %s", d->path, d->line,
				d->column, d->message);
	else if (d->path[0])
		snprintf(buf, size, "%s: error: %s", d->path, d->message);
	else
		snprintf(buf, size, "error: %s", d->message);
}

int ls_error_exit_code(int code)
{
	switch (code) {
	case 0:
		return 0;
	case LS_EIO:
	case LS_EENV:
		return 3;
	default:
		return 2;
	}
}
