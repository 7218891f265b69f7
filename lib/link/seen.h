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

/* nc-recv -d keeps a sensor's set beside its state, in dirfd's file
 * ".NAME.seen": the stream id (16 hex digits), then one range a line,
 * "lo hi".  Saved (fsync, rename) after the sensor's state, so it never
 * names a record the part file lost; -1 with errno.  Loading a missing
 * or damaged file, or one of another stream, gives an empty set. */
int nc_seen_save(const struct nc_seen *s, int dirfd, const char *name,
    uint64_t stream);
void nc_seen_load(struct nc_seen *s, int dirfd, const char *name,
    uint64_t stream);

#endif
