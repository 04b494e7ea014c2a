/* lockstep — the SQLite snapshot store.
 *
 * A store is one SQLite file holding catalog snapshots, queryable with the
 * plain sqlite3 shell. Each object (a table with its columns, constraints,
 * triggers, policies and grants; an index; a view; ...) is stored once, in
 * normalized tables, under the SHA-256 of its rows; a snapshot is a row and
 * the lists of its objects, and views named as the tables of earlier
 * versions (tables, columns, constraints, ...) show every snapshot's rows.
 * A snapshot's key is the SHA-256 of its objects' hashes, in catalog order
 * (in runs of 64), and next_id: equal catalogs (content, identities, search path, data
 * steps) have one key, any difference gives another, so saving the same
 * catalog twice stores it once. The schema version lives in PRAGMA
 * user_version and older versions are upgraded on open (their snapshots
 * keep their keys); the file runs in WAL mode and each snapshot is written
 * in one transaction.
 */
#ifndef LOCKSTEP_STORE_H
#define LOCKSTEP_STORE_H

#include "lockstep/catalog.h"
#include "lockstep/error.h"

typedef struct ls_store ls_store;

/* Open (creating if missing) the store at path. A file that is not a
 * lockstep store, or is corrupt, or comes from a newer lockstep gives
 * LS_EIO with a message naming the file. So does a symbolic link (or
 * anything but a regular file) at path or at the names of its SQLite
 * sidecars (path-wal, path-shm, path-journal): a planted link would send
 * the store's writes into the file it points to. Links among the folders
 * above path are followed. */
int ls_store_open(ls_store **out, const char *path, ls_error *err);

/* Close the store. Accepts NULL. */
void ls_store_close(ls_store *st);

/* Save cat as a snapshot; writes its key (64 hex chars + NUL) to key.
 * Saving a catalog whose key is already stored changes nothing. */
int ls_store_save(char key[65], ls_store *st, ls_catalog *cat, ls_error *err);

/* Load the snapshot with the given key into a new catalog (*out, freed with
 * ls_catalog_free). LS_ENOTFOUND when there is none. */
int ls_store_load(ls_catalog **out, ls_store *st, const char *key, ls_error *err);

#endif
