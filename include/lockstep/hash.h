/* lockstep — SHA-256 digests in hex (catalog/sha256.c). */
#ifndef LOCKSTEP_HASH_H
#define LOCKSTEP_HASH_H

#include <stddef.h>

/* The digest of len bytes at data as 64 lower-case hex digits and a NUL. */
void ls_sha256_hex(const void *data, size_t len, char out[65]);

#endif
