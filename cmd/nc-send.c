/* nc-send: a record stream to a collector, authenticated, encrypted and
 * spooled on disk until it is acknowledged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "link/fleet_send.h"
#include "link/net.h"
#include "link/sender.h"

static const char usage[] = "nc-send [-hqV] [-b seconds] [-C creds] "
    "[-D oldest|newest] [-e seconds] [-g name] [-i seconds] [-J stream] "
    "[-k key] [-n name] [-S dir] [-s collector.pub] [-T ca.pem] "
    "[-t seconds] [-z size] [host:port | nats://host:port]";

/* -g, the same for nc-recv: a key file and its line for the other side. */
static int
keygen(const char *name)
{
	char line[160], path[128], why[320];

	if (nc_key_generate(name, line, sizeof line, path, sizeof path, why,
	    sizeof why) < 0)
		nc_die("%s", why);
	printf("%s\n", line);
	nc_close_stdout();
	return NC_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct nc_sender s = { .timeout = 10, .idle = 30, .backoff_max = 30,
	    .linger = -1 };
	struct nc_fleet_sender fs = { .conf.stream = "netcap" };
	struct nc_spool sp;
	struct nc_pins pins = { 0 };
	const char *key = NULL, *pinfile = NULL, *dir = NULL, *gen = NULL;
	char why[320], defdir[128], pin[NC_PIN_TEXT];
	long long max = 1ll << 30;
	int c, oldest = 0, r;

	nc_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "b:C:D:e:g:hi:J:k:n:qs:S:T:t:Vz:",
	    nc_long_opts, NULL)) != -1)
		switch (c) {
		case 'b':
			s.backoff_max = nc_parse_secs(usage, "-b", optarg, 0.01, 86400);
			break;
		case 'C': fs.conf.creds = optarg; break;
		case 'D':
			if (strcmp(optarg, "oldest") != 0 &&
			    strcmp(optarg, "newest") != 0)
				nc_usage_msg(usage, "-D: oldest or newest");
			oldest = optarg[0] == 'o';
			break;
		case 'e':
			s.linger = nc_parse_secs(usage, "-e", optarg, 0, 1e9);
			break;
		case 'g': gen = optarg; break;
		case 'h': nc_help(usage);
		case 'i':
			s.idle = nc_parse_secs(usage, "-i", optarg, 0.1, 86400);
			break;
		case 'J': fs.conf.stream = optarg; break;
		case 'k': key = optarg; break;
		case 'n': fs.name = optarg; break;
		case 'q': s.quiet = 1; break;
		case 's': pinfile = optarg; break;
		case 'S': dir = optarg; break;
		case 'T': fs.conf.ca = optarg; break;
		case 't':
			s.timeout = nc_parse_secs(usage, "-t", optarg, 0.01, 3600);
			break;
		case 'V': nc_version();
		case 'z':
			max = nc_parse_size(usage, "-z", optarg, 1 << 16, 1ll << 50);
			break;
		default: nc_usage(usage);
		}
	if (gen != NULL) {
		if (optind != argc || key != NULL || pinfile != NULL)
			nc_usage_msg(usage, "-g takes a name and nothing else");
		return keygen(gen);
	}
	if (optind == argc - 1 && nc_fleet_url(argv[optind])) {
		nc_fleet_set_url(&fs.conf, argv[optind]);
		if (key == NULL || fs.name == NULL || pinfile != NULL)
			nc_usage_msg(usage, "a fleet takes -k and -n, not -s");
		if (!nc_pin_name_ok(fs.name))
			nc_usage_msg(usage, "-n: %s: not a sensor name", fs.name);
		if (!nc_fleet_stream_ok(fs.conf.stream))
			nc_usage_msg(usage, "-J: %s: not a stream name",
			    fs.conf.stream);
	} else {
		char h[256], p[32];

		if (optind != argc - 1 || key == NULL || pinfile == NULL)
			nc_usage_msg(usage, "-k, -s and the collector's "
			    "host:port are needed");
		if (fs.name != NULL || fs.conf.creds != NULL ||
		    fs.conf.ca != NULL || strcmp(fs.conf.stream, "netcap") != 0)
			nc_usage_msg(usage, "-C, -J, -n and -T are for a fleet "
			    "(nats://host:port)");
		if (nc_net_split(argv[optind], h, sizeof h, p, sizeof p) < 0)
			nc_usage_msg(usage, "%s: not host:port", argv[optind]);
	}
	s.addr = argv[optind];
	s.keepalive = s.idle / 3;

	if ((s.ctx = nc_tls_ctx(key, 0, why, sizeof why)) == NULL)
		nc_die("%s", why);
	if (pinfile != NULL && nc_pins_load(&pins, pinfile, why,
	    sizeof why) < 0)
		nc_die("%s", why);
	if (dir == NULL) {
		/* One spool per key: two senders on one host do not meet. */
		nc_tls_own_pin(s.ctx, pin);
		pin[8] = '\0';
		for (c = 0; pin[c] != '\0'; c++)
			if (pin[c] == '/' || pin[c] == '+')
				pin[c] = '_';
		snprintf(defdir, sizeof defdir, "/var/tmp/nc-send.%s", pin);
		dir = defdir;
	}
	if (nc_spool_open(&sp, dir, (uint64_t)max, oldest) < 0)
		nc_die("%s", sp.why);
	s.pins = &pins;
	s.spool = &sp;
	if (fs.conf.url != NULL) {
		fs.conf.timeout = s.timeout;
		fs.key = SSL_CTX_get0_privatekey(s.ctx);
		fs.spool = &sp;
		fs.idle = s.idle;
		fs.backoff_max = s.backoff_max;
		fs.linger = s.linger;
		fs.quiet = s.quiet;
		r = nc_fleet_send_run(&fs);
	} else
		r = nc_sender_run(&s);
	nc_spool_close(&sp);
	nc_pins_free(&pins);
	SSL_CTX_free(s.ctx);
	return r == 0 ? NC_EXIT_OK : NC_EXIT_ERR;
}
