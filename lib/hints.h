/* Summary hints: for a message type whose nc-dump line would otherwise
 * show every field that is set, the fields that make its tcpdump-like
 * line, space-separated, each spelt
 *
 *	field		its value alone: a coded value's name (its number
 *			when it has none), a nested message by its own hint
 *	field=		field=value, a coded value as 3(name)
 *	field?word	word when the bool field is true
 *	ip:port		an endpoint (Connection's orig_ip:orig_port)
 *	>		itself
 *
 * and zero, empty and unset values left out.  A table rather than a tag
 * in the schema, so that the choice of what a line shows can change
 * without touching the schema.  nc-dump -v shows every field instead. */
#ifndef NC_HINTS_H
#define NC_HINTS_H

#include <stddef.h>

/* The hint for the message of that short name, or NULL. */
const char *nc_hint_summary(const char *msg);
/* The messages that have hints, for the tests. */
size_t nc_hint_count(void);
const char *nc_hint_msg(size_t i);

#endif
