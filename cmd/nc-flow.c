/* nc-flow: one Flow feature record per bidirectional flow, as
 * CICFlowMeter and NFStream compute them, with every input record passed
 * through. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "flow/flowfeat.h"
#include "flow/meter.h"
#include "stream.h"
#include "transform.h"

static const char usage[] = "nc-flow [-hlvV] [-a active-timeout] "
    "[-i idle-timeout] [-m max-flows] [-n splt] [file ...]";

static struct nc_flowmeter *meter;

/* Records other than Header: read in place, passed on by the loop. */
static void
skip(struct nc_transform *x, const struct nc_type *t)
{
	nc_flowmeter_frame(meter, t->id, x->frame->data, x->frame->len);
}

/* A Header: a new stream, live when it says when it was made. */
static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const Netcap__Header *h = (const void *)m;

	(void)t;
	if (nc_flowmeter_stream(meter, h->created != 0) < 0)
		return -1;
	return nc_writer_frame(x->out, x->frame);
}

static int
end(struct nc_transform *x)
{
	(void)x;
	return nc_flowmeter_flush(meter);
}

static void
stats(void)
{
	struct nc_flowmeter_stats s;

	nc_flowmeter_stats(meter, &s);
	fprintf(stderr, "%s: %llu flows: %llu idle, %llu active, %llu fin, "
	    "%llu rst, %llu evicted, %llu at end of input; %llu packets "
	    "after their flow's end; at most %llu entries at once (%zu bytes "
	    "each)\n", nc_progname, (unsigned long long)s.flows,
	    (unsigned long long)s.idle, (unsigned long long)s.active,
	    (unsigned long long)s.fin, (unsigned long long)s.rst,
	    (unsigned long long)s.evicted, (unsigned long long)s.flushed,
	    (unsigned long long)s.after_end,
	    (unsigned long long)s.table.peak, nc_flowmeter_entry_size(meter));
}

int
main(int argc, char *argv[])
{
	struct nc_transform x = { .record = record, .skip = skip, .end = end };
	struct nc_flowmeter_opts o = { 0 };
	struct nc_writer *out;
	int c, rval, verbose = 0;

	nc_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "a:hi:lm:n:vV", nc_long_opts,
	    NULL)) != -1)
		switch (c) {
		case 'a':
			o.active = nc_parse_num(usage, "-a", optarg, 1,
			    86400 * 365) * 1000000000LL;
			break;
		case 'h':
			nc_help(usage);
		case 'i':
			o.idle = nc_parse_num(usage, "-i", optarg, 1,
			    86400 * 365) * 1000000000LL;
			break;
		case 'l':
			x.unbuffered = 1;
			break;
		case 'm':
			o.max_flows = (size_t)nc_parse_num(usage, "-m", optarg,
			    1, 1LL << 32);
			break;
		case 'n':
			o.splt = (unsigned)nc_parse_num(usage, "-n", optarg, 0,
			    NC_FLOWFEAT_SPLT_MAX);
			o.splt_set = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			nc_version();
		default:
			nc_usage(usage);
		}

	/* Ctrl-C on a live pipeline: the open flows are still written. */
	out = nc_transform_flows_open(&x);
	if ((meter = nc_flowmeter_new(&o, out)) == NULL)
		nc_die("out of memory");
	rval = nc_transform_flows_run(&x, argc - optind, argv + optind);
	if (verbose)
		stats();
	nc_flowmeter_free(meter);
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
