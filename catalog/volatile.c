/* Whether a stored expression may call a volatile function: ADD COLUMN
 * with such a default rewrites the table (the server cannot store one value
 * for the rows already there), any other default is kept as the "missing"
 * value of the existing rows without a rewrite. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "parse.h"
#include "lockstep/str.h"

#include <protobuf-c/protobuf-c.h>
#include <stdlib.h>
#include <string.h>

/* The functions of PostgreSQL 15's pg_catalog whose pg_proc.provolatile is
 * 'v', by name, sorted (bsearch):
 *   SELECT DISTINCT proname FROM pg_proc
 *   WHERE provolatile = 'v' AND pronamespace = 'pg_catalog'::regnamespace;
 * tests/pg/volatile_functions.sh checks the list against the server.
 * BEGIN builtin volatile */
static const char *const builtin_volatile[] = {
	"RI_FKey_cascade_del", "RI_FKey_cascade_upd", "RI_FKey_check_ins", "RI_FKey_check_upd",
	"RI_FKey_noaction_del", "RI_FKey_noaction_upd", "RI_FKey_restrict_del",
	"RI_FKey_restrict_upd", "RI_FKey_setdefault_del", "RI_FKey_setdefault_upd",
	"RI_FKey_setnull_del", "RI_FKey_setnull_upd", "amvalidate", "bernoulli",
	"binary_upgrade_create_empty_extension", "binary_upgrade_set_missing_value",
	"binary_upgrade_set_next_array_pg_type_oid",
	"binary_upgrade_set_next_heap_pg_class_oid",
	"binary_upgrade_set_next_heap_relfilenode",
	"binary_upgrade_set_next_index_pg_class_oid",
	"binary_upgrade_set_next_index_relfilenode",
	"binary_upgrade_set_next_multirange_array_pg_type_oid",
	"binary_upgrade_set_next_multirange_pg_type_oid",
	"binary_upgrade_set_next_pg_authid_oid", "binary_upgrade_set_next_pg_enum_oid",
	"binary_upgrade_set_next_pg_tablespace_oid", "binary_upgrade_set_next_pg_type_oid",
	"binary_upgrade_set_next_toast_pg_class_oid",
	"binary_upgrade_set_next_toast_relfilenode", "binary_upgrade_set_record_init_privs",
	"brin_desummarize_range", "brin_summarize_new_values", "brin_summarize_range",
	"brinhandler", "bthandler", "clock_timestamp", "current_query", "currtid2", "currval",
	"cursor_to_xml", "cursor_to_xmlschema", "dsnowball_init", "dsnowball_lexize",
	"gen_random_uuid", "gin_clean_pending_list", "ginhandler", "gisthandler",
	"hashhandler", "heap_tableam_handler", "lastval", "lo_close", "lo_creat", "lo_create",
	"lo_export", "lo_from_bytea", "lo_get", "lo_import", "lo_lseek", "lo_lseek64",
	"lo_open", "lo_put", "lo_tell", "lo_tell64", "lo_truncate", "lo_truncate64",
	"lo_unlink", "loread", "lowrite", "nextval", "pg_advisory_lock",
	"pg_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_all",
	"pg_advisory_unlock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
	"pg_backup_start", "pg_backup_stop", "pg_blocking_pids", "pg_cancel_backend",
	"pg_collation_actual_version", "pg_control_checkpoint", "pg_control_init",
	"pg_control_recovery", "pg_control_system", "pg_copy_logical_replication_slot",
	"pg_copy_physical_replication_slot", "pg_create_logical_replication_slot",
	"pg_create_physical_replication_slot", "pg_create_restore_point", "pg_current_logfile",
	"pg_current_wal_flush_lsn", "pg_current_wal_insert_lsn", "pg_current_wal_lsn",
	"pg_database_collation_actual_version", "pg_database_size", "pg_drop_replication_slot",
	"pg_export_snapshot", "pg_extension_config_dump", "pg_get_backend_memory_contexts",
	"pg_get_multixact_members", "pg_get_shmem_allocations",
	"pg_get_wal_replay_pause_state", "pg_get_wal_resource_managers", "pg_hba_file_rules",
	"pg_ident_file_mappings", "pg_import_system_collations", "pg_indexes_size",
	"pg_is_in_recovery", "pg_is_wal_replay_paused", "pg_isolation_test_session_is_blocked",
	"pg_jit_available", "pg_last_committed_xact", "pg_last_wal_receive_lsn",
	"pg_last_wal_replay_lsn", "pg_last_xact_replay_timestamp", "pg_lock_status",
	"pg_log_backend_memory_contexts", "pg_logical_emit_message",
	"pg_logical_slot_get_binary_changes", "pg_logical_slot_get_changes",
	"pg_logical_slot_peek_binary_changes", "pg_logical_slot_peek_changes",
	"pg_ls_archive_statusdir", "pg_ls_dir", "pg_ls_logdir", "pg_ls_logicalmapdir",
	"pg_ls_logicalsnapdir", "pg_ls_replslotdir", "pg_ls_tmpdir", "pg_ls_waldir",
	"pg_nextoid", "pg_notification_queue_usage", "pg_notify", "pg_partition_ancestors",
	"pg_partition_tree", "pg_prepared_xact", "pg_promote", "pg_read_binary_file",
	"pg_read_file", "pg_read_file_old", "pg_relation_size", "pg_reload_conf",
	"pg_replication_origin_advance", "pg_replication_origin_create",
	"pg_replication_origin_drop", "pg_replication_origin_progress",
	"pg_replication_origin_session_is_setup", "pg_replication_origin_session_progress",
	"pg_replication_origin_session_reset", "pg_replication_origin_session_setup",
	"pg_replication_origin_xact_reset", "pg_replication_origin_xact_setup",
	"pg_replication_slot_advance", "pg_rotate_logfile", "pg_rotate_logfile_old",
	"pg_safe_snapshot_blocking_pids", "pg_sequence_last_value",
	"pg_show_all_file_settings", "pg_show_replication_origin_status", "pg_sleep",
	"pg_sleep_for", "pg_sleep_until", "pg_stat_clear_snapshot", "pg_stat_file",
	"pg_stat_force_next_flush", "pg_stat_get_recovery_prefetch",
	"pg_stat_get_xact_blocks_fetched", "pg_stat_get_xact_blocks_hit",
	"pg_stat_get_xact_function_calls", "pg_stat_get_xact_function_self_time",
	"pg_stat_get_xact_function_total_time", "pg_stat_get_xact_numscans",
	"pg_stat_get_xact_tuples_deleted", "pg_stat_get_xact_tuples_fetched",
	"pg_stat_get_xact_tuples_hot_updated", "pg_stat_get_xact_tuples_inserted",
	"pg_stat_get_xact_tuples_returned", "pg_stat_get_xact_tuples_updated",
	"pg_stat_have_stats", "pg_stat_reset", "pg_stat_reset_replication_slot",
	"pg_stat_reset_shared", "pg_stat_reset_single_function_counters",
	"pg_stat_reset_single_table_counters", "pg_stat_reset_slru",
	"pg_stat_reset_subscription_stats", "pg_stop_making_pinned_objects", "pg_switch_wal",
	"pg_table_size", "pg_tablespace_size", "pg_terminate_backend",
	"pg_total_relation_size", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
	"pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared", "pg_wal_replay_pause",
	"pg_wal_replay_resume", "pg_xact_commit_timestamp", "pg_xact_commit_timestamp_origin",
	"pg_xact_status", "plpgsql_call_handler", "plpgsql_inline_handler",
	"plpgsql_validator", "query_to_xml", "query_to_xml_and_xmlschema",
	"query_to_xmlschema", "random", "set_config", "setseed", "setval", "spghandler",
	"suppress_redundant_updates_trigger", "system", "timeofday", "ts_rewrite", "ts_stat",
	"tsvector_update_trigger", "tsvector_update_trigger_column", "txid_status",
	"unique_key_recheck",
};
/* END builtin volatile */

