/* Object hashes and snapshot keys (store_int.h).
 *
 * An object's hash is the SHA-256 of the rows it is stored as, encoded
 * without ambiguity: a header naming the encoding and the kind, then per
 * row its table's name and its values, each tagged (text with its length,
 * integer as 8 bytes, NULL), so different rows cannot encode alike and the
 * hash covers exactly what the store keeps, identities included.
 *
 * The snapshot key is the SHA-256 of the object hashes, kind by kind in the
 * catalog's order (in runs of 64), with each kind's count, and next_id.
 *
 * The memo, in two layers. First by content: it maps encoded rows to their
 * hash (and, for a store, to the object's id), looked up by a cheap hash
 * and confirmed byte for byte, so an object saved unchanged is never hashed
 * again. Second by shape, for the catalog saved last: a history walk saves
 * one catalog per commit with one or two objects changed, and encoding all
 * of them each time would cost more than anything else the save does. The
 * builder never writes into a string, it replaces pointers (txn.c relies on
 * the same), every string a catalog points at is in its arena or static,
 * and an arena never gives an address twice while it lives: so
 * an object of the same catalog (the same arena serial) whose structs and
 * arrays hold the same bytes (scalars, counts, string pointers) as at the
 * last save has the same content, and gets the entry it had. Anything else
 * is encoded. Builds with LS_ARENA_DEBUG (the ASan build) encode every
 * object anyway and check that the two agree.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

/* Past this many bytes of encoded objects, the memo starts again empty
 * (before a save, never during one). */
#define MEMO_MAX_BYTES ((size_t)64 << 20)

const char *const ls_store_kind_names[LS_STORE_KINDS] = {
	"schema", "extension", "type", "sequence", "table", "index", "view", "function",
	"data_step", "search_path", "default_acl", "collation",
};

/* An object of the last catalog saved, as its bytes were then. */
typedef struct shape {
	ls_store_kind kind;
	uint64_t id;              /* its id; a data step's position */
	ls_store_entry *entry;
	size_t len;
	unsigned char image[];
} shape;

/* Object hashes per run of the key (key_of). */
#define RUN 64

/* The digest of a run of object hashes of the last key. */
typedef struct run {
	ls_store_entry *entries[RUN];
	size_t n;
	unsigned char digest[32];
} run;

typedef struct run_list {
	run *items;
	size_t n, cap;
} run_list;

/* A growable byte buffer. */
typedef struct bytes {
	unsigned char *p;
	size_t len, size;
	bool nomem;
} bytes;

struct ls_store_memo {
	ls_store_entry **slots;   /* open addressing by fast hash */
	size_t cap, n;
	size_t bytes;             /* encoded bytes held by the entries */
	ls_store_entry *pending;
	bytes enc;                /* the object being encoded */
	shape **shapes;           /* open addressing by (kind, id) */
	size_t shapes_cap, n_shapes;
	unsigned long long serial; /* arena serial of the catalog the shapes are of */
	bytes img;                /* the object's shape being taken */
	run_list runs[LS_STORE_KINDS]; /* the runs of the last key, per kind */
};

static int oom(ls_error *err)
{
	return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

int ls_store_memo_new(ls_store_memo **out, ls_error *err)
{
	*out = ls_malloc(sizeof **out);
	if (!*out)
		return oom(err);
	memset(*out, 0, sizeof **out);
	return 0;
}

static void shapes_clear(ls_store_memo *m)
{
	for (size_t i = 0; i < m->shapes_cap; i++)
		free(m->shapes[i]);
	free(m->shapes);
	m->shapes = NULL;
	m->shapes_cap = m->n_shapes = 0;
	m->serial = 0;
}

/* Forget everything (shapes and runs point at entries). */
static void memo_clear(ls_store_memo *m)
{
	shapes_clear(m);
	for (int k = 0; k < LS_STORE_KINDS; k++)
		m->runs[k].n = 0;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i]);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = m->bytes = 0;
	m->pending = NULL;
}

