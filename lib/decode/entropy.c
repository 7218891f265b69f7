/* Shannon entropy of payload bytes, in bits per byte.
 *
 * With c_i the count of byte value i among n bytes,
 *
 *	H = -sum (c_i/n) log2(c_i/n) = log2(n) - (1/n) sum c_i log2(c_i)
 *
 * so one pass counts the bytes and the sum runs over the counts.  See
 * decode.h for the two ways of counting; both are branch-free per byte,
 * which matters more than anything else here: this loop is most of the
 * cost of decoding a packet with a payload. */
#include "decode.h"

#include <math.h>
#include <string.h>

void
nc_entropy_init(struct nc_entropy *e)
{
	size_t c;

	e->clogc[0] = 0;
	for (c = 1; c < NC_ENTROPY_TABLE; c++)
		e->clogc[c] = (double)c * log2((double)c);
}

static double
clogc(const struct nc_entropy *e, size_t c)
{
	if (c < NC_ENTROPY_TABLE)
		return e->clogc[c];
	return (double)c * log2((double)c);
}

/* One histogram and the list of values seen, in order of first sight.
 * Counts stay below NC_ENTROPY_SPLIT, so below the table's end. */
#define SEE(b) do {							\
	uint8_t b_ = (b);						\
									\
	/* Always store; step only when the value is new. */		\
	seen[k] = b_;							\
	k += count[b_]++ == 0;						\
} while (0)

static double
sum_short(struct nc_entropy *e, const uint8_t *restrict p, size_t n)
{
	uint32_t *restrict count = e->count[0];
	uint8_t *restrict seen = e->seen;
	const double *clogc = e->clogc;
	size_t i, k = 0;
	double sum = 0;

	/* Eight at a time: the loop's own counting was a third of it. */
	for (i = 0; i + 8 <= n; i += 8) {
		SEE(p[i]);
		SEE(p[i + 1]);
		SEE(p[i + 2]);
		SEE(p[i + 3]);
		SEE(p[i + 4]);
		SEE(p[i + 5]);
		SEE(p[i + 6]);
		SEE(p[i + 7]);
	}
	for (; i < n; i++)
		SEE(p[i]);
	for (i = 0; i < k; i++) {
		sum += clogc[count[seen[i]]];
		count[seen[i]] = 0;
	}
	return sum;
}

static double
sum_long(struct nc_entropy *e, const uint8_t *restrict p, size_t n)
{
	uint32_t *restrict c0 = e->count[0], *restrict c1 = e->count[1];
	uint32_t *restrict c2 = e->count[2], *restrict c3 = e->count[3];
	uint32_t tot[256];
	size_t i;
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;

	/* Two 4-byte loads feed eight increments: byte loads would compete
	 * with the counters' own loads, and the bytes of a 32-bit word take
	 * fewer instructions to extract than those of a 64-bit one.
	 * restrict: the counters do not alias the payload, so nothing is
	 * reloaded after an increment. */
	for (i = 0; i + 8 <= n; i += 8) {
		uint32_t lo, hi;

		memcpy(&lo, p + i, sizeof lo);
		memcpy(&hi, p + i + 4, sizeof hi);
		c0[lo & 0xff]++;
		c1[lo >> 8 & 0xff]++;
		c2[lo >> 16 & 0xff]++;
		c3[lo >> 24]++;
		c0[hi & 0xff]++;
		c1[hi >> 8 & 0xff]++;
		c2[hi >> 16 & 0xff]++;
		c3[hi >> 24]++;
	}
	for (; i < n; i++)
		c0[p[i]]++;
	/* Merging apart from the table lookups lets the compiler vectorise
	 * it; four sums, as one would make each addition wait for the last. */
	for (i = 0; i < 256; i++)
		tot[i] = c0[i] + c1[i] + c2[i] + c3[i];
	memset(e->count, 0, sizeof e->count);
	/* No count reaches the table's end unless n does: then without the
	 * test of each count.  The same sums in the same order either way. */
	if (n < NC_ENTROPY_TABLE) {
		const double *t = e->clogc;

		for (i = 0; i < 256; i += 4) {
			s0 += t[tot[i]];
			s1 += t[tot[i + 1]];
			s2 += t[tot[i + 2]];
			s3 += t[tot[i + 3]];
		}
	} else {
		for (i = 0; i < 256; i += 4) {
			s0 += clogc(e, tot[i]);
			s1 += clogc(e, tot[i + 1]);
			s2 += clogc(e, tot[i + 2]);
			s3 += clogc(e, tot[i + 3]);
		}
	}
	return (s0 + s1) + (s2 + s3);
}

double
nc_entropy(struct nc_entropy *e, const uint8_t *p, size_t n)
{
	double sum, h;

	if (n == 0)
		return 0;
	sum = n < NC_ENTROPY_SPLIT ? sum_short(e, p, n) : sum_long(e, p, n);
	h = (clogc(e, n) - sum) / (double)n;
	return h > 0 ? h : 0;
}
