/* nc-recv: the record streams of many sensors, authenticated by their
 * keys, to one stream or one file per sensor. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stream.h"
#include "link/collector.h"
#include "link/fleet_recv.h"
#include "link/net.h"

static const char usage[] = "nc-recv [-hqV] [-a sensors.pub] [-C creds] "
    "[-c count] [-d dir] [-g name] [-i seconds] [-J stream] [-k key] "
    "[-l [host]:port | nats://host:port] [-M conns] [-m size] [-R seconds] "
    "[-r size] [-T ca.pem] [-t seconds] [-u durable]";

int
main(int argc, char *argv[])
{
	struct nc_collector c = { .cap = NC_FRAME_MAX, .hs_timeout = 10,
	    .idle = 60, .max_conns = 256 };
	struct nc_fleet_collector f = { .conf.stream = "netcap",
	    .durable = "nc-recv" };
	struct nc_pins pins = { 0 };
	const char *key = NULL, *pinfile = NULL, *gen = NULL;
	char why[320], line[160], path[128];
	int o, r;

	nc_cli_init(argv[0]);
	while ((o = getopt_long(argc, argv, "a:C:c:d:g:hi:J:k:l:m:M:qr:R:T:t:u:V",
	    nc_long_opts, NULL)) != -1)
		switch (o) {
		case 'a': pinfile = optarg; break;
		case 'C': f.conf.creds = optarg; break;
		case 'c':
			c.sessions = (int)nc_parse_num(usage, "-c", optarg, 1,
			    1000000000);
			break;
		case 'd': c.dir = optarg; break;
		case 'g': gen = optarg; break;
		case 'h': nc_help(usage);
		case 'i':
			c.idle = nc_parse_secs(usage, "-i", optarg, 0.1, 86400);
			break;
		case 'J': f.conf.stream = optarg; break;
		case 'k': key = optarg; break;
		case 'l': c.addr = optarg; break;
		case 'm':
			c.cap = (uint64_t)nc_parse_size(usage, "-m", optarg, 64,
			    NC_FRAME_MAX);
			break;
		case 'M':
			c.max_conns = (int)nc_parse_num(usage, "-M", optarg, 1,
			    4096);
			break;
		case 'q': c.quiet = 1; break;
		case 'r':
			c.rotate_size = (uint64_t)nc_parse_size(usage, "-r",
			    optarg, 1, 1ll << 50);
			break;
		case 'R':
			c.rotate_secs = nc_parse_secs(usage, "-R", optarg, 1,
			    1e9);
			break;
		case 'T': f.conf.ca = optarg; break;
		case 't':
			c.hs_timeout = nc_parse_secs(usage, "-t", optarg, 0.01,
			    3600);
			break;
		case 'u': f.durable = optarg; break;
		case 'V': nc_version();
		default: nc_usage(usage);
		}
	if (gen != NULL) {
		if (optind != argc || key != NULL || pinfile != NULL ||
		    c.addr != NULL)
			nc_usage_msg(usage, "-g takes a name and nothing else");
		if (nc_key_generate(gen, line, sizeof line, path, sizeof path,
		    why, sizeof why) < 0)
			nc_die("%s", why);
		printf("%s\n", line);
		nc_close_stdout();
		return NC_EXIT_OK;
	}
	if (c.addr != NULL && nc_fleet_url(c.addr)) {
		if (optind != argc || pinfile == NULL || key != NULL)
			nc_usage_msg(usage, "a fleet takes -a, not -k");
		if (!nc_fleet_stream_ok(f.conf.stream) ||
		    !nc_fleet_stream_ok(f.durable))
			nc_usage_msg(usage, "-J, -u: letters, digits, '_' and "
			    "'-'");
	} else {
		char h[256], p[32];

		if (optind != argc || key == NULL || pinfile == NULL ||
		    c.addr == NULL)
			nc_usage_msg(usage, "-a, -k and -l are needed");
		if (f.conf.creds != NULL || f.conf.ca != NULL ||
		    strcmp(f.conf.stream, "netcap") != 0 ||
		    strcmp(f.durable, "nc-recv") != 0)
			nc_usage_msg(usage, "-C, -J, -T and -u are for a fleet "
			    "(-l nats://host:port)");
		if (nc_net_split(c.addr, h, sizeof h, p, sizeof p) < 0)
			nc_usage_msg(usage, "-l: %s: not [host]:port", c.addr);
	}
	if ((c.rotate_size || c.rotate_secs > 0) && c.dir == NULL)
		nc_usage_msg(usage, "-r and -R rotate the files of -d");
	if (c.dir == NULL)
		nc_refuse_tty(STDOUT_FILENO);

	if (nc_fleet_url(c.addr)) {
		if (nc_pins_load(&pins, pinfile, why, sizeof why) < 0)
			nc_die("%s", why);
		nc_fleet_set_url(&f.conf, c.addr);
		f.conf.timeout = c.hs_timeout;
		f.pins = &pins;
		f.dir = c.dir;
		f.cap = c.cap;
		f.idle = c.idle;
		f.rotate_size = c.rotate_size;
		f.rotate_secs = c.rotate_secs;
		f.drain = c.sessions;
		f.quiet = c.quiet;
		r = nc_fleet_recv_run(&f);
		nc_pins_free(&pins);
		return r == 0 ? NC_EXIT_OK : NC_EXIT_ERR;
	}
	if ((c.ctx = nc_tls_ctx(key, 1, why, sizeof why)) == NULL)
		nc_die("%s", why);
	if (nc_pins_load(&pins, pinfile, why, sizeof why) < 0)
		nc_die("%s", why);
	c.pins = &pins;
	r = nc_collector_run(&c);
	nc_pins_free(&pins);
	SSL_CTX_free(c.ctx);
	return r == 0 ? NC_EXIT_OK : NC_EXIT_ERR;
}
