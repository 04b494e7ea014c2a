/* Name collisions of new relations and types (see name_conflict.h). */
#define _POSIX_C_SOURCE 200809L
#include "name_conflict.h"

#include <string.h>

static bool composite_named(ls_catalog *cat, const char *schema, const char *name)
{
	ls_type *t = ls_catalog_find_type(cat, schema, name);
	return t && t->kind == LS_TYPE_COMPOSITE;
}

bool ls_class_name_taken(ls_catalog *cat, const char *schema, const char *name)
{
	return ls_catalog_find_table(cat, schema, name) || ls_catalog_find_view(cat, schema, name) ||
		ls_catalog_find_index(cat, schema, name) || ls_catalog_find_sequence(cat, schema, name) ||
		composite_named(cat, schema, name);
}

bool ls_type_name_taken(ls_catalog *cat, const char *schema, const char *name)
{
	return ls_catalog_find_type(cat, schema, name) || ls_catalog_find_table(cat, schema, name) ||
		ls_catalog_find_view(cat, schema, name);
}

int ls_check_new_name(ls_apply *ap, const char *schema, const char *name, ls_new_kind kind)
{
	bool relation_first = kind != LS_NEW_COMPOSITE;
	bool check_relation = kind != LS_NEW_TYPE;
	bool check_type = kind != LS_NEW_INDEX;
	for (int pass = 0; pass < 2; pass++) {
		bool relation = relation_first == (pass == 0);
		if (relation && check_relation && ls_class_name_taken(ap->cat, schema, name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists", name);
		if (!relation && check_type && ls_type_name_taken(ap->cat, schema, name))
			return ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists", name);
	}
	return 0;
}
