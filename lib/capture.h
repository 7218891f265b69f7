/* Packet sources for nc-decode: capture files and live interfaces read
 * with libpcap, decoded into one record stream.  Nothing here exits: errors
 * are returned, and the program decides. */
#ifndef NC_CAPTURE_H
#define NC_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "outfile.h"
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
	int unbuffered;			/* -l: flush after each packet */
	uint64_t count;			/* stop after this many packets; 0: all */
	const char *user;		/* -Z, or NULL for the default */
	struct nc_account account;	/* set by nc_capture_account */
	struct nc_typeset want;
	const char *out_path;		/* -w; NULL or "-" is stdout */
	const char *out_name;		/* for messages */
	int write_errno;		/* set by nc_capture_run when a write
					 * to the output failed */
};

/* Adds a capture file (-r) to c->files; -1 (errno set) when out of
 * memory. */
int nc_capture_add_file(struct nc_capture *c, char *path);
/* The words of a filter expression joined with spaces; NULL if there are
 * none, or (argc > 0) when out of memory. */
char *nc_capture_join(int argc, char **argv);

/* Looks up the account of -Z (or "nobody") before anything is opened.
 * -1 (warned) for an unknown -Z user. */
int nc_capture_account(struct nc_capture *c);

/* Opens the sources, gives up root (live capture always; files with -Z,
 * once every file is open), then creates c->out_path (whether standard
 * output is a terminal is the program's to check) and decodes every
 * source into it; frees c->files and c->filter.  SIGINT, SIGTERM and SIGHUP
 * end the run as its end of input would.
 *
 * Returns 0; 1 when a source failed (warned, the others are decoded); -1
 * when a fatal error ended the run: a bad filter, a live interface that
 * cannot be opened, an output that cannot be created (warned), or a
 * failed write (c->write_errno, not reported: a reader that went away may
 * be no error to the program).  What was decoded before a fatal error is
 * written out; a run that wrote nothing, or whose writes failed, leaves
 * no file behind. */
int nc_capture_run(struct nc_capture *c);

#endif
