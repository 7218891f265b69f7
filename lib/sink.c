/* The input loop of nc-tocsv, nc-tojson and nc-dump. */
#include "sink.h"
#include "cli.h"
#include "stream.h"

#include <stdio.h>
#include <stdlib.h>

static int
run_one(struct nc_sink *s, const char *path)
{
	struct nc_reader *r;
	struct nc_frame f;
	const struct nc_type *t;
	const ProtobufCMessage *m;
	int rc;

	if ((r = nc_reader_open(path)) == NULL) {
		nc_warn_errno("%s", path);
		return NC_EXIT_ERR;
	}
	s->name = nc_reader_name(r);
	while ((rc = nc_reader_next(r, &f)) > 0) {
		if ((t = nc_type_by_id(f.type)) == NULL) {
			if (!s->warned[f.type])
				nc_warn("%s: byte %llu: skipping records of "
				    "unknown type %d (from a newer netcap?)",
				    s->name, (unsigned long long)f.offset,
				    f.type);
			s->warned[f.type] = 1;
			continue;
		}
		if (!nc_typeset_has(&s->types, f.type)) {
			if (s->skip != NULL)
				s->skip(s, t);
			continue;
		}
		if ((m = nc_reader_unpack(r, &f)) == NULL) {
			if (nc_reader_error(r) == NULL)
				continue;
			rc = -1;
			break;
		}
		s->record(s, t, m);
	}
	if (rc < 0) {
		/* Keep what was rendered before the damage. */
		fflush(NULL);
		nc_warn("%s", nc_reader_error(r));
		exit(NC_EXIT_ERR);
	}
	nc_reader_close(r);
	s->name = NULL;
	return NC_EXIT_OK;
}

int
nc_sink_run(struct nc_sink *s, int n, char **paths)
{
	int i, rval = NC_EXIT_OK;

	if (n == 0)
		return run_one(s, "-");
	for (i = 0; i < n; i++)
		if (run_one(s, paths[i]) != NC_EXIT_OK)
			rval = NC_EXIT_ERR;
	return rval;
}
