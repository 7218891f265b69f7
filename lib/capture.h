/* Packet sources for nc-decode: capture files and live interfaces read
 * with libpcap, decoded into one record stream. */
#ifndef NC_CAPTURE_H
#define NC_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"

struct nc_capture {
	const char *iface;		/* live capture, or NULL */
	char **files;			/* capture files ("-" is stdin) */
	size_t nfiles;
	char *filter;			/* BPF expression, or NULL */
	int snaplen;			/* 0: the default, 262144 */
	int promisc;
	int payload;			/* -P */
	int quiet;			/* -q: no progress */
	uint64_t count;			/* stop after this many packets; 0: all */
	const char *user;		/* -Z, or NULL for the default */
	struct nc_typeset want;
	int out;			/* output descriptor */
	const char *out_name;		/* for messages */
};

/* Adds a capture file (-r) to c->files. */
void nc_capture_add_file(struct nc_capture *c, char *path);
/* The words of a filter expression joined with spaces, or NULL if there
 * are none. */
char *nc_capture_join(int argc, char **argv);

/* Opens -w path ("-" or NULL: standard output, refused if a terminal).
 * Dies on failure. */
int nc_capture_output(const char *path, const char **name);

/* Decodes every source into c->out, then frees c->files and c->filter.
 * Returns the exit status: per-file failures warn and make it 1; fatal
 * errors (a bad filter, a live interface that cannot be opened, a write
 * error) exit at once. */
int nc_capture_run(struct nc_capture *c);

/* Switches from root to user (NULL: "nobody" if that account exists) and
 * makes sure root cannot be regained.  Does nothing unless running as
 * root.  Dies on failure. */
void nc_capture_drop_root(const char *user);

#endif
