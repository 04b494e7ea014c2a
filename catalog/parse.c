/* SQL text → protobuf parse trees with positions (libpg_query). */
#define _POSIX_C_SOURCE 200809L
#include "parse.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_text.h"
#include "parse_wire.h"

void ls_parsed_position(const ls_parsed *p, size_t off, int *line, int *column)
{
	*line = 1;
	*column = 1;
	ls_sql_advance(p->text, 0, off > p->len ? p->len : off, line, column);
}

static int parse_text(PgQueryProtobufParseResult *out, const char *text, size_t len);
static int deep_error(const ls_parsed *p, size_t off, ls_error *err);

/* Record the syntax error of a parse of text[base .. ] in err. */
static void add_syntax_error(const ls_parsed *p, size_t base,
		const PgQueryError *e, ls_error *err)
{
	int line, col;
	size_t off = base;
	if (e->cursorpos > 0)
		off = base + ls_sql_char_to_byte(p->text + base, p->len - base, e->cursorpos);
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

/* The file does not parse: parse it statement by statement, cut as psql
 * cuts it, to report every syntax error, not only the first (and every
 * statement nested too deep). first, at base, is the error of a parse of
 * text[base..], reported when no statement alone fails. (Statements are
 * cut here, not by libpg_query's scanner splitter: that one drops a
 * statement with no keyword before its ';' and lets a stray ')' swallow
 * the rest of the file, losing the errors in them.) */
static void collect_syntax_errors(ls_parsed *p, const PgQueryError *first, size_t base,
		ls_error *err)
{
	size_t before = err->n_diags + err->n_dropped;
	size_t off = ls_sql_skip_blank(p->text, p->len, 0);
	while (off < p->len) {
		int run;
		size_t end = ls_sql_statement_end(p->text, p->len, off, &run);
		if (run > LS_PARSE_MAX_DEPTH) {
			deep_error(p, off, err);
			off = ls_sql_skip_blank(p->text, p->len, end);
			continue;
		}
		char saved = p->text[end];
		PgQueryProtobufParseResult r = {0};
		p->text[end] = '\0';
		int rc = parse_text(&r, p->text + off, end - off);
		p->text[end] = saved;
		if (rc < 0) {
			ls_error_set(err, rc, p->path, 0, 0, "out of memory");
			return;
		}
		if (r.error)
			add_syntax_error(p, off, r.error, err);
		pg_query_free_protobuf_parse_result(r);
		off = ls_sql_skip_blank(p->text, p->len, end);
	}
	if (err->n_diags + err->n_dropped == before)
		add_syntax_error(p, base, first, err);
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

/* Report the statement at off as nested too deep: LS_EPARSE. */
static int deep_error(const ls_parsed *p, size_t off, ls_error *err)
{
	int line, col;
	ls_parsed_position(p, ls_sql_skip_blank(p->text, p->len, off), &line, &col);
	/* PostgreSQL's words; its hint names max_stack_depth, which lockstep
	 * does not have */
	snprintf(err->hint, sizeof err->hint, "the statement's parse tree nests more than %d "
			"levels deep (a long chain such as a + a + ... nests one level per operator); "
			"PostgreSQL refuses such a statement too, past its max_stack_depth",
			LS_PARSE_MAX_DEPTH);
	return ls_error_set(err, LS_EPARSE, p->path, line, col, "stack depth limit exceeded");
}

/* Refuse a tree nested deeper than LS_PARSE_MAX_DEPTH messages below its
 * root Node (see parse.h) at the position of the statement at off: 0, or
 * LS_EPARSE / LS_ENOMEM / LS_EIO (bytes that are no tree) in err. */
static int check_depth(const ls_parsed *p, const uint8_t *node, size_t len, size_t off,
		ls_error *err)
{
	int rc = ls_wire_depth(&pg_query__node__descriptor, node, len, LS_PARSE_MAX_DEPTH);
	if (rc == LS_WIRE_OK)
		return 0;
	if (rc == LS_WIRE_NOMEM)
		return ls_error_set(err, LS_ENOMEM, p->path, 0, 0, "out of memory");
	if (rc == LS_WIRE_MALFORMED)
		return ls_error_set(err, LS_EIO, p->path, 0, 0, "the cached parse tree is damaged");
	return deep_error(p, off, err);
}

/* pg_query_parse_protobuf of text, on a thread whose stack grows with the
 * text: libpg_query turns its tree into protobuf by recursion, one frame or
 * more per level, and a long left-deep chain (a + a + ...) nests one level
 * per operator, so the 8 MB of the main thread do not always do. */
typedef struct parse_job {
	const char *text;
	PgQueryProtobufParseResult r;
} parse_job;

static void *parse_job_run(void *arg)
{
	parse_job *j = arg;
	j->r = pg_query_parse_protobuf(j->text);
	return NULL;
}

#define STACK_PER_BYTE 256
#define STACK_MAX ((size_t)4 << 30)

static int parse_text(PgQueryProtobufParseResult *out, const char *text, size_t len)
{
	parse_job j = {.text = text};
	/* one level needs two bytes of text at least ("1+"); a small text
	 * never nests past what the default stack holds */
	if (len < 16384) {
		*out = pg_query_parse_protobuf(text);
		return 0;
	}
	size_t stack = ((size_t)8 << 20) + (len < STACK_MAX / STACK_PER_BYTE ?
			len * STACK_PER_BYTE : STACK_MAX);
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr))
		return LS_ENOMEM;
	int e = pthread_attr_setstacksize(&attr, stack);
	if (!e)
		e = pthread_create(&t, &attr, parse_job_run, &j);
	pthread_attr_destroy(&attr);
	if (e || pthread_join(t, NULL))
		return LS_ENOMEM;
	*out = j.r;
	return 0;
}

