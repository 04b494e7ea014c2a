/* Error values: see error.h. Nothing here allocates. */
#include "lockstep/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ls_error_clear(ls_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->n_diags = 0;
	err->n_dropped = 0;
	err->commit[0] = '\0';
	err->hint[0] = '\0';
}

int ls_error_set(ls_error *err, int code, const char *path, int line,
		int column, const char *fmt, ...)
{
	if (!err)
		return code;
	if (err->n_diags == 0)
		err->code = code;
	if (err->n_diags >= LS_ERROR_MAX_DIAGS) {
		err->n_dropped++;
		return code;
	}
	ls_diag *d = &err->diags[err->n_diags++];
	d->code = code;
	d->line = line;
	d->column = column;
	snprintf(d->path, sizeof d->path, "%s", path ? path : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
	return code;
}

void ls_error_format(const ls_error *err, size_t i, char *buf, size_t size)
{
	if (i >= err->n_diags) {
		snprintf(buf, size, "error: unknown error");
		return;
	}
	const ls_diag *d = &err->diags[i];
	if (d->path[0] && d->line > 0)
		snprintf(buf, size, "%s:%d:%d: error: %s", d->path, d->line,
				d->column, d->message);
	else if (d->path[0])
		snprintf(buf, size, "%s: error: %s", d->path, d->message);
	else
		snprintf(buf, size, "error: %s", d->message);
}

int ls_error_exit_code(int code)
{
	switch (code) {
	case 0:
		return 0;
	case LS_EIO:
	case LS_EENV:
		return 3;
	default:
		return 2;
	}
}
