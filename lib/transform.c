/* The record loop of every sink and transform (see transform.h). */
#include "transform.h"
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A frame not selected: on to the writer, or counted and dropped. */
static int
pass(struct nc_transform *x, const struct nc_frame *f)
{
	const struct nc_type *t;

	if (x->other != NULL)
		return x->other(x, f);
	t = nc_type_by_id(f->type);
	if (t != NULL && x->skip != NULL) {
		x->frame = f;
		x->skip(x, t);
		x->frame = NULL;
	}
	if (x->out != NULL)
		return nc_writer_frame(x->out, f);
	if (t == NULL && !x->warned[f->type]) {
		x->warned[f->type] = 1;
		nc_warn("%s: byte %llu: skipping records of unknown type %d "
		    "(from a newer netcap?)", x->name,
		    (unsigned long long)f->offset, f->type);
	}
	return 0;
}

/* 0 at the end of the input, -1 when stopped (x->err says if by damage). */
static int
run_one(struct nc_transform *x, struct nc_reader *r)
{
	struct nc_writer *copy = x->skip == NULL && x->other == NULL ?
	    x->out : NULL;
	int flush = x->unbuffered && x->out != NULL;
	struct nc_frame f;
	const struct nc_type *t;
	const ProtobufCMessage *m;
	int rc;

	while ((rc = nc_reader_next(r, &f)) > 0) {
		/* The reader keeps f.type within 1..NC_TYPE_MAX. */
		if (x->types.has[f.type] &&
		    (t = nc_type_by_id(f.type)) != NULL) {
			if ((m = nc_reader_unpack(r, &f)) == NULL) {
				if (nc_reader_error(r) != NULL)
					break;
				continue;
			}
			x->frame = &f;
			rc = x->record(x, t, m);
			x->frame = NULL;
			if (rc < 0)
				return -1;
		} else if (copy != NULL) {
			/* The common case of a transform, kept short. */
			if (nc_writer_frame(copy, &f) < 0)
				return -1;
		} else if (pass(x, &f) < 0) {
			return -1;
		}
		/* A record waiting for a late field (nc-tcp's MIME types)
		 * holds back what follows it only while there is nothing
		 * else to do. */
		if (flush && (nc_writer_late(x->out) && nc_reader_more(r) ?
		    nc_writer_drain(x->out) : nc_writer_flush(x->out)) < 0)
			return -1;
	}
	if (rc < 0 || nc_reader_error(r) != NULL) {
		snprintf(x->err, sizeof x->err, "%s", nc_reader_error(r));
		return -1;
	}
	return 0;
}

int
nc_transform_run(struct nc_transform *x, int n, char **paths)
{
	static char *stdin_path[] = { "-" };
	struct nc_reader *r;
	int e, i, rc, rval = NC_TRANSFORM_OK;

	x->err[0] = '\0';
	if (n == 0) {
		n = 1;
		paths = stdin_path;
	}
	for (i = 0; i < n; i++) {
		if ((r = nc_reader_open(paths[i])) == NULL) {
			nc_warn_errno("%s", paths[i]);
			rval = NC_TRANSFORM_MISSING;
			continue;
		}
		x->name = nc_reader_name(r);
		if (x->budget != NULL)
			nc_reader_set_budget(r, x->budget);
		rc = run_one(x, r);
		e = errno;
		nc_reader_close(r);
		x->name = NULL;
		errno = e;
		if (rc < 0)
			goto stop;
	}
	if (x->end != NULL && x->end(x) < 0)
		goto stop;
	if (x->out != NULL && nc_writer_flush(x->out) < 0)
		goto stop;
	return rval;
stop:
	/* Keep what came before the damage; a failed write stays failed. */
	e = errno;
	if (x->out != NULL && x->err[0] != '\0')
		nc_writer_flush(x->out);
	errno = e;
	return NC_TRANSFORM_STOPPED;
}

struct nc_writer *
nc_transform_flows_open(struct nc_transform *x)
{
	struct stat st;

	nc_refuse_tty(STDOUT_FILENO);
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		signal(SIGINT, SIG_IGN);
	if ((x->out = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die("out of memory");
	x->types.has[NETCAP__RECORD__RECORD_HEADER] = 1;
	x->types.count = 1;
	return x->out;
}

int
nc_transform_flows_run(struct nc_transform *x, int n, char **paths)
{
	int rval = nc_transform_run(x, n, paths);

	if (rval == NC_TRANSFORM_STOPPED && nc_transform_error(x) == NULL) {
		if (errno == ENOMEM)
			nc_die("out of memory");
		nc_die_write("stdout");
	}
	if (rval == NC_TRANSFORM_STOPPED) {
		/* Keep what was written before the damage. */
		nc_writer_close(x->out);
		nc_die("%s", nc_transform_error(x));
	}
	if (nc_writer_close(x->out) < 0)
		nc_die_write("stdout");
	return rval;
}

const char *
nc_transform_error(const struct nc_transform *x)
{
	return x->err[0] != '\0' ? x->err : NULL;
}