/* The volatile functions of the extensions lockstep knows (catalog/
 * extensions.c), which live in the schema the extension is installed in:
 * "extension function", sorted; checked by the same test.
 * BEGIN extension volatile */
static const char *const extension_volatile[] = {
	"pg_trgm set_limit", "pgcrypto gen_random_bytes", "pgcrypto gen_random_uuid",
	"pgcrypto gen_salt", "pgcrypto pgp_pub_encrypt", "pgcrypto pgp_pub_encrypt_bytea",
	"pgcrypto pgp_sym_encrypt", "pgcrypto pgp_sym_encrypt_bytea",
	"uuid-ossp uuid_generate_v1", "uuid-ossp uuid_generate_v1mc",
	"uuid-ossp uuid_generate_v4",
};
/* END extension volatile */

static int cmp_name(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

static bool builtin(const char *name)
{
	return bsearch(name, builtin_volatile, sizeof builtin_volatile / sizeof *builtin_volatile,
			sizeof *builtin_volatile, cmp_name) != NULL;
}

static bool from_extension(const char *name)
{
	for (size_t i = 0; i < sizeof extension_volatile / sizeof *extension_volatile; i++) {
		const char *sp = strchr(extension_volatile[i], ' ');
		if (sp && !strcmp(sp + 1, name))
			return true;
	}
	return false;
}

/* Whether a call of schema.name (schema NULL: unqualified) may be of a
 * volatile function. Overloads are not resolved: a name with any volatile
 * overload counts as volatile, and so does an unqualified name any schema
 * of the catalog has a volatile function of (the search_path is the
 * session's). pg_catalog comes first on every search_path. */
static bool call_volatile(const ls_catalog *cat, const char *schema, const char *name)
{
	if ((!schema || !strcmp(schema, "pg_catalog")) && builtin(name))
		return true;
	if (from_extension(name))
		return true;
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		if (f->volatility == 'v' && ls_same(f->name, name) &&
				(!schema || ls_same(f->schema, schema)))
			return true;
	}
	return false;
}

