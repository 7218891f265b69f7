/* Times of day in the label sources, to nanoseconds since the epoch.
 * A time without a zone is local time, as the TZ environment variable
 * says (mktime(3)): Suricata writes fast.log so, and dataset authors
 * publish attack schedules in the capture site's time. */
#ifndef NC_LABEL_WHEN_H
#define NC_LABEL_WHEN_H

#include <stddef.h>
#include <stdint.h>

/* ISO 8601 / RFC 3339: YYYY-MM-DDTHH:MM[:SS[.fraction]] with an optional
 * zone: Z, +HH:MM, +HHMM or +HH (or -).  Returns 0, or -1 when s[0, n)
 * is not all such a time. */
int nc_when_iso(const char *s, size_t n, int64_t *ns);
/* fast.log's MM/DD/YYYY-HH:MM:SS[.fraction], local time. */
int nc_when_fast(const char *s, size_t n, int64_t *ns);

#endif
