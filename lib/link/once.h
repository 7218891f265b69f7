/* Link trouble said once for a run of the same message: a sender that
 * retries every second, or a collector fetching from a server that is
 * down, would otherwise fill stderr with one line again and again. */
#ifndef NC_LINK_ONCE_H
#define NC_LINK_ONCE_H

#include <stdarg.h>
#include <stddef.h>

/* Formats fmt into last (n bytes) and warns on stderr unless quiet or
 * last already held the same text. */
void nc_warn_once(char *last, size_t n, int quiet, const char *fmt,
    va_list ap);

#endif
