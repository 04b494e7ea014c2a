/* lockstep — errors.
 *
 * Functions that can fail return int: 0, or a negative LS_E* code. The
 * caller passes an ls_error that receives the details; it is a plain value
 * with fixed-size buffers, so reporting a failure (even out of memory)
 * allocates nothing. Several diagnostics of one file can be collected in
 * one ls_error and printed together.
 */
#ifndef LOCKSTEP_ERROR_H
#define LOCKSTEP_ERROR_H

#include <stddef.h>

enum {
	LS_OK = 0,
	LS_EPARSE = -1,       /* syntax error in SQL */
	LS_ENOTFOUND = -2,    /* an object the input names does not exist */
	LS_EUNSUPPORTED = -3, /* valid SQL that lockstep does not model */
	LS_ECYCLE = -4,       /* a dependency cycle that cannot be broken */
	LS_EIO = -5,          /* a file or database could not be read/written */
	LS_ENOMEM = -6,       /* out of memory */
	LS_EINVAL = -7,       /* a refused statement or bad argument */
	LS_EENV = -8          /* environment fault: server unreachable, ... */
};

#define LS_ERROR_MAX_DIAGS 16

/* One located message: "path:line:column: message". line/column are
 * 1-based; 0 means unknown. */
typedef struct ls_diag {
	int code;
	int line;
	int column;
	char path[512];
	char message[768];
} ls_diag;

typedef struct ls_error {
	int code;                      /* code of the first diagnostic */
	size_t n_diags;                /* diagnostics kept, at most LS_ERROR_MAX_DIAGS */
	size_t n_dropped;              /* diagnostics that did not fit */
	char commit[41];               /* git commit the input came from, or "" */
	char hint[256];                /* optional advice, or "" */
	ls_diag diags[LS_ERROR_MAX_DIAGS];
} ls_error;

/* Reset err to "no error". */
void ls_error_clear(ls_error *err);

/* Add a diagnostic and return code (so callers can `return ls_error_set(...)`).
 * path may be NULL. The message is formatted with printf rules; then the
 * path and the message are escaped (control bytes, bytes that are not
 * UTF-8, C1 controls and bidirectional overrides become \n, \xNN, \uNNNN),
 * so a diagnostic is one line however hostile its input. Input text longer
 * than a token goes through ls_error_token first. */
int ls_error_set(ls_error *err, int code, const char *path, int line,
		int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Characters of input text a message quotes: a token (an identifier is
 * at most 63 bytes), never a file's body. */
#define LS_ERROR_TOKEN_CHARS 64
/* Bytes of a buffer that holds any ls_error_token result. */
#define LS_ERROR_TOKEN_SIZE (LS_ERROR_TOKEN_CHARS * 6 + 4)

/* Input text (a literal, an expression, a statement, a token) as an error
 * message may quote it: its first LS_ERROR_TOKEN_CHARS characters,
 * escaped as ls_error_set escapes every message (control bytes as \n, \t,
 * \xNN), and "..." when it was longer. Written into buf (size bytes,
 * LS_ERROR_TOKEN_SIZE holds any result); returns buf. text may be NULL. */
const char *ls_error_token(char *buf, size_t size, const char *text);

/* Format diagnostic i as "path:line:col: error: message" into buf. */
void ls_error_format(const ls_error *err, size_t i, char *buf, size_t size);

/* Map an error code to the command-line exit status (DESIGN.md): 2 for bad
 * input, 3 for environment faults. */
int ls_error_exit_code(int code);

#endif
