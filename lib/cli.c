/* Command-line plumbing shared by every program. */
#include "cli.h"
#include "render.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef NC_VERSION
#define NC_VERSION "unknown"
#endif

const char *nc_progname = "netcap";

void
nc_cli_init(const char *argv0)
{
	const char *s;

	if (argv0 != NULL && *argv0 != '\0') {
		s = strrchr(argv0, '/');
		nc_progname = s != NULL ? s + 1 : argv0;
	}
	/* A closed pipe shows up as EPIPE on write, handled by nc_die_write. */
	signal(SIGPIPE, SIG_IGN);
}

noreturn void
nc_help(const char *usage)
{
	printf("usage: %s\n", usage);
	nc_close_stdout();
	exit(NC_EXIT_OK);
}

noreturn void
nc_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(NC_EXIT_USAGE);
}

noreturn void
nc_usage_msg(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", nc_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nc_usage(usage);
}

noreturn void
nc_version(void)
{
	printf("%s (netcap) %s\n", nc_progname, NC_VERSION);
	nc_close_stdout();
	exit(NC_EXIT_OK);
}

static void
vwarn_(int errnum, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", nc_progname);
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
nc_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_(0, fmt, ap);
	va_end(ap);
}

void
nc_warn_errno(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vwarn_(e, fmt, ap);
	va_end(ap);
}

noreturn void
nc_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_(0, fmt, ap);
	va_end(ap);
	exit(NC_EXIT_ERR);
}

noreturn void
nc_die_errno(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vwarn_(e, fmt, ap);
	va_end(ap);
	exit(NC_EXIT_ERR);
}

noreturn void
nc_die_write(const char *what)
{
	if (errno == EPIPE)
		_exit(NC_EXIT_OK);
	nc_die_errno("write %s", what);
}

void
nc_close_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		nc_die_write("stdout");
	if (fclose(stdout) == EOF)
		nc_die_write("stdout");
}

long long
nc_parse_num(const char *usage, const char *opt, const char *s,
    long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno == ERANGE)
		nc_usage_msg(usage, "%s: not a number: %s", opt, s);
	if (v < min || v > max)
		nc_usage_msg(usage, "%s: %s is out of range %lld-%lld", opt, s,
		    min, max);
	return v;
}

long long
nc_parse_size(const char *usage, const char *opt, const char *s,
    long long min, long long max)
{
	static const char units[] = "kKmMgG";
	const char *u;
	char *end;
	long long v;
	int shift = 0;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' && end[1] == '\0' && (u = strchr(units, *end)) != NULL) {
		shift = 10 * (int)(1 + (u - units) / 2);
		end++;
	}
	if (*s == '\0' || *s == '-' || *end != '\0' || errno == ERANGE ||
	    (v > 0 && v > LLONG_MAX >> shift))
		nc_usage_msg(usage, "%s: not a size: %s", opt, s);
	v <<= shift;
	if (v < min || v > max)
		nc_usage_msg(usage, "%s: %s is out of range %lld-%lld", opt, s,
		    min, max);
	return v;
}

double
nc_parse_secs(const char *usage, const char *opt, const char *s, double min,
    double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno == ERANGE || !(v == v))
		nc_usage_msg(usage, "%s: not a number of seconds: %s", opt, s);
	if (v < min || v > max)
		nc_usage_msg(usage, "%s: %s is out of range %g-%g", opt, s, min,
		    max);
	return v;
}

const struct option nc_long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* -T: a comma-separated list of a time format and, for a program that
 * writes tables, csv or tsv; repeated -T add up. */
static void
t_formats(struct nc_opts *o, const char *arg)
{
	const char *s = arg, *e;
	char word[16];
	size_t n;
	int t;

	for (;;) {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		snprintf(word, sizeof word, "%.*s", (int)n, s);
		if (n < sizeof word && (t = nc_time_fmt_parse(word)) >= 0)
			o->tfmt = t;
		else if (o->tables && n < sizeof word &&
		    (strcmp(word, "csv") == 0 || strcmp(word, "tsv") == 0))
			o->tsv = word[0] == 't';
		else
			nc_usage_msg(o->usage, "-T: unknown format: %.*s (%s)",
			    (int)n, s, o->tables ? "epoch, iso, csv or tsv" :
			    "epoch or iso");
		if (e == NULL)
			return;
		s = e + 1;
	}
}

