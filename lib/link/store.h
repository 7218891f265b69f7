/* nc-recv -d: one file per sensor, durable before it is acknowledged.
 *
 * A sensor's records go to NAME.ncap.part; its state, ".NAME.state",
 * holds the stream id, the last sequence number written and the length
 * of the part file that holds it, and is saved (fsync, rename, fsync of
 * the folder) only after the part file is fsynced.  The collector
 * acknowledges what the state holds.  After a crash the part is cut back
 * to the saved length, so the records after it, which the sender still
 * holds, are neither lost nor written twice.  In fleet mode the state
 * also holds the set of sequence numbers written (seen.h), in the same
 * file: saved apart, a crash between the two renames would leave a set
 * that misses records the part file holds, and they would be written
 * again.  A part file is renamed to
 * NAME.YYYYmmddTHHMMSSZ.SEQ.ncap (the time it was begun, UTC, and the
 * sequence number of its first record, ten digits or more, so that the
 * names sort in order), and the state saved with no part, when it is
 * rotated and when the collector ends. */
#ifndef NC_LINK_STORE_H
#define NC_LINK_STORE_H

#include "seen.h"

#include <stdint.h>
#include <time.h>

struct nc_store {
	int dirfd;
	const char *name;
	int fd;			/* the part file, or -1 */
	uint64_t len;		/* its length, with what is buffered */
	uint64_t stream, seq;	/* as saved */
	time_t begun;		/* of the part file */
	uint64_t first;		/* its first record's number */
	struct nc_seen *seen;	/* set by the caller, or NULL */
	char why[320];
};

/* Reads the saved state of sensor name (and st->seen's set) and cuts
 * its part file back to it; -1 with why. */
int nc_store_recover(struct nc_store *st, int dirfd, const char *name);
/* Opens the part file (appending to what is there): 1 when it is new and
 * needs its Header, 0 when it went on, -1 with why. */
int nc_store_open(struct nc_store *st);
/* After the part file is fsynced: saves stream, seq, len and st->seen. */
int nc_store_save(struct nc_store *st, uint64_t stream, uint64_t seq);
/* Closes the part file (fsynced and saved before) and gives it its
 * final name; then saves the state with no part. */
int nc_store_finish(struct nc_store *st);

#endif
