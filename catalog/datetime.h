/* Private to catalog/: date/time and interval literals as the server
 * prints them (datetime.c).
 *
 * The server stores a date/time constant as a value and prints it back
 * with the type's output function: '2020-01-01'::timestamp is printed
 * '2020-01-01 00:00:00'::timestamp without time zone, '30 minutes'::interval
 * '00:30:00'::interval. The text of such a literal is rewritten here to the
 * server's output, under the settings `introspect` reads with: DateStyle
 * ISO, IntervalStyle postgres, TimeZone UTC. A timestamptz or timetz
 * literal written without an offset is read as UTC: the server reads it
 * in the session's TimeZone, which lockstep cannot know offline.
 */
#ifndef LS_CATALOG_DATETIME_H
#define LS_CATALOG_DATETIME_H

#include "lockstep/arena.h"

#include <stdbool.h>

typedef enum ls_dt_kind {
	LS_DT_NONE = 0, LS_DT_DATE, LS_DT_TIME, LS_DT_TIMETZ, LS_DT_TS, LS_DT_TSTZ, LS_DT_INTERVAL
} ls_dt_kind;

/* The kind of a canonical type spelling ("timestamp without time zone",
 * "interval", "time(3) with time zone" ...), LS_DT_NONE for another type.
 * A type modifier is ignored (see ls_datetime_canonical_type). */
ls_dt_kind ls_datetime_kind(const char *type);

/* The server's output text for the literal `in` of kind k, in a:
 *   0 and *out  the text; in itself when a form this reader does not
 *               know (month names, zone names: kept as written);
 *   LS_EINVAL   a value out of range (*out: the server's message);
 *   LS_EUNSUPPORTED  a value the server evaluates when it reads the
 *               statement (now, today, tomorrow, yesterday), or one that
 *               names a time zone ('Europe/Paris', 'PST'): *out says so;
 *   LS_ENOMEM.
 */
int ls_datetime_canonical(ls_arena *a, ls_dt_kind k, const char *in, const char **out);

/* The same for a literal of type `type` (a canonical spelling): an
 * interval's type modifier is applied as the server applies it when it
 * reads the literal (the only type whose input function takes it):
 * '1.6 seconds'::interval(0) is '00:00:02', '1 day 2 hours'::interval day
 * is '1 day', '5'::interval minute is '00:05:00', '1:30'::interval minute
 * to second is '00:01:30'. Other types' modifiers are applied after input
 * as a length coercion the server prints as a cast: not here. */
/* Whether the literal `in` of kind k is read in the session's TimeZone: a
 * timestamp with time zone or time with time zone written without an
 * offset (specials aside). */
bool ls_datetime_zoned(ls_dt_kind k, const char *in);

int ls_datetime_canonical_type(ls_arena *a, const char *type, const char *in, const char **out);

#endif
