/* libFuzzer target over parse + apply + JSON: any bytes in, no crash, no
 * leak, no undefined behaviour out. Errors are fine; they must be clean. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lockstep/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	if (ls_catalog_new(&cat, &err) < 0)
		return 0;
	if (ls_catalog_apply_sql(cat, (const char *)data, size, "fuzz.sql", &err) == 0) {
		char *json = NULL;
		if (ls_catalog_to_json(&json, cat, &err) == 0)
			free(json);
	}
	ls_catalog_free(cat);
	return 0;
}
