/* nc-decode: decode packets from capture files or a live interface into
 * a record stream. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "cli.h"
#include "decode/decode.h"
#include "registry.h"

static const char usage[] = "nc-decode [-DhLlnPpqV] [-c count] "
    "[-i interface | -r file ...] [-s snaplen] [-t types] [-w file] "
    "[-x types] [-Z user] [expression]";

/* Exactly one kind of source; live-only options only with -i; a name
 * for -w. */
static void
check_options(const struct nc_capture *c)
{
	if (c->iface != NULL && c->nfiles > 0)
		nc_usage_msg(usage, "-i and -r cannot be used together");
	if (c->iface == NULL && c->nfiles == 0)
		nc_usage_msg(usage, "no packet source: use -i or -r");
	if (c->iface == NULL && (!c->promisc || c->snaplen != 0))
		nc_usage_msg(usage, "-p and -s apply only to live capture "
		    "(-i)");
	if (c->out_path != NULL && *c->out_path == '\0')
		nc_usage_msg(usage, "-w needs a file name");
}

/* Repeated -t and -x add up, as in the sinks: the types to keep are
 * those of every -t (all by default), less those of every -x. */
static void
add_types(struct nc_typeset *set, const char *list)
{
	const char *bad = NULL;

	if (nc_typeset_add(set, list, &bad) < 0)
		nc_usage_msg(usage, "unknown record type: %s", bad);
}

/* -D, as tcpdump: the interfaces libpcap can capture on, numbered. */
static noreturn void
list_interfaces(void)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_if_t *all, *d;
	int i = 0;

	if (pcap_findalldevs(&all, err) != 0)
		nc_die("%s", err);
	for (d = all; d != NULL; d = d->next) {
		printf("%d.%s", ++i, d->name);
		if (d->description != NULL)
			printf(" (%s)", d->description);
		if (d->flags & PCAP_IF_LOOPBACK)
			printf(" [Loopback]");
		putchar('\n');
	}
	pcap_freealldevs(all);
	if (i == 0)
		nc_die("no interface to capture on (is this root?)");
	nc_close_stdout();
	exit(NC_EXIT_OK);
}

static noreturn void
list_types(void)
{
	const int *ids;
	size_t i, n;

	ids = nc_decode_types(&n);
	for (i = 0; i < n; i++)
		puts(nc_type_by_id(ids[i])->name);
	nc_close_stdout();
	exit(NC_EXIT_OK);
}

/* Decodes; the exit status says how it went.  A failed write ends the
 * program as every write failure does (quietly when the reader went
 * away). */
static int
run(struct nc_capture *c)
{
	int status;

	/* A wrong -Z opens nothing and creates nothing. */
	if (nc_capture_account(c) < 0) {
		free(c->files);
		free(c->filter);
		return NC_EXIT_ERR;
	}
	status = nc_capture_run(c);
	if (status < 0 && c->write_errno != 0) {
		errno = c->write_errno;
		nc_die_write(c->out_name);
	}
	return status < 0 ? NC_EXIT_ERR : status;
}

int
main(int argc, char **argv)
{
	struct nc_capture c = { .promisc = 1 };
	struct nc_typeset only = { 0 }, except = { 0 };
	int ch, typed = 0;

	nc_cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "c:DhLi:lnPpqr:s:t:Vw:x:Z:",
	    nc_long_opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.count = (uint64_t)nc_parse_num(usage, "-c", optarg,
			    1, INT64_MAX);
			break;
		case 'D':
			list_interfaces();
		case 'h':
			nc_help(usage);
		case 'i':
			c.iface = optarg;
			break;
		case 'L':
			list_types();
		case 'l':
			c.unbuffered = 1;
			break;
		case 'n':
			/* tcpdump's "no names": nothing is ever resolved. */
			break;
		case 'P':
			c.payload = 1;
			break;
		case 'p':
			c.promisc = 0;
			break;
		case 'q':
			c.quiet = 1;
			break;
		case 'r':
			if (nc_capture_add_file(&c, optarg) < 0)
				nc_die_errno("realloc");
			break;
		case 's':
			c.snaplen = (int)nc_parse_num(usage, "-s", optarg, 1,
			    262144);
			break;
		case 't':
			add_types(&only, optarg);
			typed = 1;
			break;
		case 'V':
			nc_version();
		case 'w':
			c.out_path = optarg;
			break;
		case 'x':
			add_types(&except, optarg);
			break;
		case 'Z':
			c.user = optarg;
			break;
		default:
			nc_usage(usage);
		}
	}
	check_options(&c);
	if (typed)
		c.want = only;
	else
		nc_typeset_all(&c.want);
	nc_typeset_sub(&c.want, &except);
	c.filter = nc_capture_join(argc - optind, argv + optind);
	if (c.filter == NULL && argc > optind)
		nc_die_errno("malloc");
	if (c.out_path == NULL || strcmp(c.out_path, "-") == 0)
		nc_refuse_tty(STDOUT_FILENO);
	return run(&c);
}
