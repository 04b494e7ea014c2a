/* SQL text → protobuf parse trees with positions (libpg_query). */
#define _POSIX_C_SOURCE 200809L
#include "parse.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skip whitespace and comments from off; returns the offset of the next
 * token (or len). */
static size_t skip_blank(const char *s, size_t len, size_t off)
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
static void blank_meta_commands(char *s, size_t len)
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
			i = skip_blank(s, len, i);
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
static void advance(const char *text, size_t from, size_t to, int *line, int *column)
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

void ls_parsed_position(const ls_parsed *p, size_t off, int *line, int *column)
{
	*line = 1;
	*column = 1;
	advance(p->text, 0, off > p->len ? p->len : off, line, column);
}

/* Offset of the first byte that is not valid UTF-8 (PostgreSQL's
 * pg_utf8_islegal: no overlong forms, no surrogates, at most U+10FFFF), or
 * len when all is valid. */
static size_t invalid_utf8(const char *s, size_t len)
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
static size_t char_to_byte(const char *s, size_t len, int pos)
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

/* Record the syntax error of a parse of text[base .. ] in err. */
static void add_syntax_error(const ls_parsed *p, size_t base,
		const PgQueryError *e, ls_error *err)
{
	int line, col;
	size_t off = base;
	if (e->cursorpos > 0)
		off = base + char_to_byte(p->text + base, p->len - base, e->cursorpos);
	ls_parsed_position(p, off, &line, &col);
	/* The scanner quotes its token from where it starts to where it
	 * ends: an unterminated literal is the rest of the file, a string or
	 * a dollar-quoted body is whole. Quote a token's worth of it. */
	const char *msg = e->message ? e->message : "syntax error";
	const char *near = strstr(msg, " at or near \"");
	size_t len = strlen(msg);
	if (!near || len < 2 || msg[len - 1] != '"') {
		ls_error_set(err, LS_EPARSE, p->path, line, col, "%s", msg);
		return;
	}
	const char *tok = near + strlen(" at or near \"");
	char *copy = strndup(tok, (size_t)(msg + len - 1 - tok));
	char quoted[LS_ERROR_TOKEN_SIZE];
	ls_error_set(err, LS_EPARSE, p->path, line, col, "%.*s at or near \"%s\"",
			(int)(near - msg), msg, ls_error_token(quoted, sizeof quoted, copy ? copy : ""));
	free(copy);
}

/* The file does not parse as a whole: parse it statement by statement to
 * report every syntax error, not only the first. */
static void collect_syntax_errors(ls_parsed *p, const PgQueryError *first,
		ls_error *err)
{
	PgQuerySplitResult sr = pg_query_split_with_scanner(p->text);
	if (sr.error || sr.n_stmts <= 1) {
		add_syntax_error(p, 0, first, err);
		pg_query_free_split_result(sr);
		return;
	}
	for (int i = 0; i < sr.n_stmts; i++) {
		size_t off = (size_t)sr.stmts[i]->stmt_location;
		size_t n = (size_t)sr.stmts[i]->stmt_len;
		if (n == 0)
			n = p->len - off;
		char *one = strndup(p->text + off, n);
		if (!one)
			break;
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(one);
		if (r.error)
			add_syntax_error(p, off, r.error, err);
		pg_query_free_protobuf_parse_result(r);
		free(one);
	}
	if (err->n_diags == 0)
		add_syntax_error(p, 0, first, err);
	pg_query_free_split_result(sr);
}

/* protobuf-c's allocator over an arena: every block of an unpacked tree
 * comes from the arena, and giving one back is a no-op. */
static void *tree_alloc(void *arena, size_t size)
{
	/* protobuf-c writes every byte of a block it asks for (its default
	 * allocator is malloc), so the block need not be zeroed */
	return ls_arena_alloc_raw(arena, size);
}

static void tree_free(void *arena, void *block)
{
	(void)arena;
	(void)block;
}

/* Unpack a parse tree into p->result, by protobuf-c, with every block in
 * p->tree_arena (created here). LS_ENOMEM when memory ran out (then
 * p->result is NULL); else 0, with p->result NULL when the bytes are not
 * a parse tree. */
