/* Sets of sequence numbers as sorted ranges (seen.h). */
#include "seen.h"

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

	if (s->r == NULL &&
	    (s->r = malloc(NC_SEEN_MAX * sizeof *s->r)) == NULL)
		return -1;
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
