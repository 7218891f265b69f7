/* nc-tcp: records of what TCP connections carry (SSH, DNS ...), from
 * their reassembled bytes, with every input record passed through. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "files/files.h"
#include "flow/table.h"
#include "stream.h"
#include "tcpapp/streams.h"
#include "transform.h"

static const char usage[] = "nc-tcp [-hlMSvV] [-b body-bytes] "
    "[-C total-bytes] [-c conn-bytes] [-F disk-bytes] [-f file-bytes] "
    "[-H hashes] [-I timeouts] [-j threads] [-m max-flows] [-o dir] "
    "[-s max-software] [file ...]";

static const char no_payload[] = "TCP records carry no payload: make the "
    "stream with nc-decode -P";

/* libmagic's threads: one fewer than the processors, since this one
 * has the streams to follow and helps when they fall behind, and no
 * more than four by default: each loads its own libmagic. */
#define THREADS_MAX	64
#define THREADS_AUTO	4

static struct nc_streams *streams;
static int decided;

/* Every frame but a Header: passed on first, so that the records it
 * completes follow it.  The first TCP record that declares payload says
 * whether the stream was made with -P. */
static int
other(struct nc_transform *x, const struct nc_frame *f)
{
	if (nc_writer_frame(x->out, f) < 0 ||
	    nc_streams_frame(streams, f->type, f->data, f->len) < 0)
		return -1;
	if (!decided && f->type == NETCAP__RECORD__RECORD_TCP &&
	    (decided = nc_streams_payloads(streams)) < 0)
		nc_warn("%s", no_payload);
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
stats(const struct nc_streams_stats *s, const struct nc_files_stats *fs)
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
	fprintf(stderr, "%s: ftp data connections announced: %llu, %llu "
	    "refused, %llu taken, %llu expired, %llu evicted\n", nc_progname,
	    (unsigned long long)s->expect.added,
	    (unsigned long long)s->expect.refused,
	    (unsigned long long)s->expect.taken,
	    (unsigned long long)s->expect.expired,
	    (unsigned long long)s->expect.evicted);
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
	fprintf(stderr, "%s: %llu Software and %llu Service records; %llu "
	    "not written, over -s\n", nc_progname,
	    (unsigned long long)s->software.software,
	    (unsigned long long)s->software.services,
	    (unsigned long long)s->software.full);
	fprintf(stderr, "%s: files: %llu, %llu stored (%llu bytes); not "
	    "stored: %llu over -f, %llu over -F, %llu write errors\n",
	    nc_progname, (unsigned long long)fs->files,
	    (unsigned long long)fs->stored, (unsigned long long)fs->bytes,
	    (unsigned long long)fs->file_capped,
	    (unsigned long long)fs->disk_capped,
	    (unsigned long long)fs->errors);
}

static unsigned
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n <= 1)
		return 0;
	return n - 1 < THREADS_AUTO ? (unsigned)(n - 1) : THREADS_AUTO;
}

int
main(int argc, char *argv[])
{
	struct nc_transform x = { .record = record, .other = other,
	    .end = end };
	struct nc_streams_opts o = { 0 };
	struct nc_files_opts fo = { 0 };
	struct nc_streams_stats st;
	struct nc_files_stats fst;
	struct nc_writer *out;
	int c, rval, verbose = 0;

	nc_cli_init(argv[0]);
	fo.threads = default_threads();
	while ((c = getopt_long(argc, argv, "b:C:c:F:f:H:hI:j:lMm:o:Ss:vV", nc_long_opts,
	    NULL)) != -1)
		switch (c) {
		case 'b':
			o.app.body_max = (uint64_t)nc_parse_num(usage, "-b",
			    optarg, 1, 1LL << 40);
			break;
		case 'C':
			o.total_max = (size_t)nc_parse_num(usage, "-C", optarg,
			    1, 1LL << 40);
			break;
		case 'c':
			o.conn_max = (size_t)nc_parse_num(usage, "-c", optarg,
			    1, 1LL << 40);
			break;
		case 'F':
			fo.disk_max = (uint64_t)nc_parse_num(usage, "-F",
			    optarg, 1, 1LL << 50);
			break;
		case 'f':
			fo.file_max = (uint64_t)nc_parse_num(usage, "-f",
			    optarg, 1, 1LL << 40);
			break;
		case 'H':
			if (nc_files_parse_hashes(optarg, &fo.no_hash) < 0) {
				nc_warn("-H: %s: not md5, sha1, sha256 or none",
				    optarg);
				nc_usage(usage);
			}
			break;
		case 'h':
			nc_help(usage);
		case 'I':
			nc_flow_parse_timeouts(usage, optarg, &o.flow);
			break;
		case 'j':
			fo.threads = (unsigned)nc_parse_num(usage, "-j",
			    optarg, 0, THREADS_MAX);
			break;
		case 'l':
			x.unbuffered = 1;
			break;
		case 'M':
			fo.no_mime = 1;
			break;
		case 'm':
			o.flow.max_flows = (size_t)nc_parse_num(usage, "-m",
			    optarg, 1, 1LL << 32);
			break;
		case 'o':
			fo.dir = optarg;
			break;
		case 'S':
			o.no_software = 1;
			break;
		case 's':
			o.software_max = (size_t)nc_parse_num(usage, "-s",
			    optarg, 1, 1LL << 28);
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
	if ((o.app.files = nc_files_new(&fo)) == NULL)
		nc_die_errno("%s", fo.dir != NULL ? fo.dir : "files");
	out = nc_transform_flows_open(&x);
	if ((streams = nc_streams_new(&o, out)) == NULL)
		nc_die("out of memory");
	rval = nc_transform_flows_run(&x, argc - optind, argv + optind);
	nc_streams_stats(streams, &st);
	nc_files_stats(o.app.files, &fst);
	if (verbose)
		stats(&st, &fst);
	/* Said once above; the exit status says it at the end. */
	if (nc_streams_payloads(streams) < 0)
		rval = NC_TRANSFORM_MISSING;
	nc_streams_free(streams);
	nc_files_free(o.app.files);
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
