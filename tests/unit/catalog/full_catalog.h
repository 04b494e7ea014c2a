/* A catalog with every field of the model set, for the store's tests.
 *
 * Fields of one struct never hold the same value in every element (two
 * booleans are true together in one element and differ in another), so a
 * store that swapped two columns would show in a comparison. Elements are
 * in construction order (not sorted); tests index them that way:
 * schemas public, "Fancy ...", ""; tables events, events_2024, "Fancy
 * ..."."Ref"; indexes events_idx, plain_idx; views mv, v; functions audit,
 * p; types mood, money2, pair; sequences events_id_seq, plain_seq.
 */
#ifndef LS_TESTS_FULL_CATALOG_H
#define LS_TESTS_FULL_CATALOG_H

#include <stddef.h>

#include "lockstep/catalog.h"

/* A new full catalog (cmocka fails the test on out of memory). Default
 * privileges: the running role's global FUNCTIONS entry, a schema's TABLES
 * entry of another role. */
ls_catalog *full_catalog(void);

/* full_catalog() without what store version 4 added (type grants beyond
 * the built-in PUBLIC USAGE, attribute, check and view column comments,
 * triggers on views, transition tables, default privileges): how a store
 * of versions 1 to 3 holding full_catalog() of then loads. */
ls_catalog *full_catalog_v3(void);

/* s copied into cat's arena (NULL stays NULL). */
const char *S(ls_catalog *cat, const char *s);

/* The end of a strs() list. */
extern const char END[];

/* Append strings (NULL entries kept) to a list, up to END. */
void strs(ls_catalog *cat, const char ***arr, size_t *n, ...);

#endif
