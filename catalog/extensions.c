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
	char kind;            /* f function, o operator class, t type */
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
	{"citext", 't', "citext"}, {"hstore", 't', "hstore"},
};

const char *ls_extension_object_at(size_t i, const char *extension, char kind)
{
	for (size_t j = 0, k = 0; j < sizeof ext_objects / sizeof ext_objects[0]; j++)
		if (ext_objects[j].kind == kind && !strcmp(ext_objects[j].extension, extension) && k++ == i)
			return ext_objects[j].name;
	return NULL;
}

/* btree_gist's default operator classes: gist over a scalar type. */
static const struct {
	const char *type;
	const char *opclass;
} btree_gist_defaults[] = {
	{"smallint", "gist_int2_ops"}, {"integer", "gist_int4_ops"}, {"bigint", "gist_int8_ops"},
	{"real", "gist_float4_ops"}, {"double precision", "gist_float8_ops"},
	{"numeric", "gist_numeric_ops"}, {"text", "gist_text_ops"},
	{"character varying", "gist_text_ops"}, {"character", "gist_bpchar_ops"},
	{"bytea", "gist_bytea_ops"}, {"bit", "gist_bit_ops"}, {"bit varying", "gist_vbit_ops"},
	{"uuid", "gist_uuid_ops"}, {"date", "gist_date_ops"},
	{"timestamp without time zone", "gist_timestamp_ops"},
	{"timestamp with time zone", "gist_timestamptz_ops"},
	{"time without time zone", "gist_time_ops"}, {"time with time zone", "gist_timetz_ops"},
	{"interval", "gist_interval_ops"}, {"oid", "gist_oid_ops"}, {"money", "gist_cash_ops"},
	{"macaddr", "gist_macaddr_ops"}, {"macaddr8", "gist_macaddr8_ops"},
	{"boolean", "gist_bool_ops"},
};

const char *ls_btree_gist_default_opclass(const char *type)
{
	char base[128];
	if (!type)
		return NULL;
	ls_type_base(type, base, sizeof base);
	for (size_t i = 0; i < sizeof btree_gist_defaults / sizeof btree_gist_defaults[0]; i++)
		if (!strcmp(btree_gist_defaults[i].type, base))
			return btree_gist_defaults[i].opclass;
	return NULL;
}

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

/* PostgreSQL 15's own operator classes by access method (pg_opclass of a
 * fresh cluster). */
