/* The protobuf wire format of libpg_query's parse trees, read without
 * recursion: how deep a tree nests (before protobuf-c's recursive unpack
 * meets it), and the top level of a ParseResult, one RawStmt at a time. */
#include "parse_wire.h"

#include <stdlib.h>

bool ls_wire_varint(const uint8_t *b, size_t end, size_t *at, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*at >= end)
			return false;
		uint8_t c = b[(*at)++];
		x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

/* Skip the value of a field of wire type wt at *at; false when it does not
 * fit in end or the type is not one protobuf-c writes. For wire type 2 the
 * payload is [*start, *at) afterwards. */
static bool skip_value(const uint8_t *b, size_t end, size_t *at, unsigned wt, size_t *start)
{
	uint64_t v;
	switch (wt) {
	case 0:
		return ls_wire_varint(b, end, at, &v);
	case 1:
		if (end - *at < 8)
			return false;
		*at += 8;
		return true;
	case 5:
		if (end - *at < 4)
			return false;
		*at += 4;
		return true;
	case 2:
		if (!ls_wire_varint(b, end, at, &v) || v > end - *at)
			return false;
		*start = *at;
		*at += (size_t)v;
		return true;
	default:
		return false;
	}
}

typedef struct frame {
	const ProtobufCMessageDescriptor *desc;
	size_t end;
} frame;

int ls_wire_depth(const ProtobufCMessageDescriptor *desc, const uint8_t *b, size_t len,
		int limit)
{
	/* Each open message is one frame; the walk holds at most limit + 1
	 * of them, so deep input costs a bounded, heap-allocated stack. */
	frame *st = malloc(sizeof *st * ((size_t)limit + 1));
	if (!st)
		return LS_WIRE_NOMEM;
	int depth = 0, rc = LS_WIRE_OK;
	size_t at = 0;
	st[0] = (frame){desc, len};
	for (;;) {
		while (depth > 0 && at == st[depth].end)
			depth--;
		if (depth == 0 && at == len)
			break;
		uint64_t tag;
		size_t start = 0;
		if (!ls_wire_varint(b, st[depth].end, &at, &tag) ||
				!skip_value(b, st[depth].end, &at, (unsigned)(tag & 7), &start)) {
			rc = LS_WIRE_MALFORMED;
			break;
		}
		if ((tag & 7) != 2 || tag >> 3 > 0x1fffffff)
			continue;
		const ProtobufCFieldDescriptor *f =
			protobuf_c_message_descriptor_get_field(st[depth].desc, (unsigned)(tag >> 3));
		if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (depth == limit) {
			rc = LS_WIRE_TOO_DEEP;
			break;
		}
		/* step into the message: its fields come next */
		st[++depth] = (frame){f->descriptor, at};
		at = start;
	}
	free(st);
	return rc;
}

bool ls_wire_next_stmt(const uint8_t *b, size_t len, size_t *at, ls_wire_stmt *out)
{
	while (*at < len) {
		uint64_t tag;
		size_t start = 0;
		if (!ls_wire_varint(b, len, at, &tag) ||
				!skip_value(b, len, at, (unsigned)(tag & 7), &start))
			return false;
		/* ParseResult: 1 version, 2 stmts (RawStmt) */
		if (tag != ((2 << 3) | 2))
			continue;
		*out = (ls_wire_stmt){.raw = b + start, .raw_len = *at - start};
		size_t r = start;
		while (r < *at) {
			uint64_t t, v = 0;
			size_t s = 0;
			if (!ls_wire_varint(b, *at, &r, &t))
				return false;
			/* RawStmt: 1 stmt (Node), 2 stmt_location, 3 stmt_len */
			if (t == ((2 << 3) | 0) || t == ((3 << 3) | 0)) {
				if (!ls_wire_varint(b, *at, &r, &v) || v > INT32_MAX)
					return false;
				if (t >> 3 == 2)
					out->location = (int64_t)v;
				else
					out->length = (int64_t)v;
			} else if (!skip_value(b, *at, &r, (unsigned)(t & 7), &s)) {
				return false;
			} else if (t == ((1 << 3) | 2)) {
				out->node = b + s;
				out->node_len = r - s;
			}
		}
		out->present = true;
		return true;
	}
	out->present = false;
	return true;
}

/* Append varint v to w. */
static void put_varint(ls_buf *w, uint64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	ls_buf_putn(w, (const char *)tmp, n);
}

void ls_wire_put_version(ls_buf *w, int32_t version)
{
	put_varint(w, (1 << 3) | 0);
	put_varint(w, (uint64_t)(uint32_t)version);
}

/* Bytes of varint v. */
static uint64_t varint_len(uint64_t v)
{
	uint64_t n = 1;
	while (v > 0x7f) {
		v >>= 7;
		n++;
	}
	return n;
}

void ls_wire_put_stmt(ls_buf *w, const ls_wire_stmt *s, uint64_t location, uint64_t length)
{
	/* proto3: a zero scalar is not written */
	uint64_t body = (s->node ? 1 + varint_len(s->node_len) + s->node_len : 0) +
		(location ? 1 + varint_len(location) : 0) + (length ? 1 + varint_len(length) : 0);
	put_varint(w, (2 << 3) | 2);
	put_varint(w, body);
	if (s->node) {
		put_varint(w, (1 << 3) | 2);
		put_varint(w, s->node_len);
		ls_buf_putn(w, (const char *)s->node, s->node_len);
	}
	if (location) {
		put_varint(w, (2 << 3) | 0);
		put_varint(w, location);
	}
	if (length) {
		put_varint(w, (3 << 3) | 0);
		put_varint(w, length);
	}
}
