/* A budget for one unpacked record.
 *
 * A frame is capped in bytes (NC_FRAME_MAX), but what its bytes unpack to
 * is not: 3 bytes on the wire make an empty sub-message of a hundred bytes
 * and more in memory, so a 16 MiB frame of them unpacks to gigabytes and
 * renders to a line as long.  Before a reader unpacks a record it checks
 * the record against a budget; nc-decode never writes a record that comes
 * near the defaults, so the budget bites only on hostile or damaged
 * streams, and -B raises it. */
#ifndef NC_BUDGET_H
#define NC_BUDGET_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

struct nc_budget {
	/* Elements of repeated fields and unknown fields, over every
	 * nested message of the record. */
	uint64_t elements;
	/* Levels of messages nested below the record itself. */
	uint64_t depth;
	/* The memory unpacking takes, in bytes, as reckoned from the wire:
	 * every message, array, string and bytes value and protobuf-c's own
	 * bookkeeping. */
	uint64_t size;
};

/* 1 Mi elements, 16 levels, 4 MiB.  A packet of the largest snap length
 * (256 KiB) cannot make more elements than it has bytes, the schema nests
 * 3 levels deep, and the largest records nc-decode writes take a few
 * hundred KiB unpacked; 4 MiB unpacked renders to at most about 24 MiB
 * of text (every byte a control character, escaped). */
#define NC_BUDGET_DEFAULT { 1u << 20, 16, 4u << 20 }

/* What a record went over. */
enum {
	NC_BUDGET_OK = 0,
	NC_BUDGET_ELEMENTS,
	NC_BUDGET_DEPTH,
	NC_BUDGET_SIZE,
};

struct nc_type;

/* Whether the record of type t in p[0, n) fits b: NC_BUDGET_OK, or the
 * limit it goes over.  A record protobuf-c cannot decode fits as far as
 * the budget goes (unpacking then reports the damage), unless what comes
 * before the damage already went over. */
int nc_budget_check(const struct nc_budget *b, const struct nc_type *t,
    const uint8_t *p, size_t n);

/* The -B name of a limit ("elements", "depth", "size") and its value in
 * b. */
const char *nc_budget_name(int limit);
uint64_t nc_budget_value(const struct nc_budget *b, int limit);

/* Sets the limits named in s, "name=N[,name=N]...", N a decimal number
 * with an optional k, m or g suffix (powers of 1024).  -1 on a bad list,
 * with *bad pointing at the part that is wrong. */
int nc_budget_parse(struct nc_budget *b, const char *s, const char **bad);

#endif
