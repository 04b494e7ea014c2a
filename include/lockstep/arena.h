/* lockstep — arena allocation.
 *
 * Every catalog (and later every plan) owns one arena; everything hanging
 * off it is freed at once by ls_arena_free. With LS_ARENA_DEBUG defined at
 * build time each allocation is its own malloc, so ASan and valgrind see
 * every one. Allocation failure returns NULL; callers turn that into
 * LS_ENOMEM.
 */
#ifndef LOCKSTEP_ARENA_H
#define LOCKSTEP_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_arena ls_arena;

/* Create an arena. Returns 0 or LS_ENOMEM; *out is NULL on failure. */
int ls_arena_new(ls_arena **out);

/* Free the arena and everything allocated from it. Accepts NULL. */
void ls_arena_free(ls_arena *a);

/* A number no other arena of this process had (from 1 up): caches keyed
 * by addresses of arena memory use it to tell a freed arena from a new one
 * that happens to get the same addresses. */
unsigned long long ls_arena_serial(const ls_arena *a);

/* True once any allocation from the arena has failed. Callers that store
 * many allocations check this once at the end of a unit of work (a
 * statement) instead of after every strdup. */
bool ls_arena_failed(const ls_arena *a);

/* Mark the arena failed: memory for something meant to live in it (built
 * elsewhere first) ran out, and the unit of work must fail too. */
void ls_arena_set_failed(ls_arena *a);

/* Zeroed memory of size bytes, aligned for any type, or NULL. */
void *ls_arena_alloc(ls_arena *a, size_t size);

/* The same, not zeroed: for blocks the caller writes whole before reading
 * (string copies, protobuf-c's unpacked messages). With LS_ARENA_DEBUG the
 * bytes are 0xa5, so a reader that counted on zeros shows up in tests. */
void *ls_arena_alloc_raw(ls_arena *a, size_t size);

/* Copies of strings; NULL in gives NULL out (not an error). */
char *ls_arena_strdup(ls_arena *a, const char *s);
char *ls_arena_strndup(ls_arena *a, const char *s, size_t n);

/* printf into the arena; NULL on out of memory. */
char *ls_arena_printf(ls_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Append one zeroed element to the arena array *items of *n elements of
 * size elem, growing it to the next power of two when full (the capacity is
 * derived from *n, so arrays need no capacity field). Returns the new
 * element or NULL. Growing moves the array: pointers into it go stale. */
void *ls_arena_push(ls_arena *a, void **items, size_t *n, size_t elem);

/* Fault injection for tests: when countdown > 0, the countdown-th
 * allocation from now on (counting every arena and every malloc made through
 * ls_malloc) fails. 0 disables. */
void ls_alloc_fail_after(long countdown);

/* malloc/realloc that honour ls_alloc_fail_after. */
void *ls_malloc(size_t size);
void *ls_realloc(void *p, size_t size);

#endif