void
nc_opts_parse(struct nc_opts *o, int argc, char *argv[])
{
	struct nc_typeset only = { 0 }, except = { 0 };
	char letters[64];
	const char *bad;
	int c;

	o->budget = (struct nc_budget)NC_BUDGET_DEFAULT;
	snprintf(letters, sizeof letters, "B:hlT:t:Vx:%s",
	    o->own != NULL ? o->own : "");
	while ((c = getopt_long(argc, argv, letters, nc_long_opts,
	    NULL)) != -1) {
		switch (c) {
		case 'B':
			if (nc_budget_parse(&o->budget, optarg, &bad) < 0)
				nc_usage_msg(o->usage, "-B: bad budget: %s "
				    "(elements=N, depth=N or size=N[kmg])",
				    bad);
			break;
		case 'h':
			nc_help(o->usage);
		case 'l':
			o->linebuf = 1;
			break;
		case 'T':
			t_formats(o, optarg);
			break;
		case 't':
			if (nc_typeset_add(&only, optarg, &bad) < 0)
				nc_usage_msg(o->usage, "-t: unknown type: %s",
				    bad);
			o->typed = 1;
			break;
		case 'V':
			nc_version();
		case 'x':
			if (nc_typeset_add(&except, optarg, &bad) < 0)
				nc_usage_msg(o->usage, "-x: unknown type: %s",
				    bad);
			break;
		case '?':
			nc_usage(o->usage);
		default:
			/* getopt returns only letters it was given. */
			o->opt(o, c, optarg);
		}
	}
	if (o->typed)
		o->types = only;
	nc_typeset_sub(&o->types, &except);
	o->nfiles = argc - optind;
	o->files = argv + optind;
}

void
nc_opts_setbuf(const struct nc_opts *o, FILE *fp, char *buf, size_t size)
{
	if (o->linebuf)
		setvbuf(fp, NULL, _IOLBF, 0);
	else if (buf != NULL && !isatty(fileno(fp)))
		setvbuf(fp, buf, _IOFBF, size);
}

void
nc_refuse_tty(int fd)
{
	if (isatty(fd)) {
		fprintf(stderr, "%s: refusing to write binary records to a "
		    "terminal; pipe them into nc-dump or use -w FILE\n",
		    nc_progname);
		exit(NC_EXIT_USAGE);
	}
}

uint64_t
nc_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void
nc_progress_init(struct nc_progress *p, int quiet, uint64_t total)
{
	memset(p, 0, sizeof *p);
	p->on = !quiet && isatty(STDERR_FILENO);
	p->total = total;
	p->start_ns = p->last_ns = nc_now_ns();
}

static void
progress_print(struct nc_progress *p, uint64_t now, const char *end)
{
	double secs = (double)(now - p->start_ns) / 1e9;
	double rate = secs > 0 ? (double)p->packets / secs : 0;

	fprintf(stderr, "\r%s: %llu packets, %.1f MiB", nc_progname,
	    (unsigned long long)p->packets, (double)p->bytes / 1048576.0);
	if (p->total > 0)
		fprintf(stderr, ", %3.0f%%", 100.0 * (double)p->bytes /
		    (double)p->total);
	fprintf(stderr, ", %.0f packets/s\033[K%s", rate, end);
}

void
nc_progress_update(struct nc_progress *p, uint64_t packets, uint64_t bytes)
{
	uint64_t now;

	if (!p->on)
		return;
	p->packets = packets;
	p->bytes = bytes;
	/* Callers tick every packet; look at the clock only now and then. */
	if ((packets & 1023) != 0)
		return;
	now = nc_now_ns();
	if (now - p->last_ns < 250000000u)
		return;
	p->last_ns = now;
	progress_print(p, now, "");
}

void
nc_progress_done(struct nc_progress *p)
{
	if (p->on)
		progress_print(p, nc_now_ns(), "\n");
}
