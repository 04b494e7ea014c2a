/* SQL text as psql reads a script: blanks, comments, dollar quotes,
 * meta-command lines and statement boundaries (parse_text.h). Moved out of
 * parse.c, which turns the statements into parse trees. */
#define _POSIX_C_SOURCE 200809L
#include "parse_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Skip whitespace and comments from off; returns the offset of the next
 * token (or len). */
size_t ls_sql_skip_blank(const char *s, size_t len, size_t off)
{
	while (off < len) {
		char c = s[off];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			off++;
		} else if (c == '-' && off + 1 < len && s[off + 1] == '-') {
			while (off < len && s[off] != '\n')
				off++;
		} else if (c == '/' && off + 1 < len && s[off + 1] == '*') {
			int depth = 0;
			do {
				if (s[off] == '/' && off + 1 < len && s[off + 1] == '*') {
					depth++;
					off += 2;
				} else if (s[off] == '*' && off + 1 < len && s[off + 1] == '/') {
					depth--;
					off += 2;
				} else {
					off++;
				}
			} while (off < len && depth > 0);
		} else {
			break;
		}
	}
	return off;
}

/* Length of a dollar-quote tag "$tag$" starting at s[off], or 0. */
static size_t dollar_tag(const char *s, size_t len, size_t off)
{
	size_t i = off + 1;
	if (off > 0) {
		unsigned char p = (unsigned char)s[off - 1];
		/* $1 parameters and identifiers with $ are not quotes */
		if (p == '_' || (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') ||
				(p >= '0' && p <= '9') || p >= 0x80)
			return 0;
	}
	if (i < len && s[i] >= '0' && s[i] <= '9')
		return 0;
	while (i < len && (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
			(unsigned char)s[i] >= 0x80))
		i++;
	if (i < len && s[i] == '$')
		return i - off + 1;
	return 0;
}

/* Whether the text of one line is a COPY ... FROM stdin statement, whose
 * data lines follow it in a psql script. */
static bool copy_from_stdin(const char *line, size_t n)
{
	char buf[512];
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof buf - 1; i++)
		buf[k++] = (char)((line[i] >= 'A' && line[i] <= 'Z') ? line[i] - 'A' + 'a' : line[i]);
	buf[k] = '\0';
	const char *p = buf;
	while (*p == ' ' || *p == '\t')
		p++;
	return !strncmp(p, "copy ", 5) && strstr(p, "from stdin") && strchr(p, ';');
}

/* Blank out psql meta-commands: a line whose first non-blank character is a
 * backslash, outside strings, quoted identifiers, comments and dollar
 * quotes. pg_dump writes \connect, \restrict and \unrestrict this way. The
 * bytes become spaces so every offset stays valid. */
void ls_sql_blank_meta_commands(char *s, size_t len)
{
	size_t i = 0;
	int line_start = 1;
	while (i < len) {
		char c = s[i];
		if (line_start && (c == ' ' || c == '\t')) {
			i++;
			continue;
		}
		if (line_start && c == '\\') {
			while (i < len && s[i] != '\n')
				s[i++] = ' ';
			continue;
		}
		/* only a line starting with COPY can be COPY ... FROM stdin */
		if (line_start && (c == 'c' || c == 'C')) {
			/* COPY ... FROM stdin; data follows up to a line "\." */
			size_t eol = i;
			while (eol < len && s[eol] != '\n')
				eol++;
			if (copy_from_stdin(s + i, eol - i)) {
				size_t j = eol;
				while (j < len) {
					size_t start = ++j, end = start;
					while (end < len && s[end] != '\n')
						end++;
					bool last = end - start >= 2 && s[start] == '\\' && s[start + 1] == '.';
					for (size_t q = start; q < end; q++)
						s[q] = ' ';
					j = end;
					if (last)
						break;
				}
				i = j;
				continue;
			}
		}
		line_start = 0;
		if (c == '\n') {
			line_start = 1;
			i++;
		} else if (c == '\'' || c == '"') {
			i++;
			while (i < len && s[i] != c)
				i++;
			i++;
		} else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			i = ls_sql_skip_blank(s, len, i);
		} else if (c == '$') {
			size_t t = dollar_tag(s, len, i);
			if (!t) {
				i++;
				continue;
			}
			size_t j = i + t;
			while (j < len && !(s[j] == '$' && j + t <= len &&
					memcmp(s + j, s + i, t) == 0))
				j++;
			i = j + t;
		} else {
			i++;
		}
	}
}

/* Advance a (line, column) position over text[from, to). */
void ls_sql_advance(const char *text, size_t from, size_t to, int *line, int *column)
{
	int l = *line, c = *column;
	for (size_t i = from; i < to; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}


/* Offset of the first byte that is not valid UTF-8 (PostgreSQL's
 * pg_utf8_islegal: no overlong forms, no surrogates, at most U+10FFFF), or
 * len when all is valid. */
size_t ls_sql_invalid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
			(c & 0xF8) == 0xF0 ? 4 : 0;
		if (n == 0 || i + n > len || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
			return i;
		for (size_t k = 1; k < n; k++)
			if (((unsigned char)s[i + k] & 0xC0) != 0x80)
				return i;
		unsigned char c1 = (unsigned char)s[i + 1];
		if ((n == 3 && c == 0xE0 && c1 < 0xA0) || (n == 3 && c == 0xED && c1 > 0x9F) ||
				(n == 4 && c == 0xF0 && c1 < 0x90) || (n == 4 && c == 0xF4 && c1 > 0x8F))
			return i;
		i += n;
	}
	return len;
}

