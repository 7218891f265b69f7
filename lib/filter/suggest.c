/* "Did you mean": the known name closest to a misspelt field path, by
 * edit distance, among the record type names and the fields every type
 * has at the depth where the path went wrong. */
#include "filter/node.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_ 64

/* Levenshtein distance, case-insensitive, for names up to NAME_MAX_. */
static size_t
distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[NAME_MAX_ + 1], i, j, diag, up, best, low;

	if (an > NAME_MAX_ || bn > NAME_MAX_)
		return (size_t)-1;
	for (j = 0; j <= bn; j++)
		row[j] = j;
	for (i = 1; i <= an; i++) {
		diag = row[0];
		row[0] = i;
		low = i;
		for (j = 1; j <= bn; j++) {
			up = row[j];
			best = diag + ((a[i - 1] | 0x20) != (b[j - 1] | 0x20));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
			if (best < low)
				low = best;
		}
		/* Only names within 2 are suggested: stop once none can be. */
		if (low > 2)
			return low;
	}
	return row[bn];
}

struct best {
	size_t d;
	char name[256];
};

static void
consider(struct best *b, const char *prefix, size_t plen, const char *want,
    size_t wlen, const char *cand)
{
	size_t clen = strlen(cand), d;

	/* The distance is at least the difference in length. */
	if (clen > wlen + 2 || wlen > clen + 2)
		return;
	d = distance(want, wlen, cand, clen);

	/* A guess that changes more than half of the name is noise. */
	if (d >= b->d || d == 0 || d > 2 || d * 2 > wlen)
		return;
	b->d = d;
	snprintf(b->name, sizeof b->name, "%.*s%s", (int)plen, prefix, cand);
}

void
nc_filter_suggest(const char *path, char *out, size_t size)
{
	const struct nc_type *ts;
	const ProtobufCMessageDescriptor *d;
	const ProtobufCFieldDescriptor *fd;
	struct best b = { (size_t)-1, "" };
	const char *comp, *dot;
	size_t i, j, n, clen;

	ts = nc_types(&n);
	/* A type name in the wrong case ("tcp") is a type test. */
	for (i = 0; i < n; i++)
		if (strcasecmp(path, ts[i].name) == 0) {
			snprintf(out, size, "%s", ts[i].name);
			return;
		}
	for (i = 0; i < n; i++) {
		/* Follow the path while it resolves; suggest for the first
		 * component that does not. */
		d = ts[i].desc;
		comp = path;
		for (;;) {
			dot = strchr(comp, '.');
			clen = dot != NULL ? (size_t)(dot - comp) : strlen(comp);
			fd = NULL;
			for (j = 0; j < d->n_fields && fd == NULL; j++)
				if (strncasecmp(d->fields[j].name, comp, clen) ==
				    0 && d->fields[j].name[clen] == '\0')
					fd = &d->fields[j];
			if (fd == NULL || dot == NULL ||
			    fd->type != PROTOBUF_C_TYPE_MESSAGE)
				break;
			d = fd->descriptor;
			comp = dot + 1;
		}
		if (fd != NULL && dot == NULL)
			continue;
		if (fd != NULL) {
			/* A step through a field that holds no message. */
			continue;
		}
		for (j = 0; j < d->n_fields; j++)
			consider(&b, path, (size_t)(comp - path), comp, clen,
			    d->fields[j].name);
		if (comp == path)
			consider(&b, "", 0, comp, clen, ts[i].name);
	}
	snprintf(out, size, "%s", b.name);
}