static const struct {
	const char *method;
	const char *names;   /* space-separated, with a space at each end */
} builtin_opclasses[] = {
	{"brin",
		" bit_minmax_ops box_inclusion_ops bpchar_bloom_ops bpchar_minmax_ops"
		" bytea_bloom_ops bytea_minmax_ops char_bloom_ops char_minmax_ops date_bloom_ops"
		" date_minmax_multi_ops date_minmax_ops float4_bloom_ops float4_minmax_multi_ops"
		" float4_minmax_ops float8_bloom_ops float8_minmax_multi_ops float8_minmax_ops"
		" inet_bloom_ops inet_inclusion_ops inet_minmax_multi_ops inet_minmax_ops"
		" int2_bloom_ops int2_minmax_multi_ops int2_minmax_ops int4_bloom_ops"
		" int4_minmax_multi_ops int4_minmax_ops int8_bloom_ops int8_minmax_multi_ops"
		" int8_minmax_ops interval_bloom_ops interval_minmax_multi_ops"
		" interval_minmax_ops macaddr8_bloom_ops macaddr8_minmax_multi_ops"
		" macaddr8_minmax_ops macaddr_bloom_ops macaddr_minmax_multi_ops"
		" macaddr_minmax_ops name_bloom_ops name_minmax_ops numeric_bloom_ops"
		" numeric_minmax_multi_ops numeric_minmax_ops oid_bloom_ops oid_minmax_multi_ops"
		" oid_minmax_ops pg_lsn_bloom_ops pg_lsn_minmax_multi_ops pg_lsn_minmax_ops"
		" range_inclusion_ops text_bloom_ops text_minmax_ops tid_bloom_ops"
		" tid_minmax_multi_ops tid_minmax_ops time_bloom_ops time_minmax_multi_ops"
		" time_minmax_ops timestamp_bloom_ops timestamp_minmax_multi_ops"
		" timestamp_minmax_ops timestamptz_bloom_ops timestamptz_minmax_multi_ops"
		" timestamptz_minmax_ops timetz_bloom_ops timetz_minmax_multi_ops"
		" timetz_minmax_ops uuid_bloom_ops uuid_minmax_multi_ops uuid_minmax_ops"
		" varbit_minmax_ops "
	},
	{"btree",
		" array_ops bit_ops bool_ops bpchar_ops bpchar_pattern_ops bytea_ops char_ops"
		" cidr_ops date_ops enum_ops float4_ops float8_ops inet_ops int2_ops int4_ops"
		" int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops money_ops"
		" multirange_ops name_ops numeric_ops oid_ops oidvector_ops pg_lsn_ops range_ops"
		" record_image_ops record_ops text_ops text_pattern_ops tid_ops time_ops"
		" timestamp_ops timestamptz_ops timetz_ops tsquery_ops tsvector_ops uuid_ops"
		" varbit_ops varchar_ops varchar_pattern_ops xid8_ops "
	},
	{"gin",
		" array_ops jsonb_ops jsonb_path_ops tsvector_ops "
	},
	{"gist",
		" box_ops circle_ops inet_ops multirange_ops point_ops poly_ops range_ops"
		" tsquery_ops tsvector_ops "
	},
	{"hash",
		" aclitem_ops array_ops bool_ops bpchar_ops bpchar_pattern_ops bytea_ops char_ops"
		" cid_ops cidr_ops date_ops enum_ops float4_ops float8_ops inet_ops int2_ops"
		" int4_ops int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops"
		" multirange_ops name_ops numeric_ops oid_ops oidvector_ops pg_lsn_ops range_ops"
		" record_ops text_ops text_pattern_ops tid_ops time_ops timestamp_ops"
		" timestamptz_ops timetz_ops uuid_ops varchar_ops varchar_pattern_ops xid8_ops"
		" xid_ops "
	},
	{"spgist",
		" box_ops inet_ops kd_point_ops poly_ops quad_point_ops range_ops text_ops "
	},
};

/* The access methods of the extensions' operator classes above. */
static const struct {
	const char *name;
	const char *methods; /* space-separated, with a space at each end */
} ext_opclass_methods[] = {
	{"gin_trgm_ops", " gin "}, {"gist_trgm_ops", " gist "},
	{"gist_hstore_ops", " gist "}, {"gin_hstore_ops", " gin "},
	{"citext_ops", " btree hash "}, {"citext_pattern_ops", " btree "},
};

static bool word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
		if (p[-1] == ' ' && p[n] == ' ')
			return true;
	return false;
}

bool ls_opclass_exists(ls_catalog *cat, const char *method, const char *schema, const char *name)
{
	if (!*name || strchr(name, ' '))
		return true; /* not a name this check knows how to look up */
	if (!schema || !strcmp(schema, "pg_catalog"))
		for (size_t i = 0; i < sizeof builtin_opclasses / sizeof builtin_opclasses[0]; i++)
			if (!strcmp(builtin_opclasses[i].method, method) && word_in(builtin_opclasses[i].names, name))
				return true;
	if (schema && !strcmp(schema, "pg_catalog"))
		return false;
	const char *ext_schema = ls_extension_object_schema(cat, 'o', name);
	for (size_t i = 0; i < sizeof ext_opclass_methods / sizeof ext_opclass_methods[0]; i++)
		if (!strcmp(ext_opclass_methods[i].name, name))
			return ext_schema && (!schema || !strcmp(schema, ext_schema)) &&
				word_in(ext_opclass_methods[i].methods, method);
	/* an extension this file does not list may provide it (btree_gin,
	 * btree_gist, postgis, ...): only a catalog without one is sure */
	return cat->n_extensions > 0 || ext_schema != NULL;
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
