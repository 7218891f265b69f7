/* nc-tocsv: records as CSV or TSV, one type to stdout or one file per
 * type. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cicflow.h"
#include "cli.h"
#include "outfile.h"
#include "registry.h"
#include "transform.h"
#include "walk.h"

static const char usage[] = "nc-tocsv [-hlV] [-B budget] [-d dir] "
    "[-f fields] [-H header] [-t types] [-T format] [-x types] [file ...]";

struct out {
	FILE *fp;
	char *path;
	struct nc_outfile file;
	struct nc_cols cols;
};

static struct out *outs[NC_TYPE_MAX + 1];
static struct nc_opts opts;
static const struct nc_typeset empty;
static const char *dir, *fields;
static int cicflow;		/* -H cicflowmeter */
static int dirfd_ = -1;		/* -d, opened once and checked */
static struct nc_inputs inputs;
static int pick_first;		/* no -t, no -d: the first type seen */
static uint64_t skipped[NC_TYPE_MAX + 1];
static struct nc_buf line;

static void
put(struct out *o)
{
	if (fwrite(line.p, 1, line.len, o->fp) != line.len)
		nc_die_write(o->path);
}

static struct out *
out_open(const struct nc_type *t)
{
	static char *bufs[NC_TYPE_MAX + 1];
	const char *bad;
	size_t badlen, n;
	struct out *o;

	if ((o = calloc(1, sizeof *o)) == NULL)
		nc_die("out of memory");
	if (dir == NULL) {
		o->fp = stdout;
		o->path = "stdout";
	} else {
		n = strlen(dir) + strlen(t->name) + 6;
		if ((o->path = malloc(n)) == NULL)
			nc_die("out of memory");
		snprintf(o->path, n, "%s/%s.%s", dir, t->name,
		    opts.tsv ? "tsv" : "csv");
		if (nc_outfile_openat(&o->file, dirfd_, o->path +
		    strlen(dir) + 1, o->path, &inputs) < 0)
			nc_die("%s: %s", o->path, o->file.why);
		if ((o->fp = fdopen(o->file.fd, "w")) == NULL)
			nc_die_errno("%s", o->path);
		bufs[t->id] = opts.linebuf ? NULL : malloc(1 << 16);
		nc_opts_setbuf(&opts, o->fp, bufs[t->id], 1 << 16);
	}
	if (fields != NULL)
		nc_cols_parse(t->desc, fields, &o->cols, &bad, &badlen);
	else
		nc_cols_all(t->desc, &o->cols);
	o->cols.tsv = opts.tsv;
	line.len = 0;
	if (cicflow)
		nc_cicflow_header(&line, opts.tsv);
	else if (opts.tsv)
		nc_walk_tsv_header(&o->cols, t->name, &line);
	else
		nc_walk_csv_header(&o->cols, &line);
	put(o);
	return outs[t->id] = o;
}

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	struct out *o = outs[t->id];

	if (o == NULL) {
		o = out_open(t);
		if (pick_first) {
			/* From now on the others are only counted. */
			memset(&x->types, 0, sizeof x->types);
			x->types.has[t->id] = 1;
			x->types.count = 1;
		}
	}
	line.len = 0;
	if (cicflow)
		nc_cicflow_row((const Netcap__Flow *)(const void *)m, &line,
		    opts.tsv);
	else
		nc_walk_csv(m, &o->cols, opts.tfmt, &line);
	put(o);
	return 0;
}

static void
skip(struct nc_transform *x, const struct nc_type *t)
{
	(void)x;
	/* Types left out with -x are not missed. */
	if (opts.types.has[t->id])
		skipped[t->id]++;
}

/* Warns once about the records left out when no type was chosen. */
static void
report_skipped(void)
{
	struct nc_buf b = { 0 };
	size_t i, n;
	const struct nc_type *ts = nc_types(&n);

	for (i = 0; i < n; i++) {
		if (skipped[ts[i].id] == 0)
			continue;
		nc_buf_puts(&b, b.len > 0 ? ", " : "");
		nc_fmt_u64(&b, skipped[ts[i].id]);
		nc_buf_putc(&b, ' ');
		nc_buf_puts(&b, ts[i].name);
	}
	if (b.len > 0)
		nc_warn("skipped %.*s records: choose a type with -t or write "
		    "every type with -d DIR", (int)b.len, b.p);
	nc_buf_free(&b);
}

/* Writes the header row of each type chosen with -t but never seen (only
 * now, so that input which is not a stream leaves stdout empty), and closes
 * the files of -d under their final names. */
static void
close_all(const struct nc_typeset *types)
{
	const struct nc_type *ts;
	struct out *o;
	size_t i, n;

	ts = nc_types(&n);
	for (i = 0; i < n; i++) {
		o = outs[ts[i].id];
		if (o == NULL && nc_typeset_has(types, ts[i].id))
			o = out_open(&ts[i]);
		if (o == NULL || o->fp == stdout)
			continue;
		if (fflush(o->fp) == EOF || ferror(o->fp) ||
		    fclose(o->fp) == EOF)
			nc_die_write(o->path);
		if (nc_outfile_commit(&o->file) < 0)
			nc_die("%s: %s", o->path, o->file.why);
	}
	nc_close_stdout();
}

