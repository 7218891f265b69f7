/* TCP reassembly (lib/flow/tcpreasm.c): order, retransmissions, overlaps
 * (first bytes win, differing ones counted), sequence wraparound, pickup
 * of an open connection, gaps at the end and under the caps, and a
 * random property test: any segmentation, order and duplication of a
 * stream gives back the stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/tcpreasm.h"
#include "tap.h"

/* What came out: the bytes, with each gap written as one '#' per byte
 * (up to the buffer's end), and the gap count. */
struct sink {
	char b[8192];
	size_t n;
	int gaps;
	uint64_t gap_bytes;
};

static void
on_data(void *arg, const uint8_t *p, size_t n)
{
	struct sink *s = arg;

	if (n > sizeof s->b - 1 - s->n)
		n = sizeof s->b - 1 - s->n;
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static void
on_gap(void *arg, uint64_t n)
{
	struct sink *s = arg;

	s->gaps++;
	s->gap_bytes += n;
	while (n-- > 0 && s->n < sizeof s->b - 1)
		s->b[s->n++] = '#';
	s->b[s->n] = '\0';
}

static struct sink S;
static const struct nc_reasm_out OUT = { on_data, on_gap, &S };

static void
seg(struct nc_reasm *r, struct nc_reasm_dir *d, uint32_t seq, int syn,
    int fin, const char *text)
{
	nc_reasm_segment(r, d, seq, syn, fin, (const uint8_t *)text,
	    strlen(text), &OUT);
}

static void
reset(struct nc_reasm *r, size_t conn_max, size_t total_max)
{
	memset(&S, 0, sizeof S);
	nc_reasm_init(r, conn_max, total_max);
}

static void
test_order(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };

	reset(&r, 0, 0);
	seg(&r, &d, 100, 1, 0, "");
	seg(&r, &d, 101, 0, 0, "abc");
	seg(&r, &d, 104, 0, 0, "def");
	ok(strcmp(S.b, "abcdef") == 0 && r.used == 0,
	    "in order after the SYN, nothing kept");
	seg(&r, &d, 110, 0, 0, "jkl");
	seg(&r, &d, 107, 0, 0, "ghi");
	ok(strcmp(S.b, "abcdefghijkl") == 0 && r.used == 0,
	    "a segment ahead waits for the one before it");
	seg(&r, &d, 104, 0, 0, "def");
	seg(&r, &d, 112, 0, 0, "lmn");
	ok(strcmp(S.b, "abcdefghijklmn") == 0 && r.retrans_bytes == 4,
	    "retransmitted bytes come out once, and are counted");
	nc_reasm_flush(&r, &d, &OUT);
	ok(S.gaps == 0 && d.started == 0, "flush: no gap, direction reset");
}

static void
test_overlap(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };

	reset(&r, 0, 0);
	seg(&r, &d, 0, 1, 0, "");
	seg(&r, &d, 5, 0, 0, "EFGH");
	seg(&r, &d, 3, 0, 0, "CDxFGHIJ");
	ok(r.overlaps == 1 && r.overlaps_differ == 1,
	    "an overlap whose bytes differ is counted");
	seg(&r, &d, 1, 0, 0, "AB");
	ok(strcmp(S.b, "ABCDEFGHIJ") == 0,
	    "the bytes that arrived first win, the rest fills in");
	seg(&r, &d, 20, 0, 0, "uvw");
	seg(&r, &d, 20, 0, 0, "uvw");
	ok(r.overlaps == 2 && r.overlaps_differ == 1,
	    "an identical copy of a waiting segment is not a difference");
	nc_reasm_flush(&r, &d, &OUT);
	ok(strcmp(S.b, "ABCDEFGHIJ#########uvw") == 0 && S.gaps == 1 &&
	    S.gap_bytes == 9, "flush skips the hole and reports it");
}

static void
test_wrap(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };

	reset(&r, 0, 0);
	seg(&r, &d, 0xfffffff9u, 1, 0, "");
	seg(&r, &d, 0x00000000u, 0, 0, "6789");
	seg(&r, &d, 0xfffffffau, 0, 0, "012345");
	ok(strcmp(S.b, "0123456789") == 0 && d.offset == 10,
	    "sequence numbers wrap");
	seg(&r, &d, 0xfffffffeu, 0, 0, "45");
	ok(r.retrans_bytes == 2 && strcmp(S.b, "0123456789") == 0,
	    "old bytes before the wrap are old");
}

