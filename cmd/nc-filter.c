/* nc-filter: keep the records an expression selects, byte for byte. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "filter/filter.h"
#include "filter/select.h"
#include "transform.h"

static const char usage[] = "nc-filter [-chlpvV] [-B budget] [-t types] "
    "[-x types] expression [file ...]";

static int count, bypacket, invert;

static void
option(struct nc_opts *o, int c, char *arg)
{
	(void)o;
	(void)arg;
	if (c == 'c')
		count = 1;
	else if (c == 'p')
		bypacket = 1;
	else
		invert = 1;
}

int
main(int argc, char *argv[])
{
	static struct nc_opts opts = { .usage = usage, .own = "cpv",
	    .opt = option };
	struct nc_transform x = { 0 };
	struct nc_select s = { 0 };
	struct nc_typeset all;
	struct nc_filter_error e;
	int rval;

	nc_cli_init(argv[0]);
	nc_typeset_all(&opts.types);
	all = opts.types;
	nc_opts_parse(&opts, argc, argv);
	if (opts.nfiles < 1)
		nc_usage_msg(usage, "an expression is needed");
	if ((s.filter = nc_filter_compile(opts.files[0], &e)) == NULL) {
		if (e.col > 0)
			nc_usage_msg(usage, "expression, column %d: %s", e.col,
			    e.msg);
		nc_usage_msg(usage, "expression: %s", e.msg);
	}
	if (!count)
		nc_refuse_tty(STDOUT_FILENO);

	if (!count && (x.out = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die_errno("stdout");
	s.invert = invert;
	s.bypacket = bypacket;
	if (opts.types.count != all.count)
		s.only = &opts.types;
	nc_select_init(&s, &x);
	x.budget = &opts.budget;
	x.unbuffered = opts.linebuf;
	rval = nc_transform_run(&x, opts.nfiles - 1, opts.files + 1);
	if (rval == NC_TRANSFORM_STOPPED && nc_transform_error(&x) == NULL)
		nc_die_write("stdout");
	/* Damaged input: the records of the packet before it still count. */
	if ((rval == NC_TRANSFORM_STOPPED && nc_select_finish(&x) < 0) ||
	    nc_writer_close(x.out) < 0)
		nc_die_write("stdout");
	if (count)
		printf("%llu\n", (unsigned long long)s.kept);
	nc_close_stdout();
	nc_select_free(&s);
	nc_filter_free((struct nc_filter *)s.filter);
	if (rval == NC_TRANSFORM_STOPPED)
		nc_die("%s", nc_transform_error(&x));
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
