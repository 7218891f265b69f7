/* The filter language: an expression over records, compiled once from text
 * into a tree that is evaluated without allocating, for nc-filter and for
 * any program that selects records (nc-label's rules).  The grammar and the
 * meaning of each operator are in nc-filter(1).
 *
 * Compiling resolves every field path against every record type, so what
 * an expression can be for a type is known before a record is seen:
 * nc_filter_verdict says whether records of a type are always kept, never
 * kept, or must be unpacked and looked at. */
#ifndef NC_FILTER_H
#define NC_FILTER_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "registry.h"

/* Bounds on what an expression may hold: a longer or deeper one is an
 * error at compile time, never a long run or a deep recursion. */
#define NC_FILTER_TEXT_MAX	65536	/* the whole expression */
#define NC_FILTER_DEPTH_MAX	64	/* nested parentheses and nots */
#define NC_FILTER_LITERAL_MAX	4096	/* one string or word */
#define NC_FILTER_REGEX_MAX	1024	/* one regular expression */
#define NC_FILTER_REGEX_SIZE	10000	/* the same with {m,n} expanded */
#define NC_FILTER_SET_MAX	4096	/* the elements of one set */

struct nc_filter;

/* Why an expression did not compile: col is the 1-based column of the
 * offending text (0 when it is about the whole expression). */
struct nc_filter_error {
	int col;
	char msg[256];
};

/* NULL with *e filled when expr is not a valid expression. */
struct nc_filter *nc_filter_compile(const char *expr,
    struct nc_filter_error *e);
void nc_filter_free(struct nc_filter *f);

enum nc_filter_verdict {
	NC_FILTER_NEVER,	/* false for every record of the type */
	NC_FILTER_ALWAYS,	/* true for every record of the type */
	NC_FILTER_LOOK,		/* depends on the record */
};

/* For a type id in 0..NC_TYPE_MAX, including ids this build does not know
 * (for which every field test is false and every type test too). */
int nc_filter_verdict(const struct nc_filter *f, int type);

/* 1 when the record m of type t matches, else 0.  No allocation; the
 * filter's regular expressions keep no state between calls, so one
 * compiled filter may serve several threads. */
int nc_filter_match(const struct nc_filter *f, const struct nc_type *t,
    const ProtobufCMessage *m);

#endif
