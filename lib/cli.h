/* Command-line plumbing shared by every program: messages, exit codes,
 * checked numbers, progress, terminal refusal and quiet EPIPE. */
#ifndef NC_CLI_H
#define NC_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>

#include "budget.h"
#include "registry.h"

/* One exit-code table for the whole suite (documented in every man page). */
enum {
	NC_EXIT_OK = 0,		/* success */
	NC_EXIT_ERR = 1,	/* runtime error: bad input, I/O, capture */
	NC_EXIT_USAGE = 2,	/* bad options or arguments */
};

extern const char *nc_progname;

/* Sets the program name for messages and makes a closed pipe quiet. */
void nc_cli_init(const char *argv0);

/* -h: print usage to stdout, exit 0.  Bad use: usage to stderr, exit 2. */
noreturn void nc_help(const char *usage);
noreturn void nc_usage(const char *usage);
noreturn void nc_usage_msg(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
noreturn void nc_version(void);

/* err(3)-style: "prog: message"; the _errno forms append strerror. */
void nc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nc_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void nc_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void nc_die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A write failed with errno: EPIPE means the reader went away (| head), which
 * ends the program quietly with success; anything else is an error. */
noreturn void nc_die_write(const char *what);

/* Flush and close stdout, treating failure like nc_die_write. */
void nc_close_stdout(void);

/* Decimal number in [min, max] or a usage error naming the option. */
long long nc_parse_num(const char *usage, const char *opt, const char *s,
    long long min, long long max);

/* A size in bytes, with an optional k, M or G (binary) after it. */
long long nc_parse_size(const char *usage, const char *opt, const char *s,
    long long min, long long max);
/* Seconds, with a fraction, in [min, max]. */
double nc_parse_secs(const char *usage, const char *opt, const char *s,
    double min, double max);

/* --help and --version, as -h and -V, for getopt_long(3), which every
 * program uses: like tcpdump on glibc, options may follow the operands
 * (nc-decode -r f.pcap tcp -c 1); "--" ends the options. */
extern const struct option nc_long_opts[];

/* The options every sink and transform shares, parsed with getopt_long(3):
 *	-B list	the budget for one unpacked record, name=N,... (budget.h)
 *	-h	usage to stdout, exit 0
 *	-l	line-buffered output
 *	-T fmt	time format (the program sets the default), and for a
 *		program that sets tables, csv or tsv: a comma-separated
 *		list; repeated -T add up
 *	-t list	record types; repeated -t add up
 *	-V	version
 *	-x list	record types left out of the -t list, or of the
 *		program's default when there is no -t; repeated -x add up
 * then file arguments.  A program adds its own options: their getopt
 * letters in own, handled by opt(). */
struct nc_opts {
	const char *usage;
	const char *own;
	void (*opt)(struct nc_opts *, int c, char *arg);
	void *arg;
	/* In: the program's defaults.  Out: as the options say. */
	int tfmt;			/* enum nc_time_fmt */
	int tables;			/* -T takes csv and tsv */
	struct nc_typeset types;
	/* Out. */
	struct nc_budget budget;
	int linebuf;
	int tsv;			/* -T tsv */
	int typed;			/* -t was given */
	int nfiles;
	char **files;
};

/* Parses argv; usage errors end the program. */
void nc_opts_parse(struct nc_opts *o, int argc, char *argv[]);
/* Buffers fp as -l says: a line at a time (for watching a live capture
 * through a pipe), else in buf's size bytes unless fp is a terminal.  buf
 * must last as long as fp; NULL leaves stdio's own buffering. */
void nc_opts_setbuf(const struct nc_opts *o, FILE *fp, char *buf,
    size_t size);

/* Refuse to write record frames to a terminal (usage error with a hint). */
void nc_refuse_tty(int fd);

/* Progress on stderr while it is a terminal, at most a few times a second. */
struct nc_progress {
	int on;
	uint64_t total;		/* bytes expected, 0 when unknown */
	uint64_t start_ns, last_ns;
	uint64_t packets, bytes;
};
void nc_progress_init(struct nc_progress *, int quiet, uint64_t total);
void nc_progress_update(struct nc_progress *, uint64_t packets, uint64_t bytes);
void nc_progress_done(struct nc_progress *);

uint64_t nc_now_ns(void);

#endif
