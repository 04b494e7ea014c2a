/* What the extensions that ship with PostgreSQL 15 add to a schema, as far
 * as names in expressions and indexes go: functions and operator classes
 * the server prints schema-qualified (they live in the extension's schema,
 * not in pg_catalog), and the default operator classes of built-in types,
 * which pg_get_indexdef leaves out. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <string.h>

typedef struct ext_object {
	const char *extension;
	char kind;            /* f function, o operator class */
	const char *name;
} ext_object;

static const ext_object ext_objects[] = {
	{"pgcrypto", 'f', "digest"}, {"pgcrypto", 'f', "hmac"}, {"pgcrypto", 'f', "crypt"},
	{"pgcrypto", 'f', "gen_salt"}, {"pgcrypto", 'f', "gen_random_bytes"},
	{"pgcrypto", 'f', "encrypt"}, {"pgcrypto", 'f', "decrypt"},
	{"pgcrypto", 'f', "pgp_sym_encrypt"}, {"pgcrypto", 'f', "pgp_sym_decrypt"},
	{"uuid-ossp", 'f', "uuid_generate_v1"}, {"uuid-ossp", 'f', "uuid_generate_v1mc"},
	{"uuid-ossp", 'f', "uuid_generate_v3"}, {"uuid-ossp", 'f', "uuid_generate_v4"},
	{"uuid-ossp", 'f', "uuid_generate_v5"}, {"uuid-ossp", 'f', "uuid_nil"},
	{"uuid-ossp", 'f', "uuid_ns_dns"}, {"uuid-ossp", 'f', "uuid_ns_url"},
	{"uuid-ossp", 'f', "uuid_ns_oid"}, {"uuid-ossp", 'f', "uuid_ns_x500"},
	{"pg_trgm", 'f', "similarity"}, {"pg_trgm", 'f', "word_similarity"},
	{"pg_trgm", 'f', "strict_word_similarity"}, {"pg_trgm", 'f', "show_trgm"},
	{"pg_trgm", 'o', "gin_trgm_ops"}, {"pg_trgm", 'o', "gist_trgm_ops"},
	{"hstore", 'f', "hstore"}, {"hstore", 'f', "akeys"}, {"hstore", 'f', "avals"},
	{"hstore", 'f', "skeys"}, {"hstore", 'f', "svals"}, {"hstore", 'f', "hstore_to_json"},
	{"hstore", 'o', "gist_hstore_ops"}, {"hstore", 'o', "gin_hstore_ops"},
	{"citext", 'o', "citext_ops"}, {"citext", 'o', "citext_pattern_ops"},
	{"btree_gist", 'o', "gist_int4_ops"}, {"btree_gist", 'o', "gist_int8_ops"},
	{"btree_gist", 'o', "gist_int2_ops"}, {"btree_gist", 'o', "gist_text_ops"},
	{"btree_gist", 'o', "gist_uuid_ops"}, {"btree_gist", 'o', "gist_timestamptz_ops"},
	{"btree_gist", 'o', "gist_timestamp_ops"}, {"btree_gist", 'o', "gist_date_ops"},
	{"btree_gist", 'o', "gist_numeric_ops"},
};

const char *ls_extension_object_schema(ls_catalog *cat, char kind, const char *name)
{
	for (size_t i = 0; i < sizeof ext_objects / sizeof ext_objects[0]; i++) {
		if (ext_objects[i].kind != kind || strcmp(ext_objects[i].name, name))
			continue;
		for (size_t j = 0; j < cat->n_extensions; j++)
			if (!strcmp(cat->extensions[j].name, ext_objects[i].extension))
				return cat->extensions[j].schema;
	}
	return NULL;
}

/* Default operator classes: (method, type prefix) → opclass name. A type
 * prefix ending in "[]" matches any array type. */
static const struct {
	const char *method;
	const char *type;
	const char *opclass;
} default_opclasses[] = {
	{"btree", "integer", "int4_ops"}, {"btree", "bigint", "int8_ops"},
	{"btree", "smallint", "int2_ops"}, {"btree", "text", "text_ops"},
	{"btree", "character varying", "text_ops"}, {"btree", "character", "bpchar_ops"},
	{"btree", "uuid", "uuid_ops"}, {"btree", "date", "date_ops"},
	{"btree", "timestamp with time zone", "timestamptz_ops"},
	{"btree", "timestamp without time zone", "timestamp_ops"},
	{"btree", "numeric", "numeric_ops"}, {"btree", "boolean", "bool_ops"},
	{"btree", "bytea", "bytea_ops"}, {"btree", "double precision", "float8_ops"},
	{"btree", "real", "float4_ops"}, {"btree", "jsonb", "jsonb_ops"},
	{"btree", "inet", "inet_ops"}, {"btree", "interval", "interval_ops"},
	{"hash", "integer", "int4_ops"}, {"hash", "bigint", "int8_ops"},
	{"hash", "text", "text_ops"}, {"hash", "uuid", "uuid_ops"},
	{"gin", "jsonb", "jsonb_ops"}, {"gin", "tsvector", "tsvector_ops"},
	{"gin", "[]", "array_ops"}, {"gist", "tsvector", "tsvector_ops"},
	{"gist", "inet", "inet_ops"}, {"spgist", "text", "text_ops"},
};

bool ls_is_default_opclass(const char *method, const char *type, const char *opclass)
{
	if (!type || !opclass)
		return false;
	size_t tl = strlen(type);
	for (size_t i = 0; i < sizeof default_opclasses / sizeof default_opclasses[0]; i++) {
		const char *t = default_opclasses[i].type;
		bool match = !strcmp(t, "[]") ? tl > 2 && !strcmp(type + tl - 2, "[]") :
			!strncmp(type, t, strlen(t)) && (type[strlen(t)] == '\0' || type[strlen(t)] == '(');
		if (match && !strcmp(default_opclasses[i].method, method) &&
				!strcmp(default_opclasses[i].opclass, opclass))
			return true;
	}
	return false;
}
