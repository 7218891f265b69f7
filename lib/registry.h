/* Record types: name <-> Record oneof field number <-> protobuf-c
 * descriptor, all derived from the schema's Record envelope. */
#ifndef NC_REGISTRY_H
#define NC_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "netcap.pb-c.h"

/* Type ids are the Record oneof field numbers; they fit this bound. */
#define NC_TYPE_MAX 255

struct nc_type {
	int id;				/* Record oneof field number */
	const char *name;		/* message name: "TCP", "IPv6Fragment" */
	const ProtobufCMessageDescriptor *desc;
};

/* All types in field-number order. */
const struct nc_type *nc_types(size_t *n);
const struct nc_type *nc_type_by_id(int id);
/* Case-insensitive, by message name ("tcp") or oneof field name
 * ("ipv6_fragment"). */
const struct nc_type *nc_type_by_name(const char *name);

/* A set of type ids, as chosen by -t / -x. */
struct nc_typeset {
	uint8_t has[NC_TYPE_MAX + 1];
	int count;
	char bad[64];			/* the unknown name, for messages */
};

/* Adds the comma-separated names in list to set; "all" stands for every
 * type but Header.  On an unknown name returns -1 and points *bad at a
 * copy of it kept in set->bad. */
int nc_typeset_add(struct nc_typeset *set, const char *list,
    const char **bad);
/* Every type but Header, then removes those in list (for -x). */
void nc_typeset_all(struct nc_typeset *set);
int nc_typeset_del(struct nc_typeset *set, const char *list,
    const char **bad);

/* Takes the types of other out of set (-x after -t). */
void nc_typeset_sub(struct nc_typeset *set, const struct nc_typeset *other);

static inline int
nc_typeset_has(const struct nc_typeset *set, int id)
{
	return id >= 0 && id <= NC_TYPE_MAX && set->has[id];
}

#endif
