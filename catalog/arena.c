/* Arena allocation: bump allocation in chunks, freed whole. See arena.h. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/arena.h"
#include "lockstep/error.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	_Alignas(ALIGN) unsigned char data[];
} chunk;

struct ls_arena {
	chunk *head;
	bool failed;  /* an allocation failed: sticky, like SQLite's mallocFailed */
	unsigned long long serial;  /* ls_arena_serial */
};

/* The last serial given; atomic, as arenas may be made on any thread. */
static _Atomic unsigned long long last_serial;

static long fail_countdown;

void ls_alloc_fail_after(long countdown)
{
	fail_countdown = countdown;
}

/* True when the injected fault fires for this allocation. */
static int fault_fires(void)
{
	if (fail_countdown <= 0)
		return 0;
	if (--fail_countdown == 0)
		return 1;
	return 0;
}

void *ls_malloc(size_t size)
{
	if (fault_fires())
		return NULL;
	return malloc(size ? size : 1);
}

void *ls_realloc(void *p, size_t size)
{
	if (fault_fires())
		return NULL;
	return realloc(p, size ? size : 1);
}

int ls_arena_new(ls_arena **out)
{
	*out = ls_malloc(sizeof(ls_arena));
	if (!*out)
		return LS_ENOMEM;
	(*out)->head = NULL;
	(*out)->failed = false;
	(*out)->serial = atomic_fetch_add(&last_serial, 1) + 1;
	return 0;
}

void ls_arena_free(ls_arena *a)
{
	if (!a)
		return;
	chunk *c = a->head;
	while (c) {
		chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

static chunk *chunk_new(size_t size)
{
	chunk *c = ls_malloc(sizeof(chunk) + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

unsigned long long ls_arena_serial(const ls_arena *a)
{
	return a->serial;
}

bool ls_arena_failed(const ls_arena *a)
{
	return a->failed;
}

void ls_arena_set_failed(ls_arena *a)
{
	a->failed = true;
}

static void *arena_alloc(ls_arena *a, size_t size);

void *ls_arena_alloc(ls_arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	if (!p)
		a->failed = true;
	else
		memset(p, 0, size);
	return p;
}

void *ls_arena_alloc_raw(ls_arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	if (!p)
		a->failed = true;
#ifdef LS_ARENA_DEBUG
	else
		memset(p, 0xa5, size); /* whoever reads before writing sees junk */
#endif
	return p;
}

/* size bytes (rounded up to ALIGN) of uninitialized memory, or NULL. */
static void *arena_alloc(ls_arena *a, size_t size)
{
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
#ifdef LS_ARENA_DEBUG
	/* Every allocation its own block, so ASan sees overruns at once. */
	chunk *c = chunk_new(size);
	if (!c)
		return NULL;
	c->used = size;
	c->next = a->head;
	a->head = c;
	return c->data;
#else
	chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		/* Big requests get a chunk of their own behind the current one, so
		 * the current chunk keeps serving small ones. */
		if (size > CHUNK_SIZE / 4 && c) {
			chunk *big = chunk_new(size);
			if (!big)
				return NULL;
			big->used = size;
			big->next = c->next;
			c->next = big;
			return big->data;
		}
		c = chunk_new(size > CHUNK_SIZE ? size : CHUNK_SIZE);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	return p;
#endif
}

char *ls_arena_strndup(ls_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = ls_arena_alloc_raw(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ls_arena_strdup(ls_arena *a, const char *s)
{
	return s ? ls_arena_strndup(a, s, strlen(s)) : NULL;
}

char *ls_arena_printf(ls_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = ls_arena_alloc_raw(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}


/* Capacity of an array of n elements under ls_arena_push's growth rule. */
static size_t push_capacity(size_t n)
{
	size_t cap = 4;
	while (cap < n)
		cap *= 2;
	return cap;
}

void *ls_arena_push(ls_arena *a, void **items, size_t *n, size_t elem)
{
	if (*n == 0 || *n == push_capacity(*n)) {
		size_t ncap = *n == 0 ? 4 : *n * 2;
		unsigned char *p = ls_arena_alloc(a, ncap * elem);
		if (!p)
			return NULL;
		if (*n)
			memcpy(p, *items, *n * elem);
		*items = p;
	}
	unsigned char *last = (unsigned char *)*items + *n * elem;
	memset(last, 0, elem);
	(*n)++;
	return last;
}