/* Parse text[off, end) and append its statements to w, their locations
 * moved by off so they count from the start of the file (the locations
 * inside each statement stay relative to off: lockstep reads none).
 * 1 when the section has a syntax error (*fail holds it), else 0 or a
 * negative code in err (a statement nested too deep is LS_EPARSE, and the
 * other statements are still checked). */
static int parse_section(ls_parsed *p, size_t off, size_t end, ls_buf *w,
		PgQueryProtobufParseResult *fail, ls_error *err)
{
	char saved = p->text[end];
	PgQueryProtobufParseResult r = {0};
	p->text[end] = '\0';
	int rc = parse_text(&r, p->text + off, end - off);
	p->text[end] = saved;
	if (rc < 0)
		return ls_error_set(err, rc, p->path, 0, 0, "out of memory");
	if (r.error) {
		*fail = r;
		return 1;
	}
	const uint8_t *b = (const uint8_t *)r.parse_tree.data;
	size_t at = 0;
	ls_wire_stmt ws;
	while (rc != LS_ENOMEM && ls_wire_next_stmt(b, r.parse_tree.len, &at, &ws) && ws.present) {
		size_t loc = off + (size_t)ws.location;
		size_t n = ws.length ? (size_t)ws.length : end - loc;
		int d = check_depth(p, ws.node, ws.node_len, loc, err);
		if (d < 0)
			rc = d;
		else
			ls_wire_put_stmt(w, &ws, loc, n);
	}
	pg_query_free_protobuf_parse_result(r);
	return rc;
}

/* Text of a section: whole statements, as psql cuts them, of this many
 * bytes at least. libpg_query holds a section's trees at once, in several
 * times the bytes of its text. */
#define SECTION_BYTES (64 * 1024)

/* Whether a statement of text[off..] has a longer chain of operators
 * than any tree lockstep reads can have. */
static bool deep_statement(const ls_parsed *p, size_t off)
{
	int run;
	while (off < p->len) {
		off = ls_sql_statement_end(p->text, p->len, off, &run);
		if (run > LS_PARSE_MAX_DEPTH)
			return true;
	}
	return false;
}

/* The bytes of a parse of the whole file, r, into w, each statement's
 * depth checked: 0, or the first error's code (all are in err). */
static int take_whole(ls_parsed *p, const PgQueryProtobufParseResult *r, ls_buf *w,
		ls_error *err)
{
	const uint8_t *b = (const uint8_t *)r->parse_tree.data;
	size_t at = 0;
	ls_wire_stmt ws;
	int first = 0;
	w->len = 0;
	ls_wire_put_version(w, PG_VERSION_NUM);
	while (ls_wire_next_stmt(b, r->parse_tree.len, &at, &ws) && ws.present) {
		int d = check_depth(p, ws.node, ws.node_len, (size_t)ws.location, err);
		if (d == LS_ENOMEM)
			return d;
		if (d < 0 && !first)
			first = d;
		ls_wire_put_stmt(w, &ws, (uint64_t)ws.location, (uint64_t)ws.length);
	}
	return first;
}