/* Byte offset of the 1-based character position pos within s. */
size_t ls_sql_char_to_byte(const char *s, size_t len, int pos)
{
	size_t i = 0;
	int chars = 1;
	while (i < len && chars < pos) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return i;
}

/* Whether the identifier s[0, n) is the keyword w (lowercase ASCII). */
static bool word_is(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

static bool ident_char(unsigned char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 ||
		(!first && ((c >= '0' && c <= '9') || c == '$'));
}

/* Offset just past the quoted text that starts at s[i] (a ' or "); in an
 * E'' string a backslash escapes the next byte. len when it never ends. */
static size_t skip_quoted(const char *s, size_t len, size_t i, bool backslash)
{
	char q = s[i++];
	while (i < len) {
		if (backslash && s[i] == '\\') {
			i += 2;
		} else if (s[i] == q) {
			if (i + 1 < len && s[i + 1] == q)
				i += 2;
			else
				return i + 1;
		} else {
			i++;
		}
	}
	return len;
}

/* The statement splitter's state: psql's own (psqlscan.l), so a file is cut
 * where psql would send each statement to the server. */
typedef struct split_state {
	int parens;      /* open parentheses; a stray ')' does not go below 0 */
	int begins;      /* open BEGIN (and CASE inside one) of a function body */
	int words;       /* identifiers and keywords so far */
	char head[4];    /* first letters of the first four words when they are
	                  * create/or/replace/function/procedure, else 0 */
	int run;         /* operators since the last ( ) [ ] , ; or AND, OR, ... */
	int max_run;     /* the longest run of the statement */
	bool cast;       /* the last token was :: (a type name follows) */
} split_state;

/* Words between which operators do not chain: a + b AND c + d is two
 * shallow trees (the parser flattens AND and OR chains). */
static bool run_breaker(const char *w, size_t n)
{
	static const char *const words[] = {"and", "or", "when", "then", "else", "end",
		"select", "from", "where", "having", "on", "using", "set", "values", "as", "in",
		"is", "between", "like", "ilike", "similar", "not", "case"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (word_is(w, n, words[i]))
			return true;
	return false;
}

static bool operator_char(unsigned char c)
{
	return c && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

/* One word of the statement: psql counts BEGIN ... END only in a statement
 * that starts CREATE [OR REPLACE] FUNCTION|PROCEDURE, outside parentheses. */
static void split_word(split_state *st, const char *w, size_t n)
{
	if (!st->cast && run_breaker(w, n))
		st->run = 0;
	st->cast = false;
	if (st->words < 4 && (word_is(w, n, "create") || word_is(w, n, "or") ||
			word_is(w, n, "replace") || word_is(w, n, "function") ||
			word_is(w, n, "procedure")))
		st->head[st->words] = (char)(w[0] | 0x20);
	st->words++;
	const char *h = st->head;
	bool body = h[0] == 'c' && (h[1] == 'f' || h[1] == 'p' ||
		(h[1] == 'o' && h[2] == 'r' && (h[3] == 'f' || h[3] == 'p')));
	if (!body || st->parens)
		return;
	if (word_is(w, n, "begin"))
		st->begins++;
	else if (word_is(w, n, "case") && st->begins)
		st->begins++;
	else if (word_is(w, n, "end") && st->begins)
		st->begins--;
}

/* Offset just past the ';' that ends the statement starting at off, as
 * psql splits a script: outside quotes, comments, dollar quotes,
 * parentheses and a function's BEGIN ... END; len when no ';' does.
 * *run: the longest chain of operators in it (a + a + ... nests one level
 * of its tree per operator), found before libpg_query meets it: turning a
 * tree into protobuf costs libpg_query time quadratic in its depth. */
size_t ls_sql_statement_end(const char *s, size_t len, size_t off, int *run)
{
	split_state st = {0};
	size_t i = off;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if ((c == '-' && i + 1 < len && s[i + 1] == '-') ||
				(c == '/' && i + 1 < len && s[i + 1] == '*')) {
			i = ls_sql_skip_blank(s, len, i);
		} else if (c == '\'' || c == '"') {
			i = skip_quoted(s, len, i, false);
		} else if (c == '$' && dollar_tag(s, len, i)) {
			size_t t = dollar_tag(s, len, i), j = i + t;
			while (j < len && !(s[j] == '$' && j + t <= len && memcmp(s + j, s + i, t) == 0))
				j++;
			i = j + t < len ? j + t : len;
		} else if (ident_char(c, true)) {
			size_t j = i + 1;
			while (j < len && ident_char((unsigned char)s[j], false))
				j++;
			if (j < len && s[j] == '\'' && j == i + 1 && (c == 'e' || c == 'E')) {
				i = skip_quoted(s, len, j, true);
				continue;
			}
			split_word(&st, s + i, j - i);
			i = j;
		} else if (c >= '0' && c <= '9') {
			/* a number: 1e5 and 0x1f are not words */
			while (i < len && ident_char((unsigned char)s[i], false))
				i++;
		} else if (operator_char(c) || (c == ':' && i + 1 < len && s[i + 1] == ':')) {
			st.cast = c == ':';
			i += c == ':' ? 2 : 1;
			while (c != ':' && i < len && operator_char((unsigned char)s[i]) &&
					!(s[i] == '-' && i + 1 < len && s[i + 1] == '-') &&
					!(s[i] == '/' && i + 1 < len && s[i + 1] == '*'))
				i++;
			if (++st.run > st.max_run)
				st.max_run = st.run;
		} else {
			i++;
			if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',')
				st.run = 0;
			if (c == '(')
				st.parens++;
			else if (c == ')' && st.parens)
				st.parens--;
			else if (c == ';' && !st.parens && !st.begins)
				break;
		}
	}
	*run = st.max_run;
	return i < len ? i : len;
}