static int unpack_tree(ls_parsed *p, const void *tree, size_t len)
{
	if (ls_arena_new(&p->tree_arena) < 0)
		return LS_ENOMEM;
	ProtobufCAllocator alloc = {tree_alloc, tree_free, p->tree_arena};
	p->result = pg_query__parse_result__unpack(&alloc, len, (const uint8_t *)tree);
	/* a failed block makes unpack give up: that is no damaged tree */
	if (ls_arena_failed(p->tree_arena)) {
		p->result = NULL;
		return LS_ENOMEM;
	}
	return 0;
}

int ls_parse(ls_parsed **out, const char *sql, size_t len, const char *path,
		ls_error *err)
{
	return ls_parse_cached(out, sql, len, path, NULL, err);
}

int ls_parse_cached(ls_parsed **out, const char *sql, size_t len, const char *path,
		ls_parse_cache *cache, ls_error *err)
{
	int rc = 0;
	PgQueryProtobufParseResult r = {0};
	ls_parsed *p = ls_malloc(sizeof *p);
	*out = NULL;
	if (!p)
		return ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
	memset(p, 0, sizeof *p);
	p->path = path;
	p->len = len;
	p->text = ls_malloc(len + 1);
	if (!p->text) {
		rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
		goto done;
	}
	memcpy(p->text, sql, len);
	p->text[len] = '\0';
	if (strlen(p->text) != len) {
		size_t at = strlen(p->text);
		int line, col;
		ls_parsed_position(p, at, &line, &col);
		rc = ls_error_set(err, LS_EPARSE, path, line, col,
				"invalid byte sequence: NUL byte in SQL text");
		goto done;
	}
	size_t bad = invalid_utf8(p->text, len);
	if (bad < len) {
		int line, col;
		ls_parsed_position(p, bad, &line, &col);
		rc = ls_error_set(err, LS_EPARSE, path, line, col,
				"invalid byte sequence for encoding \"UTF8\": 0x%02x",
				(unsigned char)p->text[bad]);
		goto done;
	}
	blank_meta_commands(p->text, len);

	const void *tree;
	size_t tree_len;
	if (cache && cache->tree) {
		tree = cache->tree;
		tree_len = cache->tree_len;
	} else {
		r = pg_query_parse_protobuf(p->text);
		if (r.error) {
			collect_syntax_errors(p, r.error, err);
			rc = LS_EPARSE;
			goto done;
		}
		tree = r.parse_tree.data;
		tree_len = r.parse_tree.len;
		if (cache) {
			cache->parsed = true;
			if (cache->save && (rc = cache->save(cache->ctx, tree, tree_len, err)) < 0)
				goto done;
		}
	}
	if ((rc = unpack_tree(p, tree, tree_len)) < 0) {
		rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory unpacking parse tree");
		goto done;
	}
	if (!p->result && cache && cache->tree) {
		rc = ls_error_set(err, LS_EIO, path, 0, 0, "the cached parse tree is damaged");
		goto done;
	}
	if (!p->result) {
		/* libpg_query's own bytes: not expected, reported as before */
		rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory unpacking parse tree");
		goto done;
	}
	p->n_stmts = p->result->n_stmts;
	p->stmts = ls_malloc(sizeof(ls_stmt) * (p->n_stmts ? p->n_stmts : 1));
	if (!p->stmts) {
		rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
		goto done;
	}
	/* Statements come in text order: positions advance from the last one
	 * instead of being counted from the start each time. */
	size_t at = 0;
	int line = 1, col = 1;
	for (size_t i = 0; i < p->n_stmts; i++) {
		PgQuery__RawStmt *raw = p->result->stmts[i];
		ls_stmt *s = &p->stmts[i];
		if (!raw || raw->stmt_location < 0 || raw->stmt_len < 0 ||
				(size_t)raw->stmt_location + (size_t)raw->stmt_len > len) {
			rc = ls_error_set(err, LS_EIO, path, 0, 0, "the cached parse tree is damaged");
			goto done;
		}
		size_t start = (size_t)raw->stmt_location;
		size_t end = raw->stmt_len ? start + (size_t)raw->stmt_len : len;
		s->node = raw->stmt;
		s->offset = skip_blank(p->text, len, start);
		s->len = end > s->offset ? end - s->offset : 0;
		if (s->offset < at) {
			at = 0;
			line = col = 1;
		}
		advance(p->text, at, s->offset, &line, &col);
		at = s->offset;
		s->line = line;
		s->column = col;
	}
done:
	pg_query_free_protobuf_parse_result(r);
	if (rc < 0) {
		ls_parsed_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void ls_parsed_free(ls_parsed *p)
{
	if (!p)
		return;
	/* The tree goes with its arena, unwalked: pg_query__parse_result__free_unpacked
	 * would only hand each block of it to tree_free, a no-op, since every
	 * block protobuf-c allocated for it (messages, arrays, strings, bytes
	 * copied out of the packed input, and its own scratch while unpacking)
	 * came from tree_alloc; protobuf-c keeps nothing else of a message.
	 * Nothing outlives it: statements borrow the tree for as long as p
	 * lives, and the catalog copies what it keeps into its own arena. */
	ls_arena_free(p->tree_arena);
	free(p->stmts);
	free(p->text);
	free(p);
}

/* The protobuf-c bytes of a one-statement parse result holding stmt, in
 * *out (ls_malloc'ed, caller frees). LS_ENOMEM or 0. */
static int pack_stmt(uint8_t **out, size_t *len, const pgnode *stmt)
{
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = {&raw};
	PgQuery__ParseResult res = PG_QUERY__PARSE_RESULT__INIT;
	raw.stmt = (pgnode *)stmt;
	res.version = PG_VERSION_NUM;
	res.n_stmts = 1;
	res.stmts = raws;
	size_t n = pg_query__parse_result__get_packed_size(&res);
	uint8_t *buf = ls_malloc(n ? n : 1);
	if (!buf)
		return LS_ENOMEM;
	pg_query__parse_result__pack(&res, buf);
	*out = buf;
	*len = n;
	return 0;
}

/* Deparse packed parse result bytes into a. NULL with errno ENOMEM when
 * memory ran out, EINVAL when libpg_query cannot deparse them. */
static char *deparse_bytes(ls_arena *a, const uint8_t *buf, size_t n)
{
	PgQueryProtobuf pb = {.len = n, .data = (char *)buf};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	char *out = NULL;
	int e = 0;
	if (!d.error && d.query) {
		out = ls_arena_strdup(a, d.query);
		if (!out)
			e = ENOMEM;
	} else {
		e = EINVAL;
	}
	pg_query_free_deparse_result(d);
	if (e)
		errno = e;
	return out;
}

/* Deparse a one-statement parse result holding stmt. NULL with errno
 * ENOMEM when memory ran out, EINVAL when libpg_query cannot deparse it. */
static char *deparse_node(ls_arena *a, const pgnode *stmt)
{
	uint8_t *buf;
	size_t n;
	if (pack_stmt(&buf, &n, stmt) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	char *out = deparse_bytes(a, buf, n);
	int saved = errno;
	free(buf);
	errno = saved;
	return out;
}

char *ls_deparse_stmt(ls_arena *a, const pgnode *stmt)
{
	return deparse_node(a, stmt);
}

pgnode *ls_wrap_select(ls_select_wrap *w, const pgnode *expr)
{
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__Node node = PG_QUERY__NODE__INIT;
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	w->rt = rt;
	w->rtnode = node;
	w->sel = sel;
	w->selnode = node;
	w->rt.val = (pgnode *)expr;
	w->rtnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	w->rtnode.res_target = &w->rt;
	w->targets[0] = &w->rtnode;
	w->sel.n_target_list = 1;
	w->sel.target_list = w->targets;
	w->sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	w->sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	w->selnode.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	w->selnode.select_stmt = &w->sel;
	return &w->selnode;
}

/* "SELECT x" → "x"; NULL (errno EINVAL) for anything else. */
static char *unwrap_select(char *s)
{
	if (!s)
		return NULL;
	if (strncmp(s, "SELECT ", 7) != 0) {
		errno = EINVAL;
		return NULL;
	}
	return s + 7;
}

char *ls_deparse_expr(ls_arena *a, const pgnode *expr)
{
	ls_select_wrap w;
	return unwrap_select(deparse_node(a, ls_wrap_select(&w, expr)));
}

PgQuery__ParseResult *ls_parse_expr(const char *text, pgnode **expr)
{
	*expr = NULL;
	size_t n = strlen(text);
	char *q = ls_malloc(n + 8);
	if (!q)
		return NULL;
	memcpy(q, "SELECT ", 7);
	memcpy(q + 7, text, n + 1);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(q);
	free(q);
	PgQuery__ParseResult *res = NULL;
	if (!r.error)
		res = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
				(const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	if (!res)
		return NULL;
	if (res->n_stmts != 1 || res->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
			res->stmts[0]->stmt->select_stmt->n_target_list != 1) {
		pg_query__parse_result__free_unpacked(res, NULL);
		return NULL;
	}
	*expr = res->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
	return res;
}

PgQuery__TypeName *ls_parse_type_name(ls_arena *a, const char *type)
{
	pgnode *e;
	char *text = ls_arena_printf(a, "NULL::%s", type);
	PgQuery__ParseResult *r = text ? ls_parse_expr(text, &e) : NULL;
	PgQuery__TypeName *out = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		/* a deep copy into a: packed, then unpacked by protobuf-c through
		 * the arena allocator */
		const PgQuery__TypeName *tn = e->type_cast->type_name;
		size_t n = pg_query__type_name__get_packed_size(tn);
		uint8_t *buf = ls_malloc(n ? n : 1);
		if (buf) {
			pg_query__type_name__pack(tn, buf);
			ProtobufCAllocator alloc = {tree_alloc, tree_free, a};
			out = pg_query__type_name__unpack(&alloc, n, buf);
			free(buf);
		}
	}
	ls_expr_free(r);
	return out;
}

void ls_expr_free(PgQuery__ParseResult *r)
{
	if (r)
		pg_query__parse_result__free_unpacked(r, NULL);
}

int ls_keyword_kind(const char *word)
{
	PgQueryScanResult r = pg_query_scan(word);
	int kind = 0;
	if (!r.error) {
		PgQuery__ScanResult *s = pg_query__scan_result__unpack(NULL,
				r.pbuf.len, (const uint8_t *)r.pbuf.data);
		if (s && s->n_tokens == 1 && s->tokens[0]->end - s->tokens[0]->start ==
				(int32_t)strlen(word))
			kind = (int)s->tokens[0]->keyword_kind;
		if (s)
			pg_query__scan_result__free_unpacked(s, NULL);
	}
	pg_query_free_scan_result(r);
	return kind;
}

/* The DEFAULT clause's expression of the only column of a one-statement
 * CREATE TABLE, or NULL when the tree is anything else (another
 * constraint after it, another element, another statement). */
static const pgnode *only_column_default(const PgQuery__ParseResult *r)
{
	if (r->n_stmts != 1 || r->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_STMT)
		return NULL;
	const PgQuery__CreateStmt *c = r->stmts[0]->stmt->create_stmt;
	if (c->n_table_elts != 1 || c->table_elts[0]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return NULL;
	const PgQuery__ColumnDef *d = c->table_elts[0]->column_def;
	if (d->coll_clause || d->n_constraints != 1 ||
			d->constraints[0]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
			d->constraints[0]->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
		return NULL;
	return d->constraints[0]->constraint->raw_expr;
}

const char *ls_catalog_default_sql(ls_arena *a, const char *expr)
{
	/* The grammar reads DEFAULT b_expr: AT TIME ZONE, COLLATE, IS NULL,
	 * LIKE, IN, BETWEEN, NOT, AND, OR ... stop it or change its meaning.
	 * The text is written bare only when, parsed as a column's DEFAULT, it
	 * is the same tree (as deparsed) as the expression on its own. */
	char *sql = ls_arena_printf(a, "CREATE TABLE x (c int DEFAULT %s)", expr);
	if (!sql)
		return NULL;
	bool bare = false;
	pgnode *alone = NULL;
	PgQuery__ParseResult *one = ls_parse_expr(expr, &alone);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *res = NULL;
	if (one && !r.error)
		res = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
				(const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	const pgnode *d = res ? only_column_default(res) : NULL;
	if (d) {
		char *x = ls_deparse_expr(a, d), *y = ls_deparse_expr(a, alone);
		bare = x && y && !strcmp(x, y);
	}
	if (res)
		pg_query__parse_result__free_unpacked(res, NULL);
	ls_expr_free(one);
	return bare ? expr : ls_arena_printf(a, "(%s)", expr);
}