/* The folder of -d, and what must never be written over in it. */
static void
open_dir(int nfiles, char **files)
{
	char why[256];
	int i;

	for (i = 0; i < nfiles || (i == 0 && nfiles == 0); i++)
		if (nc_inputs_add(&inputs, nfiles > 0 ? files[i] : "-") < 0)
			nc_die("out of memory");
	if ((dirfd_ = nc_outdir_open(dir, why, sizeof why)) < 0)
		nc_die("%s: %s", dir, why);
	/* Killed, the run leaves no file unfinished. */
	nc_outfile_cleanup_on_signals();
}

/* The nested message whose field bad (in list) should have been, when
 * bad follows a path of message fields such as "answers.", else NULL. */
static const ProtobufCMessageDescriptor *
nested(const ProtobufCMessageDescriptor *desc, const char *list,
    const char *bad)
{
	const char *s = bad;
	char path[256];
	struct nc_path p;
	const char *b;
	size_t n;
	const ProtobufCFieldDescriptor *f;

	while (s > list && s[-1] != ',')
		s--;
	if (bad == s || bad[-1] != '.' || (n = (size_t)(bad - 1 - s)) >=
	    sizeof path)
		return NULL;
	memcpy(path, s, n);
	path[n] = '\0';
	if (nc_walk_path(desc, path, &p, &b, &n) < 0)
		return NULL;
	f = p.field[p.depth - 1];
	return f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor : NULL;
}

/* Checks -f against the one type of -t, listing its fields if wrong: those
 * of the nested message for a wrong name in a dotted path. */
static void
check_fields(const struct nc_typeset *types)
{
	const struct nc_type *t = NULL;
	struct nc_cols c;
	struct nc_buf names = { 0 };
	const char *bad;
	size_t badlen, i, n;

	t = nc_types(&n);
	for (i = 0; i < n && !nc_typeset_has(types, t[i].id); i++)
		;
	t = &t[i];
	if (nc_cols_parse(t->desc, fields, &c, &bad, &badlen) < 0) {
		const ProtobufCMessageDescriptor *d = nested(t->desc, fields,
		    bad);

		nc_walk_field_names(d != NULL ? d : t->desc, &names);
		nc_usage_msg(usage, "-f: %s has no field \"%.*s\"; its fields "
		    "are: %.*s", d != NULL ? d->short_name : t->name,
		    (int)badlen, bad, (int)names.len, names.p);
	}
	nc_cols_free(&c);
}

static void
option(struct nc_opts *o, int c, char *arg)
{
	if (c == 'd')
		dir = arg;
	else if (c == 'H') {
		if (strcmp(arg, "cicflowmeter") != 0)
			nc_usage_msg(o->usage, "-H: the only header is "
			    "cicflowmeter, not %s", arg);
		cicflow = 1;
	} else
		fields = arg;
}

int
main(int argc, char *argv[])
{
	static char obuf[1 << 18];
	struct nc_transform x = { .record = record, .skip = skip };
	int rval;

	nc_cli_init(argv[0]);
	opts.usage = usage;
	opts.own = "d:f:H:";
	opts.opt = option;
	opts.tfmt = NC_TIME_EPOCH;
	opts.tables = 1;
	nc_typeset_all(&opts.types);
	nc_opts_parse(&opts, argc, argv);
	if (opts.typed && opts.types.count > 1 && dir == NULL)
		nc_usage_msg(usage, "-t names several types: write them with "
		    "-d DIR");
	if (dir != NULL && *dir == '\0')
		nc_usage_msg(usage, "-d needs a folder name");
	if (fields != NULL && (!opts.typed || opts.types.count != 1))
		nc_usage_msg(usage, "-f needs -t naming exactly one type");
	if (fields != NULL)
		check_fields(&opts.types);
	if (cicflow && (!opts.typed || opts.types.count != 1 ||
	    !nc_typeset_has(&opts.types, NETCAP__RECORD__RECORD_FLOW)))
		nc_usage_msg(usage, "-H cicflowmeter needs -t Flow");
	if (cicflow && fields != NULL)
		nc_usage_msg(usage, "-H and -f choose the columns both");

	nc_opts_setbuf(&opts, stdout, obuf, sizeof obuf);
	if (dir != NULL)
		open_dir(opts.nfiles, opts.files);
	x.types = opts.types;
	x.budget = &opts.budget;
	pick_first = !opts.typed && dir == NULL;
	rval = nc_transform_run(&x, opts.nfiles, opts.files);
	if (rval == NC_TRANSFORM_STOPPED) {
		if (nc_transform_error(&x) == NULL)
			nc_die_write("stdout");
		/* Keep what was written before the damage. */
		fflush(NULL);
		if (dir != NULL)
			close_all(&empty);
		nc_die("%s", nc_transform_error(&x));
	}
	close_all(opts.typed ? &opts.types : &empty);
	if (pick_first)
		report_skipped();
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
