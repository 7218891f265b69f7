/* Unit tests for the LCM decoder: payloads built byte by byte and handed
 * to one decoder through layer_n(); every record is packed and unpacked
 * again before its fields are checked.  Damaged payloads (cut at every
 * length, lying lengths, oversize counts) must give Undecoded records,
 * never a crash. */
#include "dectest.h"

/* --- LCM ----------------------------------------------------------------- */

static void
test_lcm(void)
{
	Netcap__LCM *l;
	struct pkt p;

	p.n = 0;
	str(&p, "LC02");
	be32(&p, 7);
	str(&p, "POSE");
	u8(&p, 0);
	fill(&p, 1, 16);
	layer_n("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->magic == 0x4c433032 &&
	    l->sequence_number == 7 && !txtcmp(l->channel_name, "POSE") &&
	    !l->fragmented && l->payload_size == 16 &&
	    !l->_fragment_offset_case, "LCM short message");
	ok(layer_cuts("LCM", &p, 7667, 7667), "LCM: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
	p.n = 0;
	str(&p, "LC03");
	be32(&p, 8);
	be32(&p, 100000);
	be32(&p, 0);
	be16(&p, 0);
	be16(&p, 70);
	str(&p, "CAM");
	u8(&p, 0);
	fill(&p, 2, 100);
	layer_n("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->fragmented &&
	    l->payload_size == 100000 && l->fragment_offset == 0 &&
	    l->fragment_number == 0 && l->total_fragments == 70 &&
	    !txtcmp(l->channel_name, "CAM"), "LCM first fragment");
	p.b[17] = 1;
	layer_n("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->fragment_number == 1 &&
	    l->channel_name.len == 0, "LCM later fragment: no channel");
	layer_n("LCM", p.b, 19, 7667, 7667);
	ok(nrec == 1 && has(reason(0), "19 of 20"),
	    "LCM fragment cut: %s", reason(0));
	p.n = 0;
	str(&p, "LC02");
	be32(&p, 1);
	fill(&p, 'c', 300);
	layer_n("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 2 && l->channel_name.len == 255 &&
	    has(reason(0), "not terminated"), "LCM unterminated channel: %s",
	    reason(0));
	p.n = 0;
	str(&p, "LC02");
	be32(&p, 1);
	fill(&p, 'c', 70);
	u8(&p, 0);
	layer_n("LCM", p.b, p.n, 7667, 7667);
	ok(nrec == 2 && has(reason(0), "longer than 63"), "LCM long channel: %s",
	    reason(0));
	layer_n("LCM", (const uint8_t *)"LC04\0\0\0\0", 8, 7667, 7667);
	ok(nrec == 1 && has(reason(0), "not LCM: magic 0x4c433034"), "LCM: %s",
	    reason(0));
}

int
main(void)
{
	test_lcm();
	clear();
	return tap_done();
}
