/* The program nc-dump and nc-tojson share, but for the renderer. */
#include "sink.h"
#include "cli.h"
#include "transform.h"

#include <stdio.h>

struct lines {
	const struct nc_sink_lines *s;
	int tfmt;
	int verbose;		/* -v */
	struct nc_buf line;
};

static void
opt_v(struct nc_opts *o, int c, char *arg)
{
	(void)c;
	(void)arg;
	((struct lines *)o->arg)->verbose = 1;
}

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	struct lines *l = x->arg;

	l->line.len = 0;
	if (l->verbose)
		l->s->render_v(m, t->name, l->tfmt, &l->line);
	else
		l->s->render(m, t->name, l->tfmt, &l->line);
	if (fwrite(l->line.p, 1, l->line.len, stdout) != l->line.len)
		return -1;
	return 0;
}

int
nc_sink_lines(const struct nc_sink_lines *s, int argc, char *argv[])
{
	static char obuf[1 << 18];
	struct nc_opts o = { .usage = s->usage, .tfmt = s->tfmt };
	struct lines l = { .s = s };
	struct nc_transform x = { .record = record, .arg = &l };
	int rval;

	nc_cli_init(argv[0]);
	/* Every record but the Header, as jq and awk want them, unless -t
	 * says otherwise (-t all,Header for everything). */
	nc_typeset_all(&o.types);
	if (s->render_v != NULL) {
		o.own = "v";
		o.opt = opt_v;
		o.arg = &l;
	}
	nc_opts_parse(&o, argc, argv);

	nc_opts_setbuf(&o, stdout, obuf, sizeof obuf);
	l.tfmt = o.tfmt;
	x.types = o.types;
	x.budget = &o.budget;
	rval = nc_transform_run(&x, o.nfiles, o.files);
	if (rval == NC_TRANSFORM_STOPPED) {
		if (nc_transform_error(&x) == NULL)
			nc_die_write("stdout");
		/* Keep what was rendered before the damage. */
		fflush(NULL);
		nc_die("%s", nc_transform_error(&x));
	}
	nc_close_stdout();
	nc_buf_free(&l.line);
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