static void
test_pickup(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };

	reset(&r, 0, 0);
	seg(&r, &d, 5000, 0, 0, "");
	ok(!d.started, "a bare ACK does not start the stream");
	seg(&r, &d, 5000, 0, 0, "mid-stream");
	seg(&r, &d, 5010, 0, 1, "!");
	ok(strcmp(S.b, "mid-stream!") == 0,
	    "a connection open before capture starts at its first data");
	nc_reasm_flush(&r, &d, &OUT);
	ok(S.gaps == 0, "FIN right after the last byte: no gap");
}

static void
test_fin_gap(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };

	reset(&r, 0, 0);
	seg(&r, &d, 0, 1, 0, "");
	seg(&r, &d, 1, 0, 0, "abc");
	seg(&r, &d, 10, 0, 1, "");
	nc_reasm_flush(&r, &d, &OUT);
	ok(strcmp(S.b, "abc######") == 0 && S.gap_bytes == 6,
	    "bytes before a FIN that never came are a gap");
}

static void
test_caps(void)
{
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 }, e = { 0 };

	reset(&r, 8, 0);
	seg(&r, &d, 0, 1, 0, "");
	seg(&r, &d, 11, 0, 0, "klmno");
	ok(r.used == 5 && S.n == 0, "under the cap, a segment waits");
	seg(&r, &d, 16, 0, 0, "pqrst");
	ok(strcmp(S.b, "##########klmnopqrst") == 0 && r.capped == 1 &&
	    r.used == 0, "over the connection's cap, the hole is skipped");
	reset(&r, 100, 8);
	memset(&d, 0, sizeof d);
	seg(&r, &d, 0, 1, 0, "");
	seg(&r, &e, 0, 1, 0, "");
	seg(&r, &e, 11, 0, 0, "KLMNO");
	seg(&r, &d, 11, 0, 0, "klmno");
	ok(r.capped == 1 && r.used == 5 && d.waiting == 0 && e.waiting == 5,
	    "over the global cap, the direction adding bytes skips its hole");
	nc_reasm_drop(&r, &e);
	ok(r.used == 0, "drop frees what waits");
}

/* One stream cut into random segments, sent shuffled with random
 * duplicates and retransmissions cut at other places, around a random
 * ISN: the stream comes out whole. */
static void
test_random(void)
{
	static uint8_t stream[4000];
	struct piece { uint32_t off, n; } s[800], t;
	struct nc_reasm r;
	struct nc_reasm_dir d = { 0 };
	unsigned seed, i, ns, bad = 0, k;

	for (seed = 1; seed <= 50; seed++) {
		uint32_t isn, off = 0;

		srand(seed);
		for (i = 0; i < sizeof stream; i++)
			stream[i] = (uint8_t)('a' + rand() % 26);
		isn = (uint32_t)rand() * 2654435761u;
		if (seed % 5 == 0)
			isn = 0xffffffffu - (uint32_t)(rand() % 3000);
		for (ns = 0; off < sizeof stream && ns < 400; ns++) {
			uint32_t n = 1 + (uint32_t)rand() % 60;

			if (n > sizeof stream - off)
				n = (uint32_t)sizeof stream - off;
			s[ns].off = off;
			s[ns].n = n;
			off += n;
		}
		for (k = ns; k < ns + ns / 4; k++)	/* duplicates */
			s[k] = s[rand() % ns];
		for (; k < ns + ns / 2; k++) {	/* resent, cut elsewhere */
			s[k].off = (uint32_t)rand() % (sizeof stream - 1);
			s[k].n = 1 + (uint32_t)rand() % 100;
			if (s[k].n > sizeof stream - s[k].off)
				s[k].n = (uint32_t)sizeof stream - s[k].off;
		}
		ns = k;
		for (i = ns - 1; i > 0; i--) {		/* shuffle */
			unsigned j = (unsigned)rand() % (i + 1);
			t = s[i];
			s[i] = s[j];
			s[j] = t;
		}
		reset(&r, 0, 0);
		nc_reasm_segment(&r, &d, isn, 1, 0, NULL, 0, &OUT);
		for (i = 0; i < ns; i++)
			nc_reasm_segment(&r, &d, isn + 1 + s[i].off, 0, 0,
			    stream + s[i].off, s[i].n, &OUT);
		nc_reasm_flush(&r, &d, &OUT);
		if (off != sizeof stream || S.n != sizeof stream ||
		    memcmp(S.b, stream, sizeof stream) != 0 || S.gaps != 0 ||
		    r.overlaps_differ != 0 || r.used != 0)
			bad++;
	}
	ok(bad == 0, "50 shuffled segmentations with resent bytes give the "
	    "stream back (%u did not)", bad);
}

int
main(void)
{
	test_order();
	test_overlap();
	test_wrap();
	test_pickup();
	test_fin_gap();
	test_caps();
	test_random();
	return tap_done();
}