void ls_store_memo_free(ls_store_memo *m)
{
	if (!m)
		return;
	memo_clear(m);
	for (int k = 0; k < LS_STORE_KINDS; k++)
		free(m->runs[k].items);
	free(m->enc.p);
	free(m->img.p);
	free(m);
}

void ls_store_memo_pending(ls_store_memo *m, ls_store_entry *e)
{
	e->pending = true;
	e->next_pending = m->pending;
	m->pending = e;
}

void ls_store_memo_settle(ls_store_memo *m, bool committed)
{
	if (!m)
		return;
	for (ls_store_entry *e = m->pending, *next; e; e = next) {
		next = e->next_pending;
		if (!committed)
			e->object_id = 0;
		e->pending = false;
		e->next_pending = NULL;
	}
	m->pending = NULL;
}

/* --- encoding --- */

static void put_bytes(bytes *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->size) {
		size_t size = b->size ? b->size : 4096;
		while (size < b->len + n)
			size *= 2;
		unsigned char *grown = ls_realloc(b->p, size);
		if (!grown) {
			b->nomem = true;
			return;
		}
		b->p = grown;
		b->size = size;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put(ls_store_memo *m, const void *p, size_t n)
{
	put_bytes(&m->enc, p, n);
}

static void put_u64(ls_store_memo *m, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(m, b, sizeof b);
}

/* A tagged text: 't', its length as 8 bytes, its bytes; NULL is 'n'. */
static void put_text(ls_store_memo *m, const char *s, size_t n)
{
	if (!s) {
		put(m, "n", 1);
		return;
	}
	put(m, "t", 1);
	put_u64(m, n);
	put(m, s, n);
}

typedef struct enc_sink {
	ls_store_sink base;
	ls_store_memo *m;
} enc_sink;

static int enc_row(ls_store_sink *k, const ls_store_rowdef *def, const ls_sval *vals,
		size_t n, ls_error *err)
{
	ls_store_memo *m = ((enc_sink *)k)->m;
	put_text(m, def->table, strlen(def->table));
	put_u64(m, n);
	for (size_t i = 0; i < n; i++) {
		const ls_sval *v = &vals[i];
		switch (v->type) {
		case 'i':
			put(m, "i", 1);
			put_u64(m, (uint64_t)v->v.i);
			break;
		case 'c':
			/* as it is bound: NULL for 0, else one character */
			put_text(m, v->v.c[0] ? v->v.c : NULL, 1);
			break;
		default:
			put_text(m, v->v.s, v->v.s ? strlen(v->v.s) : 0);
			break;
		}
	}
	return m->enc.nomem ? oom(err) : 0;
}

/* A cheap 64-bit hash of n bytes, for the memo's table only. */
static uint64_t fast_hash(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

/* --- the memo's table --- */

static ls_store_entry **slot_of(ls_store_memo *m, uint64_t fast, const unsigned char *bytes,
		size_t len)
{
	size_t i = (size_t)fast & (m->cap - 1);
	for (ls_store_entry *e; (e = m->slots[i]) != NULL; i = (i + 1) & (m->cap - 1))
		if (e->fast == fast && e->len == len && memcmp(e->bytes, bytes, len) == 0)
			break;
	return &m->slots[i];
}

/* Room for one more entry (load at most one half). */
static bool reserve(ls_store_memo *m)
{
	if ((m->n + 1) * 2 <= m->cap)
		return true;
	size_t cap = m->cap ? m->cap * 2 : 1024;
	ls_store_entry **slots = ls_malloc(cap * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0, cap * sizeof *slots);
	for (size_t i = 0; i < m->cap; i++) {
		ls_store_entry *e = m->slots[i];
		if (!e)
			continue;
		size_t j = (size_t)e->fast & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = e;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return true;
}

static void to_hex(char out[65], const unsigned char d[32])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

static const char OBJECT_HEADER[] = "lockstep store object 3";

/* The entry of one object by content: encoded, then found in the memo or
 * hashed and added to it. */
static int entry_by_content(ls_store_entry **out, ls_store_memo *m, ls_store_kind kind,
		const void *obj, ls_error *err)
{
	enc_sink k = {{enc_row}, m};
	m->enc.len = 0;
	m->enc.nomem = false;
	put_text(m, OBJECT_HEADER, sizeof OBJECT_HEADER - 1);
	put_text(m, ls_store_kind_names[kind], strlen(ls_store_kind_names[kind]));
	int rc = m->enc.nomem ? oom(err) : ls_store_object_rows(&k.base, kind, obj, err);
	if (rc < 0)
		return rc;
	const unsigned char *buf = m->enc.p;
	size_t len = m->enc.len;
	uint64_t fast = fast_hash(buf, len);
	if (!reserve(m))
		return oom(err);
	ls_store_entry **slot = slot_of(m, fast, buf, len);
	if (!*slot) {
		ls_store_entry *e = ls_malloc(sizeof *e + len);
		if (!e)
			return oom(err);
		memset(e, 0, sizeof *e);
		e->fast = fast;
		e->len = len;
		memcpy(e->bytes, buf, len);
		ls_sha256 h;
		ls_sha256_init(&h);
		ls_sha256_update(&h, e->bytes, e->len);
		ls_sha256_final(&h, e->sha);
		to_hex(e->hash, e->sha);
		*slot = e;
		m->n++;
		m->bytes += e->len;
	}
	*out = *slot;
	return 0;
}

/* --- shapes --- */

/* Append the n elements of array p (NULL when n is 0). */
#define RAW(m, p, n) put_bytes(&(m)->img, (p), (n) * sizeof *(p))

static void table_shape(ls_store_memo *m, const ls_table *t)
{
	RAW(m, t, 1);
	RAW(m, t->columns, t->n_columns);
	for (size_t i = 0; i < t->n_columns; i++)
		RAW(m, t->columns[i].grants, t->columns[i].n_grants);
	RAW(m, t->constraints, t->n_constraints);
	for (size_t i = 0; i < t->n_constraints; i++) {
		RAW(m, t->constraints[i].columns, t->constraints[i].n_columns);
		RAW(m, t->constraints[i].ref_columns, t->constraints[i].n_ref_columns);
	}
	RAW(m, t->triggers, t->n_triggers);
	for (size_t i = 0; i < t->n_triggers; i++)
		RAW(m, t->triggers[i].args, t->triggers[i].n_args);
	RAW(m, t->policies, t->n_policies);
	for (size_t i = 0; i < t->n_policies; i++)
		RAW(m, t->policies[i].roles, t->policies[i].n_roles);
	RAW(m, t->options, t->n_options);
	RAW(m, t->grants, t->n_grants);
	RAW(m, t->inherits, t->n_inherits);
}

/* The bytes of every struct and array of obj, the strings' pointers and
 * not their text, into m->img. */
static void shape_of(ls_store_memo *m, ls_store_kind kind, const void *obj)
{
	m->img.len = 0;
	m->img.nomem = false;
	switch (kind) {
	case LS_STORE_SCHEMA: {
		const ls_schema *s = obj;
		RAW(m, s, 1);
		RAW(m, s->grants, s->n_grants);
		break;
	}
	case LS_STORE_EXTENSION: RAW(m, (const ls_extension *)obj, 1); break;
	case LS_STORE_COLLATION: RAW(m, (const ls_collation *)obj, 1); break;
	case LS_STORE_TYPE: {
		const ls_type *t = obj;
		RAW(m, t, 1);
		RAW(m, t->labels, t->n_labels);
		RAW(m, t->checks, t->n_checks);
		RAW(m, t->attributes, t->n_attributes);
		RAW(m, t->grants, t->n_grants);
		break;
	}
	case LS_STORE_SEQUENCE: {
		const ls_sequence *s = obj;
		RAW(m, s, 1);
		RAW(m, s->grants, s->n_grants);
		break;
	}
	case LS_STORE_TABLE: table_shape(m, obj); break;
	case LS_STORE_INDEX: {
		const ls_index *x = obj;
		RAW(m, x, 1);
		RAW(m, x->keys, x->n_keys);
		RAW(m, x->include, x->n_include);
		RAW(m, x->options, x->n_options);
		break;
	}
	case LS_STORE_VIEW: {
		const ls_view *v = obj;
		RAW(m, v, 1);
		RAW(m, v->columns, v->n_columns);
		RAW(m, v->options, v->n_options);
		RAW(m, v->depends, v->n_depends);
		RAW(m, v->grants, v->n_grants);
		if (v->column_comments)
			RAW(m, v->column_comments, v->n_columns);
		RAW(m, v->triggers, v->n_triggers);
		for (size_t i = 0; i < v->n_triggers; i++)
			RAW(m, v->triggers[i].args, v->triggers[i].n_args);
		break;
	}
	case LS_STORE_DEFAULT_ACL: {
		const ls_default_acl *d = obj;
		RAW(m, d, 1);
		RAW(m, d->grants, d->n_grants);
		break;
	}
	case LS_STORE_FUNCTION: {
		const ls_function *f = obj;
		RAW(m, f, 1);
		RAW(m, f->config, f->n_config);
		RAW(m, f->grants, f->n_grants);
		if (f->aggregate)
			RAW(m, f->aggregate, 1);
		break;
	}
	case LS_STORE_DATA_STEP: RAW(m, (const ls_data_step *)obj, 1); break;
	case LS_STORE_SEARCH_PATH: {
		const ls_catalog *cat = obj;
		RAW(m, &cat->n_search_path, 1);
		RAW(m, cat->search_path, cat->n_search_path);
		break;
	}
	case LS_STORE_KINDS: break;
	}
}

static uint64_t shape_hash(ls_store_kind kind, uint64_t id)
{
	uint64_t h = (id ^ ((uint64_t)kind << 56)) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 31);
}

static shape **shape_slot(ls_store_memo *m, ls_store_kind kind, uint64_t id)
{
	size_t i = (size_t)shape_hash(kind, id) & (m->shapes_cap - 1);
	for (shape *x; (x = m->shapes[i]) != NULL; i = (i + 1) & (m->shapes_cap - 1))
		if (x->kind == kind && x->id == id)
			break;
	return &m->shapes[i];
}

/* Room for one more shape (load at most one half). */
static bool shapes_reserve(ls_store_memo *m)
{
	if ((m->n_shapes + 1) * 2 <= m->shapes_cap)
		return true;
	size_t cap = m->shapes_cap ? m->shapes_cap * 2 : 1024;
	shape **grown = ls_malloc(cap * sizeof *grown);
	if (!grown)
		return false;
	memset(grown, 0, cap * sizeof *grown);
	for (size_t i = 0; i < m->shapes_cap; i++) {
		shape *x = m->shapes[i];
		if (!x)
			continue;
		size_t j = (size_t)shape_hash(x->kind, x->id) & (cap - 1);
		while (grown[j])
			j = (j + 1) & (cap - 1);
		grown[j] = x;
	}
	free(m->shapes);
	m->shapes = grown;
	m->shapes_cap = cap;
	return true;
}

/* The entry of one object: by its shape when the last save of this
 * catalog left the same one, else by content (and the shape is kept). */
static int entry_of(ls_store_entry **out, ls_store_memo *m, ls_store_kind kind,
		const void *obj, uint64_t id, ls_error *err)
{
	int rc;
	shape_of(m, kind, obj);
	if (m->img.nomem || !shapes_reserve(m))
		return oom(err);
	shape **slot = shape_slot(m, kind, id);
	shape *old = *slot;
	if (old && old->len == m->img.len && memcmp(old->image, m->img.p, old->len) == 0) {
#ifdef LS_ARENA_DEBUG
		if ((rc = entry_by_content(out, m, kind, obj, err)) < 0)
			return rc;
		if (*out != old->entry)
			return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "internal error: a %s changed"
					" without a change in its structs (a string written in place?)",
					ls_store_kind_names[kind]);
#endif
		*out = old->entry;
		return 0;
	}
	if ((rc = entry_by_content(out, m, kind, obj, err)) < 0)
		return rc;
	shape *x = ls_malloc(sizeof *x + m->img.len);
	if (!x)
		return oom(err);
	x->kind = kind;
	x->id = id;
	x->entry = *out;
	x->len = m->img.len;
	memcpy(x->image, m->img.p, m->img.len);
	free(old);
	if (!old)
		m->n_shapes++;
	*slot = x;
	return 0;
}

/* The key of obj among the shapes: its identity where it has one. */
static uint64_t id_of(ls_store_kind kind, const void *obj, size_t i)
{
	switch (kind) {
	case LS_STORE_SCHEMA: return ((const ls_schema *)obj)->id;
	case LS_STORE_EXTENSION: return ((const ls_extension *)obj)->id;
	case LS_STORE_COLLATION: return ((const ls_collation *)obj)->id;
	case LS_STORE_TYPE: return ((const ls_type *)obj)->id;
	case LS_STORE_SEQUENCE: return ((const ls_sequence *)obj)->id;
	case LS_STORE_TABLE: return ((const ls_table *)obj)->id;
	case LS_STORE_INDEX: return ((const ls_index *)obj)->id;
	case LS_STORE_VIEW: return ((const ls_view *)obj)->id;
	case LS_STORE_FUNCTION: return ((const ls_function *)obj)->id;
	default: return i;
	}
}

/* --- members and key --- */

/* The SHA-256 of one run of up to RUN object hashes, from the memo when
 * the run is the same entries as at the last key (entries never change,
 * so the same entries have the same hashes). */
static int run_digest(unsigned char out[32], ls_store_memo *m, ls_store_kind kind, size_t r,
		const ls_store_member *items, size_t n, ls_error *err)
{
	run_list *rs = &m->runs[kind];
	if (r < rs->n && rs->items[r].n == n) {
		size_t i = 0;
		while (i < n && rs->items[r].entries[i] == items[i].entry)
			i++;
		if (i == n) {
			memcpy(out, rs->items[r].digest, 32);
			return 0;
		}
	}
	ls_sha256 h;
	ls_sha256_init(&h);
	for (size_t i = 0; i < n; i++)
		ls_sha256_update(&h, items[i].entry->sha, 32);
	ls_sha256_final(&h, out);
	if (r >= rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		while (cap <= r)
			cap *= 2;
		run *grown = ls_realloc(rs->items, cap * sizeof *grown);
		if (!grown)
			return oom(err);
		rs->items = grown;
		rs->cap = cap;
	}
	run *x = &rs->items[r];
	for (size_t i = 0; i < n; i++)
		x->entries[i] = items[i].entry;
	x->n = n;
	memcpy(x->digest, out, 32);
	if (r >= rs->n)
		rs->n = r + 1;
	return 0;
}

static void put_le(ls_sha256 *h, uint64_t v)
{
	unsigned char num[8];
	for (int i = 0; i < 8; i++)
		num[i] = (unsigned char)(v >> (8 * i));
	ls_sha256_update(h, num, sizeof num);
}

/* The key: SHA-256 of a header, then kind by kind its name, its count and
 * the digests of its runs of RUN object hashes in catalog order, then
 * next_id. Runs keep a history walk from hashing every object hash of
 * every snapshot again: a run the last key had is not hashed again. */
static int key_of(ls_store_members *mb, ls_store_memo *m, uint64_t next_id, ls_error *err)
{
	static const char header[] = "lockstep snapshot 3\n";
	unsigned char d[32];
	ls_sha256 h;
	ls_sha256_init(&h);
	ls_sha256_update(&h, header, sizeof header - 1);
	size_t at = 0;
	for (int kind = 0; kind < LS_STORE_KINDS; kind++) {
		const char *name = ls_store_kind_names[kind];
		size_t count = mb->count[kind];
		/* a kind newer than version 3 counts only when used: the key of a
		 * catalog without it is the key version 3 gave */
		if ((kind == LS_STORE_DEFAULT_ACL || kind == LS_STORE_COLLATION) && count == 0) {
			m->runs[kind].n = 0;
			continue;
		}
		ls_sha256_update(&h, name, strlen(name) + 1);
		put_le(&h, count);
		for (size_t r = 0; r * RUN < count; r++) {
			size_t n = count - r * RUN < RUN ? count - r * RUN : RUN;
			int rc = run_digest(d, m, (ls_store_kind)kind, r, &mb->items[at + r * RUN], n, err);
			if (rc < 0)
				return rc;
			ls_sha256_update(&h, d, 32);
		}
		m->runs[kind].n = (count + RUN - 1) / RUN;
		at += count;
	}
	ls_sha256_update(&h, "next_id", 7);
	put_le(&h, next_id);
	ls_sha256_final(&h, d);
	to_hex(mb->key, d);
	return 0;
}

/* Append the objects of one kind: n items of size sz at items. */
static int add_kind(ls_store_members *mb, ls_store_memo *memo, ls_store_kind kind,
		const void *items, size_t n, size_t sz, ls_error *err)
{
	for (size_t i = 0; i < n; i++) {
		ls_store_member *x = &mb->items[mb->n];
		x->kind = kind;
		x->obj = (const char *)items + i * sz;
		int rc = entry_of(&x->entry, memo, kind, x->obj, id_of(kind, x->obj, i), err);
		if (rc < 0)
			return rc;
		mb->n++;
		mb->count[kind]++;
	}
	return 0;
}

#define ADD(kind, arr, n) add_kind(mb, memo, kind, cat->arr, cat->n, sizeof *cat->arr, err)

int ls_store_members_of(ls_store_members *mb, ls_store_memo *memo, const ls_catalog *cat,
		ls_error *err)
{
	int rc;
	memset(mb, 0, sizeof *mb);
	if (memo->bytes > MEMO_MAX_BYTES && !memo->pending)
		memo_clear(memo);
	/* shapes are of one catalog: the one saved last */
	unsigned long long serial = cat->arena ? ls_arena_serial(cat->arena) : 0;
	if (serial != memo->serial || !serial) {
		shapes_clear(memo);
		memo->serial = serial;
	}
	size_t total = cat->n_schemas + cat->n_extensions + cat->n_types + cat->n_sequences +
		cat->n_tables + cat->n_indexes + cat->n_views + cat->n_functions +
		cat->n_data_steps + cat->n_default_acls + cat->n_collations + 1;
	if (!(mb->items = ls_malloc(total * sizeof *mb->items)))
		return oom(err);
	if ((rc = ADD(LS_STORE_SCHEMA, schemas, n_schemas)) < 0 ||
			(rc = ADD(LS_STORE_EXTENSION, extensions, n_extensions)) < 0 ||
			(rc = ADD(LS_STORE_TYPE, types, n_types)) < 0 ||
			(rc = ADD(LS_STORE_SEQUENCE, sequences, n_sequences)) < 0 ||
			(rc = ADD(LS_STORE_TABLE, tables, n_tables)) < 0 ||
			(rc = ADD(LS_STORE_INDEX, indexes, n_indexes)) < 0 ||
			(rc = ADD(LS_STORE_VIEW, views, n_views)) < 0 ||
			(rc = ADD(LS_STORE_FUNCTION, functions, n_functions)) < 0 ||
			(rc = ADD(LS_STORE_DATA_STEP, data_steps, n_data_steps)) < 0 ||
			/* the search path is one object: the catalog stands for it */
			(rc = add_kind(mb, memo, LS_STORE_SEARCH_PATH, cat, 1, sizeof *cat, err)) < 0 ||
			(rc = ADD(LS_STORE_DEFAULT_ACL, default_acls, n_default_acls)) < 0 ||
			(rc = ADD(LS_STORE_COLLATION, collations, n_collations)) < 0)
		return rc;
	return key_of(mb, memo, cat->next_id, err);
}

int ls_catalog_snapshot_key(char out[65], ls_catalog *cat, ls_error *err)
{
	ls_store_memo *memo = NULL;
	ls_store_members mb = {0};
	int rc;
	out[0] = '\0';
	ls_catalog_sort(cat);
	if ((rc = ls_store_memo_new(&memo, err)) < 0 ||
			(rc = ls_store_members_of(&mb, memo, cat, err)) < 0)
		goto done;
	memcpy(out, mb.key, sizeof mb.key);
done:
	free(mb.items);
	ls_store_memo_free(memo);
	return rc;
}
