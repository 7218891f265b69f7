/* Packet sources for nc-decode: capture files and live interfaces read
 * with libpcap, decoded into one record stream.  Nothing here exits: errors
 * are returned, and the program decides. */
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
	int write_errno;		/* set by nc_capture_run when a write
					 * to out failed */
};

/* Adds a capture file (-r) to c->files; -1 (errno set) when out of
 * memory. */
int nc_capture_add_file(struct nc_capture *c, char *path);
/* The words of a filter expression joined with spaces; NULL if there are
 * none, or (argc > 0) when out of memory. */
char *nc_capture_join(int argc, char **argv);

/* Opens -w path; "-" or NULL is standard output (whether that is a
 * terminal is the program's to check).  -1 with errno set on failure. */
int nc_capture_output(const char *path, const char **name);

/* Decodes every source into c->out, then frees c->files and c->filter.
 * Returns 0; 1 when a source failed (warned, the others are decoded); -1
 * when a fatal error ended the run: a bad filter or a live interface that
 * cannot be opened (warned), or a failed write (c->write_errno, not
 * reported: a reader that went away may be no error to the program).
 * What was decoded before a fatal error is written out. */
int nc_capture_run(struct nc_capture *c);

/* Switches from root to user (NULL: "nobody" if that account exists) and
 * makes sure root cannot be regained.  Does nothing unless running as
 * root.  Warns and returns -1 on failure. */
int nc_capture_drop_root(const char *user);

#endif
