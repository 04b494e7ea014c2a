/* Private to catalog/: SHA-256 (FIPS 180-4), self-contained. */
#ifndef LS_CATALOG_SHA256_H
#define LS_CATALOG_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Incremental use: init, update any number of times, final. */
typedef struct ls_sha256 {
	uint32_t h[8];
	uint64_t bytes;        /* message length so far */
	unsigned char block[64];
	size_t used;           /* bytes waiting in block */
} ls_sha256;

void ls_sha256_init(ls_sha256 *s);
void ls_sha256_update(ls_sha256 *s, const void *data, size_t len);
void ls_sha256_final(ls_sha256 *s, unsigned char digest[32]);

#include "lockstep/hash.h"       /* ls_sha256_hex */

#endif
