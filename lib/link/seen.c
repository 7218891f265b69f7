/* Sets of sequence numbers as sorted ranges (seen.h). */
#include "seen.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first range whose hi is >= seq, or n. */
static size_t
find(const struct nc_seen *s, uint64_t seq)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->r[mid].hi < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
nc_seen_has(const struct nc_seen *s, uint64_t seq)
{
	size_t i = find(s, seq);

	return i < s->n && s->r[i].lo <= seq;
}

int
nc_seen_add(struct nc_seen *s, uint64_t lo, uint64_t hi)
{
	size_t i, j;

	/* Grown as holes appear: a collector alone on a durable keeps one
	 * range a sensor. */
	if (s->n == s->cap && s->cap < NC_SEEN_MAX) {
		size_t nc = s->cap ? 2 * s->cap : 8;
		struct nc_seen_range *q;

		if (nc > NC_SEEN_MAX)
			nc = NC_SEEN_MAX;
		if ((q = realloc(s->r, nc * sizeof *q)) == NULL)
			return -1;
		s->r = q;
		s->cap = nc;
	}
	/* i: the first range that touches or follows [lo, hi]. */
	i = find(s, lo == 0 ? 0 : lo - 1);
	j = i;
	while (j < s->n && (hi == UINT64_MAX || s->r[j].lo <= hi + 1)) {
		if (s->r[j].lo < lo)
			lo = s->r[j].lo;
		if (s->r[j].hi > hi)
			hi = s->r[j].hi;
		j++;
	}
	if (j > i) {
		/* [i, j) merge into one. */
		s->r[i].lo = lo;
		s->r[i].hi = hi;
		memmove(s->r + i + 1, s->r + j, (s->n - j) * sizeof *s->r);
		s->n -= j - i - 1;
		return 0;
	}
	if (s->n == NC_SEEN_MAX) {
		if (i == 0)
			return 0;	/* older than all that is kept */
		memmove(s->r, s->r + 1, (s->n - 1) * sizeof *s->r);
		s->n--;
		i--;
		s->forgotten++;
	}
	memmove(s->r + i + 1, s->r + i, (s->n - i) * sizeof *s->r);
	s->r[i].lo = lo;
	s->r[i].hi = hi;
	s->n++;
	return 0;
}

void
nc_seen_clear(struct nc_seen *s)
{
	free(s->r);
	memset(s, 0, sizeof *s);
}

int
nc_seen_print(const struct nc_seen *s, FILE *fp)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (fprintf(fp, "%" PRIu64 " %" PRIu64 "\n", s->r[i].lo,
		    s->r[i].hi) < 0)
			return -1;
	return 0;
}

void
nc_seen_scan(struct nc_seen *s, FILE *fp)
{
	uint64_t lo, hi;

	nc_seen_clear(s);
	while (s->n < NC_SEEN_MAX &&
	    fscanf(fp, "%" SCNu64 " %" SCNu64, &lo, &hi) == 2 && lo <= hi)
		if (nc_seen_add(s, lo, hi) < 0)
			break;
}
