/* nc-label: ground truth from alerts and attack schedules attached to the
 * records that have endpoints; every other record passes byte for byte. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "label/label.h"
#include "render.h"
#include "transform.h"

static const char usage[] = "nc-label [-hlvV] [-B budget] [-d default] "
    "[-e eve.json] [-f fast.log] [-k key] [-r schedule] [-t types] "
    "[-w seconds] [-x types] [file ...]";

#define SOURCES_MAX 64

static struct {
	int kind;
	const char *path;
} sources[SOURCES_MAX];
static int nsources, verbose;
static const char *deflabel = "normal";
static enum nc_label_key key = NC_LABEL_SIGNATURE;
static double tolerance = 1;
static struct nc_labeler *lab;
static struct nc_buf buf;
static uint64_t labelled, defaulted;

static void
option(struct nc_opts *o, int c, char *arg)
{
	char *end;

	switch (c) {
	case 'd':
		if (*arg == '\0')
			nc_usage_msg(o->usage, "-d: an empty label");
		deflabel = arg;
		break;
	case 'k':
		if (strcmp(arg, "signature") == 0)
			key = NC_LABEL_SIGNATURE;
		else if (strcmp(arg, "category") == 0)
			key = NC_LABEL_CATEGORY;
		else if (strcmp(arg, "severity") == 0)
			key = NC_LABEL_SEVERITY;
		else
			nc_usage_msg(o->usage, "-k: signature, category or "
			    "severity, not %s", arg);
		break;
	case 'v':
		verbose = 1;
		break;
	case 'w':
		tolerance = strtod(arg, &end);
		if (end == arg || *end != '\0' || !isfinite(tolerance) ||
		    tolerance < 0 || tolerance > 86400 * 365)
			nc_usage_msg(o->usage, "-w: seconds from 0 to 31536000, "
			    "not %s", arg);
		break;
	default:
		if (nsources == SOURCES_MAX)
			nc_usage_msg(o->usage, "at most %d sources",
			    SOURCES_MAX);
		sources[nsources].kind = c == 'e' ? NC_LABEL_EVE :
		    c == 'f' ? NC_LABEL_FAST : NC_LABEL_RULES;
		sources[nsources++].path = arg;
	}
}

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const char *labels[NC_LABEL_PER_RECORD];
	const struct nc_frame *f = x->frame;
	struct nc_frame g;
	size_t n;

	n = nc_labeler_match(lab, t, m, labels);
	labelled += n > 0;
	defaulted += n == 0;
	if (nc_labeler_has_labels(lab, t, m) ||
	    nc_label_append(f->data, f->len, t->id, n > 0 ? labels[0] :
	    deflabel, labels, n, &buf) < 0)
		return nc_label_repack(x->out, t->id, m, n > 0 ? labels[0] :
		    deflabel, labels, n);
	g = *f;
	g.data = (const uint8_t *)buf.p;
	g.len = buf.len;
	return nc_writer_frame(x->out, &g);
}

static void
load(void)
{
	char err[512];
	FILE *fp;
	int i;

	if ((lab = nc_labeler_new(key, (int64_t)(tolerance * 1e9))) == NULL)
		nc_die("out of memory");
	for (i = 0; i < nsources; i++) {
		if ((fp = fopen(sources[i].path, "r")) == NULL)
			nc_die_errno("%s", sources[i].path);
		if (nc_labeler_read(lab, sources[i].kind, fp, sources[i].path,
		    err, sizeof err) < 0)
			nc_die("%s", err);
		fclose(fp);
	}
	nc_labeler_ready(lab);
}

int
main(int argc, char *argv[])
{
	static struct nc_opts opts = { .usage = usage, .own = "d:e:f:k:r:vw:",
	    .opt = option };
	struct nc_transform x = { .record = record };
	const struct nc_label_stats *st;
	size_t i, n;
	const struct nc_type *ts;
	int rval;

	nc_cli_init(argv[0]);
	nc_typeset_all(&opts.types);
	nc_opts_parse(&opts, argc, argv);
	nc_refuse_tty(STDOUT_FILENO);
	load();

	/* Only the types that can carry labels are unpacked. */
	ts = nc_types(&n);
	for (i = 0; i < n; i++)
		if (nc_typeset_has(&opts.types, ts[i].id) &&
		    nc_labeler_labelable(lab, &ts[i])) {
			x.types.has[ts[i].id] = 1;
			x.types.count++;
		}
	if ((x.out = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die_errno("stdout");
	x.budget = &opts.budget;
	x.unbuffered = opts.linebuf;
	rval = nc_transform_run(&x, opts.nfiles, opts.files);
	if (rval == NC_TRANSFORM_STOPPED && nc_transform_error(&x) == NULL)
		nc_die_write("stdout");
	if (nc_writer_close(x.out) < 0)
		nc_die_write("stdout");
	nc_close_stdout();
	if (verbose) {
		st = nc_labeler_stats(lab);
		fprintf(stderr, "%s: %llu alerts, %llu rules, %llu other EVE "
		    "events; %llu records labelled, %llu given %s, %llu with "
		    "more than %d labels\n", nc_progname,
		    (unsigned long long)st->alerts,
		    (unsigned long long)st->rules,
		    (unsigned long long)st->ignored,
		    (unsigned long long)labelled,
		    (unsigned long long)defaulted, deflabel,
		    (unsigned long long)st->cut, NC_LABEL_PER_RECORD);
	}
	nc_labeler_free(lab);
	nc_buf_free(&buf);
	if (rval == NC_TRANSFORM_STOPPED)
		nc_die("%s", nc_transform_error(&x));
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
