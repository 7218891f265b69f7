/* nc-tcp: records of what TCP connections carry (SSH, DNS ...), from
 * their reassembled bytes, with every input record passed through. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "flow/table.h"
#include "stream.h"
#include "tcpapp/streams.h"
#include "transform.h"

static const char usage[] = "nc-tcp [-hlvV] [-C total-bytes] "
    "[-c conn-bytes] [-I timeouts] [-m max-flows] [file ...]";

static const char no_payload[] = "TCP records carry no payload: make the "
    "stream with nc-decode -P";

static struct nc_streams *streams;
static int warned;

/* Every frame but a Header: passed on first, so that the records it
 * completes follow it. */
static int
other(struct nc_transform *x, const struct nc_frame *f)
{
	struct nc_streams_stats st;

	if (nc_writer_frame(x->out, f) < 0 ||
	    nc_streams_frame(streams, f->type, f->data, f->len) < 0)
		return -1;
	if (!warned && f->type == NETCAP__RECORD__RECORD_TCP) {
		nc_streams_stats(streams, &st);
		if (st.no_payload > 0 && st.segments == 0) {
			nc_warn("%s", no_payload);
			warned = 1;
		}
	}
	return 0;
}

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const Netcap__Header *h = (const void *)m;

	(void)t;
	if (nc_writer_frame(x->out, x->frame) < 0)
		return -1;
	return nc_streams_stream(streams, h->created != 0);
}

static int
end(struct nc_transform *x)
{
	(void)x;
	return nc_streams_flush(streams);
}

static void
stats(const struct nc_streams_stats *s)
{
	const struct nc_reasm *r = &s->reasm;
	size_t i;

	fprintf(stderr, "%s: %llu connections: %llu closed, %llu timed out, "
	    "%llu evicted, %llu at end of input; at most %llu at once "
	    "(%zu bytes each)\n",
	    nc_progname, (unsigned long long)s->flow.created,
	    (unsigned long long)s->flow.closed,
	    (unsigned long long)s->flow.timed_out,
	    (unsigned long long)s->flow.evicted,
	    (unsigned long long)s->flow.flushed,
	    (unsigned long long)s->flow.peak, s->entry_size);
	for (i = 0; i < nc_tcpapps_n; i++)
		fprintf(stderr, "%s: %s: %llu connections, %llu records, "
		    "%llu malformed, %llu capped\n", nc_progname,
		    nc_tcpapps[i].app->name, (unsigned long long)s->conns[i],
		    (unsigned long long)s->app[i].records,
		    (unsigned long long)s->app[i].malformed,
		    (unsigned long long)s->app[i].capped);
	fprintf(stderr, "%s: %llu connections no parser took; %llu segments "
	    "with payload, %llu without the payload they declare\n",
	    nc_progname, (unsigned long long)s->unknown,
	    (unsigned long long)s->segments, (unsigned long long)s->no_payload);
	fprintf(stderr, "%s: reassembly: %llu gaps (%llu bytes), %llu bytes "
	    "retransmitted, %llu overlaps, %llu overlaps that differ, "
	    "%llu capped, %llu segments dropped for memory\n", nc_progname,
	    (unsigned long long)r->gaps, (unsigned long long)r->gap_bytes,
	    (unsigned long long)r->retrans_bytes,
	    (unsigned long long)r->overlaps,
	    (unsigned long long)r->overlaps_differ,
	    (unsigned long long)r->capped, (unsigned long long)r->oom);
}

int
main(int argc, char *argv[])
{
	struct nc_transform x = { .record = record, .other = other,
	    .end = end };
	struct nc_streams_opts o = { 0 };
	struct nc_streams_stats st;
	struct nc_writer *out;
	struct stat sb;
	int c, rval, verbose = 0;

	nc_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "C:c:hI:lm:vV", nc_long_opts,
	    NULL)) != -1)
		switch (c) {
		case 'C':
			o.total_max = (size_t)nc_parse_num(usage, "-C", optarg,
			    1, 1LL << 40);
			break;
		case 'c':
			o.conn_max = (size_t)nc_parse_num(usage, "-c", optarg,
			    1, 1LL << 40);
			break;
		case 'h':
			nc_help(usage);
		case 'I':
			nc_flow_parse_timeouts(usage, optarg, &o.flow);
			break;
		case 'l':
			x.unbuffered = 1;
			break;
		case 'm':
			o.flow.max_flows = (size_t)nc_parse_num(usage, "-m",
			    optarg, 1, 1LL << 32);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			nc_version();
		default:
			nc_usage(usage);
		}

	nc_refuse_tty(STDOUT_FILENO);
	/* As nc-conn: Ctrl-C on a live pipeline ends nc-decode's stream,
	 * and the open connections are then written, not lost. */
	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode))
		signal(SIGINT, SIG_IGN);
	if ((out = nc_writer_open(STDOUT_FILENO)) == NULL ||
	    (streams = nc_streams_new(&o, out)) == NULL)
		nc_die("out of memory");
	x.types.has[NETCAP__RECORD__RECORD_HEADER] = 1;
	x.types.count = 1;
	x.out = out;
	rval = nc_transform_run(&x, argc - optind, argv + optind);
	if (rval == NC_TRANSFORM_STOPPED && nc_transform_error(&x) == NULL) {
		if (errno == ENOMEM)
			nc_die("out of memory");
		nc_die_write("stdout");
	}
	if (rval == NC_TRANSFORM_STOPPED) {
		nc_writer_close(out);
		nc_die("%s", nc_transform_error(&x));
	}
	if (nc_writer_close(out) < 0)
		nc_die_write("stdout");
	nc_streams_stats(streams, &st);
	if (verbose)
		stats(&st);
	nc_streams_free(streams);
	if (st.segments == 0 && st.no_payload > 0) {
		if (!warned)
			nc_warn("%s", no_payload);
		return NC_EXIT_ERR;
	}
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