static const char *string_of(const pgnode *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string ? n->string->sval :
		NULL;
}

/* Whether the tree under m calls a volatile function; a tree nested
 * deeper than the parser allows is answered true. */
static bool walk(const ls_catalog *cat, const ProtobufCMessage *m, int depth)
{
	if (!m)
		return false;
	if (depth > LS_PARSE_MAX_DEPTH + 8)
		return true;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *fc = (const PgQuery__FuncCall *)m;
		const char *name = fc->n_funcname ? string_of(fc->funcname[fc->n_funcname - 1]) : NULL;
		const char *schema = fc->n_funcname >= 2 ? string_of(fc->funcname[fc->n_funcname - 2]) :
			NULL;
		if (!name || call_volatile(cat, schema, name))
			return true;
	}
	if (d == &pg_query__node__descriptor) {
		const pgnode *n = (const pgnode *)m;
		const ProtobufCFieldDescriptor *f = n->node_case ?
			protobuf_c_message_descriptor_get_field(d, (unsigned)n->node_case) : NULL;
		/* every member of the oneof is a message */
		return f && walk(cat, *(const ProtobufCMessage *const *)((const char *)m + f->offset),
				depth + 1);
	}
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		const char *base = (const char *)m;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			const ProtobufCMessage *const *items =
				*(const ProtobufCMessage *const *const *)(base + f->offset);
			for (size_t k = 0; k < n; k++)
				if (walk(cat, items[k], depth + 1))
					return true;
		} else if (walk(cat, *(const ProtobufCMessage *const *)(base + f->offset), depth + 1)) {
			return true;
		}
	}
	return false;
}

bool ls_expr_volatile(const ls_catalog *cat, const char *expr)
{
	if (!expr)
		return false;
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_expr(expr, &root);
	/* what cannot be read may be anything */
	bool v = !r || walk(cat, &root->base, 0);
	ls_expr_free(r);
	return v;
}
