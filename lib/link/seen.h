/* nc-recv's fleet mode: which sequence numbers of a sensor's stream this
 * collector has written.  JetStream hands a message again when its
 * acknowledgement was lost, and hands a stopped collector's messages to
 * another one, so a collector sees a stream with holes and out of order:
 * "everything up to the highest" would drop records it never wrote.  The
 * set is kept as sorted, disjoint ranges, at most NC_SEEN_MAX of them;
 * past that the lowest are forgotten (a very late copy would then be
 * written twice, never lost). */
#ifndef NC_LINK_SEEN_H
#define NC_LINK_SEEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NC_SEEN_MAX 4096

struct nc_seen_range {
	uint64_t lo, hi;	/* inclusive */
};

struct nc_seen {
	struct nc_seen_range *r;
	size_t n, cap;
	uint64_t forgotten;	/* ranges dropped for want of room */
};

/* 1 when seq is in the set. */
int nc_seen_has(const struct nc_seen *s, uint64_t seq);
/* Adds [lo, hi] (lo <= hi); -1 out of memory. */
int nc_seen_add(struct nc_seen *s, uint64_t lo, uint64_t hi);
void nc_seen_clear(struct nc_seen *s);

/* The set as text, one range a line, "lo hi": nc-recv -d keeps it in a
 * sensor's state file (store.h), so that the set and the part file it
 * describes are saved in one rename.  Printing gives -1 on a write
 * error; scanning takes ranges until a line is not one, and gives an
 * empty set when the first is not. */
int nc_seen_print(const struct nc_seen *s, FILE *fp);
void nc_seen_scan(struct nc_seen *s, FILE *fp);

#endif
