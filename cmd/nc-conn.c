/* nc-conn: one Connection record per conversation, as Zeek's conn.log,
 * with every input record passed through. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "flow/table.h"
#include "flow/tracker.h"
#include "stream.h"
#include "transform.h"

static const char usage[] = "nc-conn [-hlvV] [-I timeouts] [-m max-flows] "
    "[file ...]";

static struct nc_tracker *tracker;

/* Records of other types than Header: read in place, not unpacked (most
 * of the time went to unpacking), and passed on by the loop. */
static void
skip(struct nc_transform *x, const struct nc_type *t)
{
	nc_tracker_frame(tracker, t->id, x->frame->data, x->frame->len);
}

/* A Header: a new stream, live when it says when it was made. */
static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const Netcap__Header *h = (const void *)m;

	(void)t;
	if (nc_tracker_stream(tracker, h->created != 0) < 0)
		return -1;
	return nc_writer_frame(x->out, x->frame);
}

static int
end(struct nc_transform *x)
{
	(void)x;
	return nc_tracker_flush(tracker);
}

static void
stats(void)
{
	struct nc_flow_stats s;
	struct nc_expect_stats e;

	nc_tracker_stats(tracker, &s);
	nc_tracker_ftp_stats(tracker, &e);
	fprintf(stderr, "%s: %llu connections: %llu closed, %llu timed out, "
	    "%llu evicted, %llu at end of input; at most %llu at once "
	    "(%zu bytes each)\n", nc_progname,
	    (unsigned long long)s.created, (unsigned long long)s.closed,
	    (unsigned long long)s.timed_out, (unsigned long long)s.evicted,
	    (unsigned long long)s.flushed, (unsigned long long)s.peak,
	    nc_tracker_entry_size(tracker));
	fprintf(stderr, "%s: ftp data connections announced: %llu, %llu "
	    "refused, %llu taken, %llu expired, %llu evicted\n", nc_progname,
	    (unsigned long long)e.added, (unsigned long long)e.refused,
	    (unsigned long long)e.taken, (unsigned long long)e.expired,
	    (unsigned long long)e.evicted);
}

int
main(int argc, char *argv[])
{
	struct nc_transform x = { .record = record, .skip = skip, .end = end };
	struct nc_flow_opts flow_opts = { 0 };
	struct nc_writer *out;
	int c, rval, verbose = 0;

	nc_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hI:lm:vV", nc_long_opts,
	    NULL)) != -1)
		switch (c) {
		case 'h':
			nc_help(usage);
		case 'I':
			nc_flow_parse_timeouts(usage, optarg, &flow_opts);
			break;
		case 'l':
			x.unbuffered = 1;
			break;
		case 'm':
			flow_opts.max_flows = (size_t)nc_parse_num(usage, "-m", optarg,
			    1, 1LL << 32);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			nc_version();
		default:
			nc_usage(usage);
		}

	/* Ctrl-C on a live pipeline: the open connections are still written. */
	out = nc_transform_flows_open(&x);
	if ((tracker = nc_tracker_new(&flow_opts, out)) == NULL)
		nc_die("out of memory");
	rval = nc_transform_flows_run(&x, argc - optind, argv + optind);
	if (verbose)
		stats();
	nc_tracker_free(tracker);
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
