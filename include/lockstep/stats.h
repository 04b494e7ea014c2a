/* lockstep — table statistics of a live database (`lockstep stats`), for
 * the estimates of a plan (`plan --stats FILE`).
 *
 * What an estimate needs and nothing more: per table, partition and
 * materialized view its row counts and its heap, TOAST and index sizes,
 * dead rows and when it was last analyzed; per index its size; the server
 * version and the settings that change how long maintenance work takes.
 * No row data, no connection string, no user or host: the file can be
 * shared with a pull request's reviewers. docs/stats.md has the format. */
#ifndef LOCKSTEP_STATS_H
#define LOCKSTEP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockstep/arena.h"
#include "lockstep/error.h"

/* The format's version, the file's "lockstep_stats" member. */
#define LS_STATS_FORMAT 1

typedef struct ls_stats_table {
	const char *schema, *name;
	char kind;                   /* pg_class.relkind: r table, p partitioned, m materialized view */
	const char *parent_schema;   /* a partition's parent, or NULL */
	const char *parent_name;
	double rows;                 /* pg_class.reltuples: -1 never analyzed or vacuumed */
	int64_t live_rows;           /* pg_stat_all_tables.n_live_tup */
	int64_t dead_rows;           /* n_dead_tup */
	int64_t heap_bytes;          /* the main fork (0 for a partitioned table) */
	int64_t toast_bytes;         /* the TOAST table and its index */
	int64_t index_bytes;         /* all its indexes */
	const char *last_analyze;    /* the later of last_analyze and last_autoanalyze,
	                              * ISO 8601 in UTC, or NULL */
} ls_stats_table;

typedef struct ls_stats_index {
	const char *schema, *name, *table;
	const char *method;
	bool unique, primary;
	int64_t bytes;
} ls_stats_index;

typedef struct ls_stats {
	ls_arena *arena;             /* owns everything here */
	int server_version_num;      /* 150018 */
	const char *server_version;  /* "15.18 (Debian 15.18-0+deb12u1)" */
	const char *taken_at;        /* the transaction's start, ISO 8601 in UTC */
	int64_t database_bytes;
	int64_t block_size;
	int64_t maintenance_work_mem; /* bytes */
	int64_t work_mem;            /* bytes */
	int64_t shared_buffers;      /* bytes */
	int max_parallel_maintenance_workers;
	int max_parallel_workers;
	ls_stats_table *tables;      /* sorted by schema, name */
	size_t n_tables;
	ls_stats_index *indexes;     /* sorted by schema, name */
	size_t n_indexes;
} ls_stats;

/* Read the statistics of the database conninfo names (libpq), read-only,
 * in one short REPEATABLE READ transaction under a short lock_timeout
 * (the sizes take AccessShareLock on each relation until it ends).
 * LS_EENV when the server cannot be reached or a query fails (the message
 * names the database, never the connection string). */
int ls_stats_collect(ls_stats **out, const char *conninfo, ls_error *err);

/* The statistics as JSON (docs/stats.md): keys sorted, arrays in the
 * order above, two-space indent, a final newline. malloc'ed; NULL when out
 * of memory. */
char *ls_stats_to_json(const ls_stats *s);

/* Read a stats file written by ls_stats_to_json. LS_EINVAL, naming the
 * file and what is wrong (with the JSON's line and column), for a file
 * that is not one; LS_EIO when it cannot be read. */
int ls_stats_load(ls_stats **out, const char *path, ls_error *err);

/* The same for the text of one (len bytes), path naming it in messages. */
int ls_stats_parse(ls_stats **out, const char *text, size_t len, const char *path,
		ls_error *err);

/* The table schema.name, or NULL. */
const ls_stats_table *ls_stats_find_table(const ls_stats *s, const char *schema, const char *name);

void ls_stats_free(ls_stats *s);

#endif