/* A section failed to parse, fail at base: the whole file is parsed at
 * once (a statement cut where psql cuts but libpg_query does not must not
 * fail a good file), or its errors are collected. err's reports of
 * sections before are forgotten. */
static int parse_whole(ls_parsed *p, PgQueryProtobufParseResult *fail, size_t base,
		ls_buf *w, size_t n_diags, size_t n_dropped, ls_error *err)
{
	PgQueryProtobufParseResult r = {0};
	int rc = 0;
	err->n_diags = n_diags;
	err->n_dropped = n_dropped;
	/* a chain too long is not handed to libpg_query: it would take time
	 * quadratic in its length */
	if (!deep_statement(p, 0) && (rc = parse_text(&r, p->text, p->len)) < 0) {
		rc = ls_error_set(err, rc, p->path, 0, 0, "out of memory");
	} else if (r.parse_tree.data && !r.error) {
		rc = take_whole(p, &r, w, err);
	} else {
		collect_syntax_errors(p, fail->error, base, err);
		rc = LS_EPARSE;
	}
	pg_query_free_protobuf_parse_result(r);
	return rc;
}

/* Parse p->text section by section into p->tree, one ParseResult for the
 * whole file. Every syntax error (and every statement nested too deep)
 * goes to err: then LS_EPARSE. */
static int parse_file(ls_parsed *p, ls_error *err)
{
	ls_buf w = {0};
	PgQueryProtobufParseResult fail = {0};
	int rc = 0, first = 0;
	size_t n_diags = err->n_diags, n_dropped = err->n_dropped, off = 0, fail_at = 0;
	ls_wire_put_version(&w, PG_VERSION_NUM);
	while (off < p->len && rc == 0 && !fail.error) {
		size_t end = off, deep = 0, deep_end = 0;
		while (end < p->len && end - off < SECTION_BYTES) {
			int run;
			size_t e = ls_sql_statement_end(p->text, p->len, end, &run);
			if (run > LS_PARSE_MAX_DEPTH) {
				deep = end + 1;
				deep_end = e;
				break;
			}
			end = e;
		}
		int s = end > off ? parse_section(p, off, end, &w, &fail, err) : 0;
		if (s == 1)
			fail_at = off;
		else if (s == LS_ENOMEM)
			rc = s;
		else if (s < 0 && !first)
			first = s;
		if (deep && !fail.error) {
			int d = deep_error(p, deep - 1, err);
			if (!first)
				first = d;
			end = deep_end;
		}
		off = end;
	}
	if (fail.error) {
		rc = parse_whole(p, &fail, fail_at, &w, n_diags, n_dropped, err);
		pg_query_free_protobuf_parse_result(fail);
	}
	if (rc == 0)
		rc = first;
	if (rc == 0 && w.failed)
		rc = ls_error_set(err, LS_ENOMEM, p->path, 0, 0, "out of memory");
	if (rc < 0) {
		free(w.s);
		return rc;
	}
	p->tree = (uint8_t *)w.s;
	p->tree_len = w.len;
	return 0;
}

/* Check a cached tree before anything reads it: its statements in text
 * order inside the text, none nested too deep. */
