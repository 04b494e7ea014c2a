/* lockstep — string comparisons the catalog writers and the planner share. */
#ifndef LOCKSTEP_STR_H
#define LOCKSTEP_STR_H

#include <stdbool.h>
#include <string.h>

/* Both present and equal. */
static inline bool ls_same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Equal, or both absent. */
static inline bool ls_same_or_null(const char *a, const char *b)
{
	return (!a && !b) || ls_same(a, b);
}

#endif
