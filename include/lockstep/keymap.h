/* lockstep — positions of an array's items sorted by a hash of their key,
 * for the lookups the script writer and the planner repeat once per
 * object (which, as linear scans, made a plan quadratic in the number of
 * tables).
 *
 * A keymap is a cache, never the truth: a lookup walks the entries whose
 * hash equals the key's, in array order, and the caller checks each item
 * against the key itself, so the answer is the first match the linear scan
 * would give. Nothing is ever printed in the keymap's order.
 *
 *     ls_keymap m = {.e = arena array of n entries, .n = n};
 *     for (i...) m.e[i] = (ls_keymap_entry){ls_key_hash(schema, name, NULL), i};
 *     ls_keymap_sort(&m);
 *     for (size_t k = ls_keymap_first(&m, h); k < m.n && m.e[k].hash == h; k++)
 *         ... m.e[k].pos ...
 */
#ifndef LOCKSTEP_KEYMAP_H
#define LOCKSTEP_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ls_keymap_entry {
	uint64_t hash;
	size_t pos;             /* the item's position in its array */
} ls_keymap_entry;

typedef struct ls_keymap {
	ls_keymap_entry *e;     /* owned by the caller (usually an arena) */
	size_t n;
} ls_keymap;

/* FNV-1a over up to three strings, each followed by a byte no UTF-8 text
 * holds; a NULL string hashes as an empty one. */
uint64_t ls_key_hash(const char *a, const char *b, const char *c);

/* Sort the entries by (hash, pos): equal hashes keep array order. */
void ls_keymap_sort(ls_keymap *m);

/* The first entry whose hash is h, or m->n when none is. */
size_t ls_keymap_first(const ls_keymap *m, uint64_t h);

#endif
