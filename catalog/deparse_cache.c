/* The deparse cache: canonical text of expressions by their tree.
 *
 * The key of an expression is written from its tree by protobuf-c's
 * descriptors (the tree is only read): every field of every message in
 * descriptor order, `location` fields left out, so the same expression
 * written at two places of a file has one key. The key is not protobuf:
 * it only has to be the same for two trees exactly when they are equal
 * but for their locations, and cheap to write. Every field writes
 * something (a presence byte for messages and oneof members, a length for
 * strings, bytes and lists), so no two different trees write the same
 * bytes. A Node writes its node_case and its one set member, found by its
 * number, instead of walking its hundreds of fields as packing does.
 *
 * A miss deparses the tree as it is; LS_SELF_CHECK checks every result
 * against libpg_query's deparse of the tree it is asked for. */
#define _POSIX_C_SOURCE 200809L
#include "parse.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open addressing over (hash, key bytes) → text. */
typedef struct dentry {
	uint32_t hash;
	uint32_t len;
	const uint8_t *key;   /* NULL: empty slot */
	const char *text;
} dentry;

struct ls_deparse_cache {
	dentry *slots;
	size_t cap;           /* 0 or a power of two */
	size_t n;
	uint8_t *scratch;     /* where keys are written, in the arena */
	size_t scratch_cap;
};

/* A key being written into the cache's scratch. */
typedef struct keybuf {
	ls_arena *a;
	ls_deparse_cache *c;
	size_t n;
	bool failed;
} keybuf;

static void put(keybuf *k, const void *src, size_t n)
{
	if (k->failed)
		return;
	if (n > k->c->scratch_cap - k->n) {
		size_t cap = k->c->scratch_cap ? k->c->scratch_cap : 512;
		while (n > cap - k->n) {
			if (cap > SIZE_MAX / 2) {
				k->failed = true;
				return;
			}
			cap *= 2;
		}
		/* the old block stays in the arena: at most the size of the new */
		uint8_t *grown = ls_arena_alloc_raw(k->a, cap);
		if (!grown) {
			k->failed = true;
			return;
		}
		if (k->n)
			memcpy(grown, k->c->scratch, k->n);
		k->c->scratch = grown;
		k->c->scratch_cap = cap;
	}
	if (n)
		memcpy(k->c->scratch + k->n, src, n);
	k->n += n;
}

static void put_len(keybuf *k, size_t n)
{
	uint64_t v = n;
	put(k, &v, sizeof v);
}

static void put_flag(keybuf *k, uint8_t b)
{
	put(k, &b, 1);
}

/* Bytes one element of a field of this type takes in a message (or in the
 * array of a repeated field). */
static size_t value_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return sizeof(int32_t);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return sizeof(int64_t);
	case PROTOBUF_C_TYPE_FLOAT:
		return sizeof(float);
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM:
		return sizeof(int);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	}
	return 0;
}

static void key_message(keybuf *k, const ProtobufCMessage *m);

/* One value of field type t at v. A string NULL and "" write the same, as
 * protobuf-c packs them the same (proto3 leaves both out). */
static void key_value(keybuf *k, ProtobufCType t, const void *v)
{
	switch (t) {
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(const char *const *)v;
		size_t n = s ? strlen(s) : 0;
		put_len(k, n);
		put(k, s, n);
		return;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = v;
		put_len(k, b->len);
		put(k, b->data, b->len);
		return;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)v;
		put_flag(k, sub != NULL);
		if (sub)
			key_message(k, sub);
		return;
	}
	default:
		put(k, v, value_size(t));
		return;
	}
}

static bool is_location(const ProtobufCFieldDescriptor *f)
{
	return f->type == PROTOBUF_C_TYPE_INT32 && f->label != PROTOBUF_C_LABEL_REPEATED &&
		f->name[0] == 'l' && !strcmp(f->name, "location");
}

static void key_field(keybuf *k, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t n = *(const size_t *)(base + f->quantifier_offset);
		const char *items = *(const char *const *)(base + f->offset);
		size_t step = value_size(f->type);
		put_len(k, n);
		for (size_t i = 0; i < n && !k->failed; i++)
			key_value(k, f->type, items + i * step);
	} else {
		key_value(k, f->type, base + f->offset);
	}
}

