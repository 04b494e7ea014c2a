/* Sorted hash positions (lockstep/keymap.h). */
#include "lockstep/keymap.h"

#include <stdlib.h>

static uint64_t mix(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (h ^ 0xffu) * 1099511628211ull;
}

uint64_t ls_key_hash(const char *a, const char *b, const char *c)
{
	return mix(mix(mix(14695981039346656037ull, a), b), c);
}

static int by_hash_pos(const void *pa, const void *pb)
{
	const ls_keymap_entry *x = pa, *y = pb;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void ls_keymap_sort(ls_keymap *m)
{
	if (m->n > 1)
		qsort(m->e, m->n, sizeof *m->e, by_hash_pos);
}

size_t ls_keymap_first(const ls_keymap *m, uint64_t h)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->e[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
