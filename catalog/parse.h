/* Private to catalog/: SQL text → parse trees with source positions. */
#ifndef LS_CATALOG_PARSE_H
#define LS_CATALOG_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lockstep/arena.h"
#include "lockstep/error.h"

typedef PgQuery__Node pgnode;

/* How deep a statement's parse tree may nest, in protobuf messages below
 * its root Node (each operator of a + a + ... is two: a Node and its
 * A_Expr). A deeper one is refused, LS_EPARSE "stack depth limit exceeded"
 * at the statement, before anything walks it: protobuf-c's unpack, the
 * normalizers, libpg_query's deparse and the writers all recurse once or
 * more per level, on the caller's stack (8 MB by default, sanitizers
 * included; protobuf-c's unpack overflowed 8 MB at about 8,700 levels).
 * PostgreSQL 15 goes deeper before it refuses a chain past its
 * max_stack_depth of 2 MB (a CHECK (a + a + ...) of 6,000 terms is
 * accepted, of 8,000 refused; a SELECT 'x' || ... of 4,000 accepted, of
 * 6,000 refused); this limit is about 1,500 terms. */
#ifndef LS_PARSE_MAX_DEPTH
#define LS_PARSE_MAX_DEPTH 3000
#endif

/* One top-level statement of a source file. */
typedef struct ls_stmt {
	pgnode *node;        /* lives until the next ls_parsed_next or ls_parsed_free */
	size_t offset;       /* byte offset of its first token */
	size_t len;          /* bytes up to (not including) the ';' */
	int line;            /* 1-based position of the first token */
	int column;          /* 1-based, in characters */
} ls_stmt;

/* A parsed file: its statements packed (the protobuf bytes of one
 * ParseResult), unpacked one at a time by ls_parsed_next, so a file never
 * holds more than one statement's tree. */
typedef struct ls_parsed {
	uint8_t *tree;       /* packed ParseResult, malloc'ed */
	size_t tree_len;
	size_t next;         /* offset in tree of the next statement */
	ls_arena *tree_arena; /* every block of the current statement's tree */
	ls_stmt stmt;        /* the current statement */
	size_t at;           /* position of the current statement: offset, */
	int line, column;    /* line and column */
	char *text;          /* the (preprocessed) text, NUL-terminated, malloc'ed */
	size_t len;
	const char *path;
} ls_parsed;

/* Parse sql (len bytes; need not be NUL-terminated). psql meta-command lines
 * (\connect, \restrict ...) are blanked first, keeping every offset. The
 * text is parsed in sections of whole statements, cut where psql cuts them,
 * so libpg_query never holds the trees of a large file at once. On a
 * syntax error returns LS_EPARSE with every syntax error of the file in err
 * (path:line:col, as PostgreSQL places its cursor); a statement nested
 * deeper than LS_PARSE_MAX_DEPTH is LS_EPARSE too. *out is freed with
 * ls_parsed_free. */
int ls_parse(ls_parsed **out, const char *sql, size_t len, const char *path,
		ls_error *err);

/* The next statement of p, in text order: 1 with *s set (it and its tree
 * live until the next call or ls_parsed_free), 0 after the last one, or a
 * negative code with err set (LS_ENOMEM; LS_EIO for a cached tree that
 * does not unpack). */
int ls_parsed_next(ls_parsed *p, const ls_stmt **s, ls_error *err);

/* A parse cache entry for one text (history.c keys it by git blob id).
 * tree: a pg_query_parse_protobuf tree of the same preprocessed text, or
 * NULL; when NULL the text is parsed, parsed is set, and the fresh tree is
 * handed to save (when not NULL; its error fails the parse). */
typedef struct ls_parse_cache {
	const void *tree;
	size_t tree_len;
	int (*save)(void *ctx, const void *tree, size_t len, ls_error *err);
	void *ctx;
	bool parsed;
} ls_parse_cache;

/* ls_parse with a cache (NULL: none). A cached tree whose statements are
 * not in the text is LS_EIO here, one that does not unpack LS_EIO from
 * ls_parsed_next; one nested too deep is LS_EPARSE as above. */
int ls_parse_cached(ls_parsed **out, const char *sql, size_t len, const char *path,
		ls_parse_cache *cache, ls_error *err);

void ls_parsed_free(ls_parsed *p);

/* Line and column (1-based, column in characters) of byte offset off. */
void ls_parsed_position(const ls_parsed *p, size_t off, int *line, int *column);

/* Deparse one expression node to canonical SQL text in the arena: the
 * expression is wrapped as the target of a SELECT, deparsed by libpg_query
 * and unwrapped. NULL on failure, with errno ENOMEM (out of memory) or
 * EINVAL (libpg_query cannot deparse the node). */
char *ls_deparse_expr(ls_arena *a, const pgnode *expr);

/* Deparse a whole statement node. NULL on failure. */
char *ls_deparse_stmt(ls_arena *a, const pgnode *stmt);

/* SELECT expr, as a statement node on the caller's stack (w holds it). */
typedef struct ls_select_wrap {
	PgQuery__ResTarget rt;
	PgQuery__Node rtnode;
	PgQuery__Node *targets[1];
	PgQuery__SelectStmt sel;
	PgQuery__Node selnode;
} ls_select_wrap;
pgnode *ls_wrap_select(ls_select_wrap *w, const pgnode *expr);

/* Deparsed expressions by their tree (catalog/deparse_cache.c): a deparse
 * is a function of the tree (locations aside), and a schema says DEFAULT
 * now() a thousand times. */
typedef struct ls_deparse_cache ls_deparse_cache;

/* ls_deparse_expr through *cache (created in a on first use): the text of
 * an expression deparsed before is returned again, shared — callers never
 * write into it. a must be the arena of every earlier call with *cache.
 * NULL on failure as ls_deparse_expr; a failure to remember a result only
 * marks a failed (the result is still returned). The key is written from
 * expr's tree by its protobuf-c descriptors, every `location` left out;
 * the tree is only read. */
const char *ls_deparse_expr_cached(ls_arena *a, ls_deparse_cache **cache, const pgnode *expr);

/* Parse one expression from text (wrapped as SELECT <text>) and return a
 * deep copy the caller frees with ls_expr_free, or NULL on a syntax error
 * or when it nests deeper than LS_PARSE_MAX_DEPTH. */
PgQuery__ParseResult *ls_parse_expr(const char *text, pgnode **expr);

/* Parse SQL text (a view's query, a function body wrapped in a statement)
 * to a tree the caller frees with ls_expr_free; NULL on a syntax error, out
 * of memory, or a tree nested deeper than LS_PARSE_MAX_DEPTH (with a few
 * levels more for the statement around it). */
PgQuery__ParseResult *ls_parse_tree(const char *text);
void ls_expr_free(PgQuery__ParseResult *r);

/* The TypeName the parser makes of a type's spelling ("character
 * varying(5)", "public.mood[]"), deep-copied into a; NULL when it does not
 * parse as a type or memory ran out. */
PgQuery__TypeName *ls_parse_type_name(ls_arena *a, const char *type);

/* Keyword category of an identifier-like word: 0 not a keyword,
 * 1 unreserved, 2 col_name, 3 type_func_name, 4 reserved. */
int ls_keyword_kind(const char *word);

#endif