static void key_message(keybuf *k, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		uint32_t c = (uint32_t)((const pgnode *)m)->node_case;
		const ProtobufCFieldDescriptor *f = c ?
			protobuf_c_message_descriptor_get_field(d, c) : NULL;
		put(k, &c, sizeof c);
		if (f)
			key_field(k, m, f);
		return;
	}
	for (unsigned i = 0; i < d->n_fields && !k->failed; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			bool set = *(const uint32_t *)((const char *)m + f->quantifier_offset) == f->id;
			put_flag(k, set);
			if (!set)
				continue;
		}
		if (!is_location(f))
			key_field(k, m, f);
	}
}

static uint32_t hash_bytes(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static dentry *cache_slot(ls_deparse_cache *c, uint32_t h, const uint8_t *key, size_t len)
{
	for (size_t j = h & (c->cap - 1);; j = (j + 1) & (c->cap - 1)) {
		dentry *e = &c->slots[j];
		if (!e->key || (e->hash == h && e->len == len && !memcmp(e->key, key, len)))
			return e;
	}
}

/* Remember text for key; false when memory ran out (a is marked failed). */
static bool cache_put(ls_arena *a, ls_deparse_cache *c, uint32_t h, const uint8_t *key,
		size_t len, const char *text)
{
	if (len > UINT32_MAX)
		return true; /* not remembered; nothing is wrong */
	if ((c->n + 1) * 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		dentry *grown = ls_arena_alloc(a, cap * sizeof *grown);
		if (!grown)
			return false;
		dentry *old = c->slots;
		size_t ocap = c->cap;
		c->slots = grown;
		c->cap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].key)
				*cache_slot(c, old[i].hash, old[i].key, old[i].len) = old[i];
	}
	uint8_t *copy = ls_arena_alloc_raw(a, len ? len : 1);
	if (!copy)
		return false;
	memcpy(copy, key, len);
	dentry *e = cache_slot(c, h, key, len);
	*e = (dentry){h, (uint32_t)len, copy, text};
	c->n++;
	return true;
}

#ifdef LS_SELF_CHECK
/* What the cache gave is what libpg_query deparses from protobuf-c's bytes
 * of the expression with its locations. Plain malloc only: the check must
 * not take part in fault injection (an allocation failing here would go
 * unreported and end a fault run early). */
static void check_deparse(const pgnode *expr, const char *got)
{
	ls_select_wrap w;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = {&raw};
	PgQuery__ParseResult res = PG_QUERY__PARSE_RESULT__INIT;
	raw.stmt = ls_wrap_select(&w, expr);
	res.version = PG_VERSION_NUM;
	res.n_stmts = 1;
	res.stmts = raws;
	size_t n = pg_query__parse_result__get_packed_size(&res);
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf)
		return;
	pg_query__parse_result__pack(&res, buf);
	PgQueryProtobuf pb = {.len = n, .data = (char *)buf};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	const char *want = !d.error && d.query && !strncmp(d.query, "SELECT ", 7) ? d.query + 7 : NULL;
	if (!want || strcmp(want, got)) {
		fprintf(stderr, "lockstep: cached deparse gave \"%s\", deparse \"%s\"\n",
				got, want ? want : "(error)");
		abort();
	}
	pg_query_free_deparse_result(d);
	free(buf);
}
#endif

const char *ls_deparse_expr_cached(ls_arena *a, ls_deparse_cache **cache, const pgnode *expr)
{
	if (!expr)
		return ls_deparse_expr(a, expr);
	if (!*cache)
		*cache = ls_arena_alloc(a, sizeof **cache);
	if (!*cache)
		return ls_deparse_expr(a, expr); /* a is marked failed */
	ls_deparse_cache *c = *cache;
	keybuf k = {a, c, 0, false};
	key_message(&k, &expr->base);
	if (k.failed)
		return ls_deparse_expr(a, expr);
	uint32_t h = hash_bytes(c->scratch, k.n);
	dentry *e = c->cap ? cache_slot(c, h, c->scratch, k.n) : NULL;
	const char *text;
	if (e && e->key) {
		text = e->text;
	} else {
		text = ls_deparse_expr(a, expr);
		/* a result not remembered is still right; a is marked failed */
		int saved = errno;
		if (text)
			cache_put(a, c, h, c->scratch, k.n, text);
		errno = saved;
	}
#ifdef LS_SELF_CHECK
	if (text)
		check_deparse(expr, text);
#endif
	return text;
}
