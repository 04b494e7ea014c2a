/* Private to catalog/: SQL text as psql reads a script — blanks and
 * comments, meta-command lines, statement boundaries — and positions in it.
 * Pure functions of the bytes; nothing here allocates. */
#ifndef LS_CATALOG_PARSE_TEXT_H
#define LS_CATALOG_PARSE_TEXT_H

#include <stddef.h>

/* Skip whitespace and comments from off; returns the offset of the next
 * token (or len). */
size_t ls_sql_skip_blank(const char *s, size_t len, size_t off);

/* Blank out psql meta-commands (and the data lines of COPY ... FROM
 * stdin) in place; every offset stays valid. */
void ls_sql_blank_meta_commands(char *s, size_t len);

/* Advance a (line, column) position over text[from, to). */
void ls_sql_advance(const char *text, size_t from, size_t to, int *line, int *column);

/* Offset of the first byte that is not valid UTF-8, or len. */
size_t ls_sql_invalid_utf8(const char *s, size_t len);

/* Byte offset of the 1-based character position pos within s. */
size_t ls_sql_char_to_byte(const char *s, size_t len, int pos);

/* Offset just past the ';' that ends the statement starting at off, as
 * psql splits a script; *run: the longest operator chain in it. */
size_t ls_sql_statement_end(const char *s, size_t len, size_t off, int *run);

#endif
