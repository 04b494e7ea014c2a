/* Private to catalog/: the protobuf wire format of parse trees, read and
 * written without recursion (parse_wire.c). */
#ifndef LS_CATALOG_PARSE_WIRE_H
#define LS_CATALOG_PARSE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "lockstep/buf.h"

/* Read a varint of b at *at (not past end), advancing *at. False when it
 * runs past end or over ten bytes. */
bool ls_wire_varint(const uint8_t *b, size_t end, size_t *at, uint64_t *v);

enum { LS_WIRE_OK = 0, LS_WIRE_TOO_DEEP = 1, LS_WIRE_MALFORMED = 2, LS_WIRE_NOMEM = 3 };

/* Walk the len bytes at b, a packed message of type desc, with an explicit
 * stack: LS_WIRE_TOO_DEEP when messages nest more than limit levels below
 * it (the top message is level 0), LS_WIRE_MALFORMED when the bytes are no
 * wire format, LS_WIRE_NOMEM, or LS_WIRE_OK. protobuf-c's unpack and every
 * walk of the unpacked tree recurse once per level (at least). */
int ls_wire_depth(const ProtobufCMessageDescriptor *desc, const uint8_t *b, size_t len,
		int limit);

/* One RawStmt at the top level of a packed ParseResult. */
typedef struct ls_wire_stmt {
	bool present;           /* false at the end of the result */
	const uint8_t *raw;     /* the packed RawStmt */
	size_t raw_len;
	const uint8_t *node;    /* its packed Node (field 1), or NULL */
	size_t node_len;
	int64_t location;       /* stmt_location, stmt_len (0 when absent) */
	int64_t length;
} ls_wire_stmt;

/* The next RawStmt of the ParseResult b[0, len) from *at, skipping other
 * fields; *at moves past it. False when the bytes are malformed; at the end
 * true with out->present false. */
bool ls_wire_next_stmt(const uint8_t *b, size_t len, size_t *at, ls_wire_stmt *out);

/* Append a ParseResult's version field / a RawStmt holding s's node with
 * the given location and length, to w (w->failed on out of memory). The
 * concatenation of fields is itself a ParseResult. */
void ls_wire_put_version(ls_buf *w, int32_t version);
void ls_wire_put_stmt(ls_buf *w, const ls_wire_stmt *s, uint64_t location, uint64_t length);

#endif
