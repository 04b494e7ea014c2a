/* Private to catalog/: sequence options exactly as PostgreSQL 15's
 * init_params (commands/sequence.c) applies and checks them. */
#ifndef LS_CATALOG_SEQUENCE_PARAMS_H
#define LS_CATALOG_SEQUENCE_PARAMS_H

#include "build.h"

/* Apply the DefElem options of CREATE SEQUENCE (is_init) or ALTER SEQUENCE
 * (and of an identity column's sequence) to sq: AS, INCREMENT, MINVALUE /
 * NO MINVALUE, MAXVALUE / NO MAXVALUE, START, RESTART, CACHE, CYCLE, with
 * the defaults and cross-checks of init_params, in its order, refused with
 * its messages ("INCREMENT must not be zero", "MINVALUE (10) must be less
 * than MAXVALUE (5)", ...). for_identity words the type error for identity
 * columns. OWNED BY is checked for form only ("invalid OWNED BY option");
 * resolving it, SEQUENCE NAME and generated are left to the caller. RESTART
 * has no catalog effect (start_value is kept), only its checks. sq is
 * changed only when every check passes. Returns 0 or a negative LS_E*. */
int ls_sequence_init_params(ls_apply *ap, ls_sequence *sq, pgnode **opts, size_t n,
		bool is_init, bool for_identity);

#endif
