/* nc-dump: one readable line per record, for less and grep. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "registry.h"
#include "sink.h"
#include "walk.h"

static const char usage[] =
    "nc-dump [-hlV] [-t types] [-T format] [file ...]";

static int tfmt = NC_TIME_ISO;
static struct nc_buf line;
static int linebuf;

static void
record(struct nc_sink *s, const struct nc_type *t, const ProtobufCMessage *m)
{
	(void)s;
	line.len = 0;
	nc_walk_summary(m, t->name, tfmt, &line);
	if (fwrite(line.p, 1, line.len, stdout) != line.len)
		nc_die_write("stdout");
}

int
main(int argc, char *argv[])
{
	static char obuf[1 << 18];
	struct nc_sink s = { .record = record };
	struct nc_typeset types = { 0 };
	const char *bad;
	int c;

	nc_cli_init(argv[0]);
	while ((c = getopt(argc, argv, "hlT:t:V")) != -1) {
		switch (c) {
		case 'h':
			nc_help(usage);
		case 'l':
			linebuf = 1;
			break;
		case 'T':
			if ((tfmt = nc_time_fmt_parse(optarg)) < 0)
				nc_usage_msg(usage, "-T: unknown time format: "
				    "%s (epoch or iso)", optarg);
			break;
		case 't':
			if (nc_typeset_add(&types, optarg, &bad) < 0)
				nc_usage_msg(usage, "-t: unknown type: %s",
				    bad);
			break;
		case 'V':
			nc_version();
		default:
			nc_usage(usage);
		}
	}
	argc -= optind;
	argv += optind;

	/* A line at a time when watching a live capture through a pipe;
	 * large blocks otherwise. */
	if (linebuf)
		setvbuf(stdout, NULL, _IOLBF, 0);
	else if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (types.count > 0) {
		s.types = types;
	} else {
		nc_typeset_all(&s.types);
		s.types.has[NETCAP__RECORD__RECORD_HEADER] = 1;
		s.types.count++;
	}
	c = nc_sink_run(&s, argc, argv);
	nc_close_stdout();
	return c;
}
