/* nc-send's spool: the records read from stdin and not yet acknowledged
 * by the collector, on disk, within a size cap.
 *
 * The spool is a folder of segments, each a plain record stream
 * (ncap(5) frames, readable by nc-dump) named by the sequence number of
 * its first record in hex ("%016llx.seg"), and a file "stream" holding
 * the stream id (16 hex digits), drawn at random when the folder is
 * made.  Sequence numbers run on across segments, so a record's number
 * is its segment's plus its place in it; a sender restarted on the same
 * folder carries on with the same stream id and numbers, and the
 * collector drops what it already has.  A folder made anew starts a new
 * stream.
 *
 * Appends are buffered in memory and written to the last segment when
 * the buffer fills or nc_spool_flush is called; they are not fsynced: a
 * killed process loses nothing, a lost machine what the kernel held.
 * The last number acknowledged is kept in "acked" (not fsynced either),
 * so a restarted sender sends again only what it had not heard of.
 * A segment is removed once all of its records are acknowledged, but
 * never the last one, which holds where the numbers are.  When a
 * record would take the spool over its cap it is dropped, or (drop
 * oldest) the oldest segments are, acknowledged or not.
 *
 * One thread appends while another reads and acknowledges: each call
 * takes the spool's lock. */
#ifndef NC_LINK_SPOOL_H
#define NC_LINK_SPOOL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct nc_spool_seg {
	uint64_t first;		/* sequence number of its first record */
	uint64_t count;		/* records in it, on disk */
	uint64_t bytes;		/* on disk */
};

struct nc_spool {
	pthread_mutex_t mu;
	int dirfd, lockfd, ackfd;
	uint64_t stream;
	struct nc_spool_seg *seg;
	size_t nseg, capseg;
	int fd;			/* the last segment, for appends */
	uint8_t *tail;		/* appends not yet written */
	size_t tail_len, tail_cap;
	uint64_t tail_count;
	uint64_t next;		/* the number the next record gets */
	uint64_t acked;		/* every record up to it is acknowledged */
	uint64_t size, max, seg_max;
	int drop_oldest;
	uint64_t dropped;	/* records dropped for want of room */
	int full;		/* 1 at the first drop, 2 once told */
	int refusing;		/* dropping the newest until half is free */
	char why[256];
};

/* A reader of the spool, for sending: where it is. */
struct nc_spool_cursor {
	uint64_t seq;		/* the record next() returns next */
	int fd;
	uint64_t seg_first;	/* the segment fd reads */
	uint64_t at;		/* sequence number at buf[pos] */
	uint8_t *buf;
	size_t pos, len, cap;
};

/* Opens (making it, mode 0700, when absent) and locks the folder; -1
 * with why set. */
int nc_spool_open(struct nc_spool *s, const char *dir, uint64_t max,
    int drop_oldest);
/* Adds one Record (its bytes, without a frame length).  0: spooled;
 * 1: dropped for want of room; -1: a write failed, why set. */
int nc_spool_append(struct nc_spool *s, const uint8_t *rec, size_t len);
/* 1 the first time it is called after a record was dropped, else 0: the
 * news that the spool is full, told once. */
int nc_spool_full_news(struct nc_spool *s);
/* The records dropped so far, newest or oldest. */
uint64_t nc_spool_dropped(struct nc_spool *s);
/* Writes the buffered appends; 0 or -1 with why. */
int nc_spool_flush(struct nc_spool *s);
/* Every record up to seq is acknowledged: segments of only such records
 * are removed. */
void nc_spool_ack(struct nc_spool *s, uint64_t seq);
/* The records not yet acknowledged; the number the next one gets. */
uint64_t nc_spool_unacked(struct nc_spool *s);
void nc_spool_close(struct nc_spool *s);

/* Starts a cursor at seq (or at the oldest record kept, if later). */
void nc_spool_seek(struct nc_spool *s, struct nc_spool_cursor *c,
    uint64_t seq);
/* 1: *rec, *len hold the record numbered *seq (valid until the next
 * call); 0: no more on disk for now (nc_spool_flush writes what is
 * buffered); -1: the spool is damaged or unreadable (s->why). */
int nc_spool_next(struct nc_spool *s, struct nc_spool_cursor *c,
    uint64_t *seq, const uint8_t **rec, size_t *len);
void nc_spool_cursor_free(struct nc_spool_cursor *c);

#endif