static int check_cached(ls_parsed *p, ls_error *err)
{
	size_t at = 0, last = 0;
	ls_wire_stmt ws;
	int rc = 0;
	for (;;) {
		if (!ls_wire_next_stmt(p->tree, p->tree_len, &at, &ws) ||
				(ws.present && (!ws.node || (size_t)ws.location < last ||
				(size_t)ws.location + (size_t)ws.length > p->len)))
			return ls_error_set(err, LS_EIO, p->path, 0, 0, "the cached parse tree is damaged");
		if (!ws.present)
			return rc;
		last = (size_t)ws.location;
		int d = check_depth(p, ws.node, ws.node_len, last, err);
		if (d == LS_ENOMEM || d == LS_EIO)
			return d;
		if (d < 0 && !rc)
			rc = d;
	}
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
	ls_parsed *p = ls_malloc(sizeof *p);
	*out = NULL;
	if (!p)
		return ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
	memset(p, 0, sizeof *p);
	p->path = path;
	p->len = len;
	p->line = p->column = 1;
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
	size_t bad = ls_sql_invalid_utf8(p->text, len);
	if (bad < len) {
		int line, col;
		ls_parsed_position(p, bad, &line, &col);
		rc = ls_error_set(err, LS_EPARSE, path, line, col,
				"invalid byte sequence for encoding \"UTF8\": 0x%02x",
				(unsigned char)p->text[bad]);
		goto done;
	}
	ls_sql_blank_meta_commands(p->text, len);

	if (cache && cache->tree) {
		/* a copy: the cache's bytes need not outlive this call */
		p->tree = ls_malloc(cache->tree_len ? cache->tree_len : 1);
		if (!p->tree) {
			rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
			goto done;
		}
		memcpy(p->tree, cache->tree, cache->tree_len);
		p->tree_len = cache->tree_len;
		rc = check_cached(p, err);
		goto done;
	}
	if ((rc = parse_file(p, err)) < 0)
		goto done;
	if (cache) {
		cache->parsed = true;
		if (cache->save)
			rc = cache->save(cache->ctx, p->tree, p->tree_len, err);
	}
done:
	if (rc < 0) {
		ls_parsed_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

int ls_parsed_next(ls_parsed *p, const ls_stmt **s, ls_error *err)
{
	ls_wire_stmt ws;
	*s = NULL;
	/* the statement before goes with its blocks */
	ls_arena_free(p->tree_arena);
	p->tree_arena = NULL;
	if (!ls_wire_next_stmt(p->tree, p->tree_len, &p->next, &ws))
		return ls_error_set(err, LS_EIO, p->path, 0, 0, "the cached parse tree is damaged");
	if (!ws.present)
		return 0;
	size_t start = (size_t)ws.location;
	size_t end = ws.length ? start + (size_t)ws.length : p->len;
	if (!ws.node || start < p->at || end > p->len)
		return ls_error_set(err, LS_EIO, p->path, 0, 0, "the cached parse tree is damaged");
	if (ls_arena_new(&p->tree_arena) < 0)
		return ls_error_set(err, LS_ENOMEM, p->path, 0, 0, "out of memory unpacking parse tree");
	ProtobufCAllocator alloc = {tree_alloc, tree_free, p->tree_arena};
	pgnode *node = pg_query__node__unpack(&alloc, ws.node_len, ws.node);
	/* a failed block makes unpack give up: that is no damaged tree */
	if (ls_arena_failed(p->tree_arena))
		return ls_error_set(err, LS_ENOMEM, p->path, 0, 0, "out of memory unpacking parse tree");
	if (!node)
		return ls_error_set(err, LS_EIO, p->path, 0, 0, "the cached parse tree is damaged");
	ls_stmt *st = &p->stmt;
	st->node = node;
	st->offset = ls_sql_skip_blank(p->text, p->len, start);
	st->len = end > st->offset ? end - st->offset : 0;
	/* Statements come in text order: positions advance from the last one
	 * instead of being counted from the start each time. */
	ls_sql_advance(p->text, p->at, st->offset, &p->line, &p->column);
	p->at = st->offset;
	st->line = p->line;
	st->column = p->column;
	*s = st;
	return 1;
}

void ls_parsed_free(ls_parsed *p)
{
	if (!p)
		return;
	/* The tree goes with its arena, unwalked: free_unpacked would only
	 * hand each block of it to tree_free, a no-op, since every block
	 * protobuf-c allocated for it came from tree_alloc. */
	ls_arena_free(p->tree_arena);
	free(p->tree);
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

PgQuery__ParseResult *ls_parse_tree(const char *text)
{
	PgQueryProtobufParseResult r = {0};
	PgQuery__ParseResult *res = NULL;
	if (parse_text(&r, text, strlen(text)) < 0)
		return NULL;
	/* the text may come from a store: bounded as a file's statements
	 * are, with a few levels for the statement around an expression */
	if (!r.error && ls_wire_depth(&pg_query__parse_result__descriptor,
				(const uint8_t *)r.parse_tree.data, r.parse_tree.len,
				LS_PARSE_MAX_DEPTH + 8) == LS_WIRE_OK)
		res = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
				(const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	return res;
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
	PgQuery__ParseResult *res = ls_parse_tree(q);
	free(q);
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
