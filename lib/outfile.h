/* Output files every program creates (-w, the files of -d): never one of
 * the inputs, never through a planted symbolic link, and never half
 * written under the final name.
 *
 * A regular file (or a name that does not exist yet) is written to a new
 * temporary name in the same folder, created with O_EXCL so that nothing
 * already there is followed or reused, and renamed over the final name
 * once the run is complete.  Standard output, pipes and devices
 * (/dev/null) are written directly: there is nothing to replace.
 *
 * Nothing here exits: failures return -1 with a reason the program
 * reports. */
#ifndef NC_OUTFILE_H
#define NC_OUTFILE_H

#include <stddef.h>
#include <sys/types.h>

/* The files a program reads, by device and inode. */
struct nc_inputs {
	size_t n, cap;
	struct nc_input_id {
		dev_t dev;
		ino_t ino;
	} *id;
};

/* Remembers what path ("-" or NULL: standard input) is, when it is a
 * regular file; anything else cannot be overwritten and is not kept.
 * -1 only when out of memory. */
int nc_inputs_add(struct nc_inputs *in, const char *path);
void nc_inputs_free(struct nc_inputs *in);

struct nc_outfile {
	int fd;			/* write here; -1 when not open */
	const char *name;	/* as the user gave it, for messages */
	int dirfd;		/* the folder of a temporary name, or -1 */
	int own_dir;		/* dirfd is closed with the file */
	char *base;		/* the final name within dirfd */
	char tmp[256];		/* the temporary name within dirfd */
	char why[160];		/* after a failure: what went wrong */
};

/* Opens path for writing ("-" is standard output).  Refuses a path that
 * is one of in's files.  -1 on failure, with o->why set. */
int nc_outfile_open(struct nc_outfile *o, const char *path,
    const struct nc_inputs *in);

/* Opens the folder of -d (creating it and its parents as needed) and
 * returns a descriptor for nc_outfile_openat.  A folder every user may
 * write to is refused unless it is sticky and ours: anyone could remove
 * or replace what is written there.  -1 on failure, with why set. */
int nc_outdir_open(const char *path, char *why, size_t whylen);

/* As nc_outfile_open, for base inside the folder dirfd (not closed
 * here); name is for messages. */
int nc_outfile_openat(struct nc_outfile *o, int dirfd, const char *base,
    const char *name, const struct nc_inputs *in);

/* After the last write, and after the descriptor is closed by the caller
 * (close or fclose): gives the file its final name.  -1 with why set and
 * the temporary file removed when that fails. */
int nc_outfile_commit(struct nc_outfile *o);
/* Removes what was written to a temporary name (the run failed); the
 * final name keeps what it held before. */
void nc_outfile_discard(struct nc_outfile *o);

/* For programs that end at the default action of SIGINT, SIGTERM and
 * SIGHUP: the temporary files not yet committed are removed first.  They
 * are removed at exit() too. */
void nc_outfile_cleanup_on_signals(void);

#endif
