/* libFuzzer target for stats files (lockstep/stats.h): any bytes either
 * parse or are refused with LS_EINVAL, nothing crashes or leaks; a file
 * that parses writes JSON that parses again to the same JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_stats *s = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_stats_parse(&s, (const char *)data, size, "fuzz.json", &err);
	if (rc != 0) {
		if (rc != LS_EINVAL && rc != LS_ENOMEM)
			abort();
		return 0;
	}
	char *a = ls_stats_to_json(s);
	ls_stats *t = NULL;
	if (a && ls_stats_parse(&t, a, strlen(a), "again.json", &err) != 0)
		abort();
	char *b = t ? ls_stats_to_json(t) : NULL;
	if (a && b && strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	ls_stats_free(t);
	ls_stats_free(s);
	return 0;
}
