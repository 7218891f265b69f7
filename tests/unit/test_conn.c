/* Connection accounting (lib/flow/conn.c): each conn_state Zeek names,
 * the history letters with their repeat rules, the roles and their flips,
 * sizes from sequence numbers, gaps, the attempt timeout, reuse, UDP and
 * the ICMP "ports". */
#include <stdio.h>
#include <string.h>

#include "flow/conn.h"
#include "tap.h"

#define SEC 1000000000LL

static const uint8_t CA[4] = { 10, 0, 0, 1 }, SA[4] = { 10, 0, 0, 2 };

/* One packet: from the client (C) or the server (S), TCP flags as
 * letters (S F R A), sequence and acknowledgement numbers, payload. */
struct pkt {
	char from;
	const char *flags;
	uint32_t seq, ack, len;
	int zero_window;
};

static uint16_t cport = 40000, sport = 80;
static uint8_t proto = 6;

static void
make(struct nc_conn_pkt *p, const struct pkt *k, int64_t ts)
{
	const char *f;

	memset(p, 0, sizeof *p);
	p->ts = ts;
	p->alen = 4;
	p->proto = proto;
	p->src = k->from == 'C' ? CA : SA;
	p->dst = k->from == 'C' ? SA : CA;
	p->sport = k->from == 'C' ? cport : sport;
	p->dport = k->from == 'C' ? sport : cport;
	p->ip_bytes = 40 + k->len;
	p->len = k->len;
	p->seq = k->seq;
	p->ack = k->ack;
	p->window = k->zero_window ? 0 : 1000;
	for (f = k->flags; *f != '\0'; f++)
		switch (*f) {
		case 'S': p->flags |= NC_TCP_SYN; break;
		case 'F': p->flags |= NC_TCP_FIN; break;
		case 'R': p->flags |= NC_TCP_RST; break;
		case 'A': p->flags |= NC_TCP_ACK; break;
		}
}

/* Feeds the packets a millisecond apart; returns the last verdict. */
static int
feed(struct nc_conn *c, const struct pkt *k, int n)
{
	struct nc_conn_pkt p;
	int i, r = 0;

	for (i = 0; i < n; i++) {
		make(&p, &k[i], (int64_t)i * 1000000);
		if (i == 0)
			nc_conn_start(c, &p);
		r = nc_conn_packet(c, &p);
	}
	return r;
}

#define RUN(c, ...) do { \
	static const struct pkt k_[] = { __VA_ARGS__ }; \
	last = feed((c), k_, (int)(sizeof k_ / sizeof k_[0])); \
} while (0)

static int last;

static void
expect(const struct nc_conn *c, const char *state, const char *history,
    const char *what)
{
	struct nc_conn_result r;

	nc_conn_result(c, &r);
	ok(strcmp(r.conn_state, state) == 0 && strcmp(c->history, history) == 0,
	    "%s: %s %s (got %s %s)", what, state, history, r.conn_state,
	    c->history);
}

#define HS { 'C', "S", 100, 0, 0, 0 }, { 'S', "SA", 500, 101, 0, 0 }, \
	{ 'C', "A", 101, 501, 0, 0 }

static void
states(void)
{
	struct nc_conn c;
	struct nc_conn_result r;

	RUN(&c, HS, { 'C', "A", 101, 501, 10, 0 }, { 'S', "A", 501, 111, 0, 0 },
	    { 'C', "FA", 111, 501, 0, 0 }, { 'S', "FA", 501, 112, 0, 0 },
	    { 'C', "A", 112, 502, 0, 0 });
	expect(&c, "SF", "ShADaFf", "handshake, data, both FINs");
	nc_conn_result(&c, &r);
	ok(r.orig_bytes == 10 && r.resp_bytes == 0,
	    "sizes from sequence numbers, less SYN and FIN (%llu %llu)",
	    (unsigned long long)r.orig_bytes, (unsigned long long)r.resp_bytes);
	ok(c.ep[0].pkts == 5 && c.ep[0].ip_bytes == 210 && c.ep[1].pkts == 3,
	    "packets and IP bytes per side");
	ok(r.duration == 6 * 1000000LL,
	    "duration: the last packet before both sides closed counts too");

	RUN(&c, HS, { 'C', "FA", 101, 501, 0, 0 }, { 'S', "FA", 501, 102, 0, 0 });
	ok(last == NC_CONN_DONE, "the second FIN closes: linger, then end");

	RUN(&c, { 'C', "S", 100, 0, 0, 0 });
	expect(&c, "S0", "S", "a lone SYN");
	RUN(&c, HS);
	expect(&c, "S1", "ShA", "established, not closed");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'S', "RA", 0, 101, 0, 0 });
	expect(&c, "REJ", "Sr", "SYN answered by RST");
	RUN(&c, HS, { 'C', "RA", 101, 501, 0, 0 });
	expect(&c, "RSTO", "ShAR", "originator aborts");
	RUN(&c, HS, { 'S', "RA", 501, 101, 0, 0 });
	expect(&c, "RSTR", "ShAr", "responder aborts");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'C', "R", 101, 0, 0, 0 });
	expect(&c, "RSTOS0", "SR", "SYN then RST from the originator");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'S', "A", 7, 101, 0, 0 },
	    { 'C', "F", 101, 7, 0, 0 }, { 'C', "R", 102, 0, 0, 0 });
	expect(&c, "OTH", "SaFR", "SYN, ACK, FIN, RST: not RSTOS0");
	RUN(&c, { 'S', "SA", 500, 101, 0, 0 }, { 'S', "RA", 501, 101, 0, 0 });
	expect(&c, "RSTRH", "^hr", "SYN-ACK then RST, no SYN seen");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'C', "F", 101, 0, 0, 0 });
	expect(&c, "SH", "SF", "SYN then FIN, no answer");
	RUN(&c, { 'S', "SA", 500, 101, 0, 0 }, { 'S', "FA", 501, 101, 0, 0 });
	expect(&c, "SHR", "^hf", "SYN-ACK then FIN, no SYN seen");
	RUN(&c, HS, { 'C', "FA", 101, 501, 0, 0 });
	expect(&c, "S2", "ShAF", "only the originator closed");
	RUN(&c, HS, { 'S', "FA", 501, 101, 0, 0 });
	expect(&c, "S3", "ShAf", "only the responder closed");
	RUN(&c, { 'C', "A", 1000, 2000, 5, 0 });
	expect(&c, "OTH", "D", "midstream data from a client port");
	RUN(&c, { 'S', "A", 2000, 1000, 5, 0 }, { 'C', "A", 1000, 2005, 0, 0 });
	expect(&c, "OTH", "^dA", "midstream data from a server port: flipped");
	ok(c.port[0] == cport && c.port[1] == sport,
	    "the flip makes the client the originator");
}

static void
history(void)
{
	struct nc_conn c;

	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'C', "S", 100, 0, 0, 0 });
	expect(&c, "S0", "S", "a retransmitted SYN is not recorded again");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'C', "S", 900, 0, 0, 0 });
	expect(&c, "S0", "S", "a SYN with a new number restarts the numbering: "
	    "no second S");
	RUN(&c, { 'C', "S", 100, 0, 0, 0 }, { 'C', "R", 101, 0, 0, 0 },
	    { 'C', "S", 900, 0, 0, 0 });
	ok(strcmp(c.history, "SRS") == 0,
	    "a SYN after a RST, at another number, is recorded again (%s)",
	    c.history);
	RUN(&c, HS, { 'C', "FA", 101, 501, 0, 0 }, { 'C', "FA", 101, 501, 0, 0 },
	    { 'C', "FA", 101, 501, 0, 0 });
	expect(&c, "S2", "ShAF", "retransmitted FINs: one F");
	RUN(&c, { 'C', "SF", 100, 0, 0, 0 });
	ok(strcmp(c.history, "Q") == 0, "SYN+FIN is Q (%s)", c.history);
	RUN(&c, HS, { 'C', "FRA", 101, 501, 0, 0 });
	ok(strcmp(c.history, "ShAI") == 0, "FIN+RST is I (%s)", c.history);
	RUN(&c, HS, { 'S', "A", 501, 101, 0, 1 }, { 'S', "A", 501, 101, 0, 1 });
	ok(strcmp(c.history, "ShAaw") == 0, "zero windows: w once so far (%s)",
	    c.history);

	/* The same 10 bytes sent 12 times: T at the 1st and 10th resend. */
	RUN(&c, HS, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'C', "A", 101, 501, 10, 0 });
	ok(strcmp(c.history, "ShADTT") == 0,
	    "retransmissions: T at 1 and 10 (%s)", c.history);

	/* 100 bytes acknowledged that were never seen. */
	RUN(&c, HS, { 'C', "A", 101, 501, 10, 0 }, { 'S', "A", 501, 211, 0, 0 });
	ok(strcmp(c.history, "ShADaG") == 0 && c.missed == 100,
	    "an ACK past unseen data: G for the sender's gap (%s, %llu)",
	    c.history, (unsigned long long)c.missed);
	RUN(&c, HS, { 'C', "A", 111, 501, 10, 0 }, { 'C', "A", 101, 501, 10, 0 },
	    { 'S', "A", 501, 121, 0, 0 });
	ok(c.missed == 0, "a late segment fills the hole: nothing missed");

	/* The SYN-ACK seen before its SYN, both ports ephemeral. */
	sport = 50000;
	RUN(&c, { 'S', "SA", 500, 101, 0, 0 }, { 'C', "S", 100, 0, 0, 0 },
	    { 'C', "A", 101, 501, 0, 0 });
	expect(&c, "S1", "Hs^A", "SYN after its SYN-ACK: the roles flip");
	ok(c.port[0] == cport, "the SYN sender is the originator");
	sport = 80;
}

static void
timers(void)
{
	struct nc_conn c;
	struct nc_conn_pkt p;
	static const struct pkt syn = { 'C', "S", 100, 0, 0, 0 };
	static const struct pkt syn2 = { 'C', "S", 7777, 0, 0, 0 };

	RUN(&c, { 'C', "S", 100, 0, 0, 0 });
	ok(!nc_conn_attempt_over(&c, NC_CONN_ATTEMPT - 1) &&
	    nc_conn_attempt_over(&c, NC_CONN_ATTEMPT),
	    "an unanswered SYN ends 5 seconds after it");
	RUN(&c, HS);
	ok(!nc_conn_attempt_over(&c, 100 * SEC), "an answered one does not");

	RUN(&c, { 'C', "S", 100, 0, 0, 0 });
	make(&p, &syn, 0);
	ok(!nc_conn_reuse(&c, &p), "the same SYN again is no new connection");
	make(&p, &syn2, 0);
	ok(nc_conn_reuse(&c, &p), "a SYN with another number is");
	RUN(&c, HS, { 'C', "FA", 101, 501, 0, 0 }, { 'S', "FA", 501, 102, 0, 0 });
	make(&p, &syn, 0);
	ok(nc_conn_reuse(&c, &p), "any SYN after both FINs is");
}

static void
udp_icmp(void)
{
	struct nc_conn c;
	struct nc_conn_result r;
	uint16_t a, b;

	proto = 17;
	sport = 53;
	RUN(&c, { 'C', "", 0, 0, 30, 0 });
	expect(&c, "S0", "D", "UDP: one way");
	RUN(&c, { 'C', "", 0, 0, 30, 0 }, { 'S', "", 0, 0, 90, 0 });
	expect(&c, "SF", "Dd", "UDP: both ways");
	nc_conn_result(&c, &r);
	ok(r.orig_bytes == 30 && r.resp_bytes == 90, "UDP: payload sums");
	RUN(&c, { 'S', "", 0, 0, 90, 0 });
	expect(&c, "SHR", "^d", "UDP: a reply alone, from a server port");
	proto = 6;
	sport = 80;

	nc_conn_icmp_ports(1, 8, 0, &a, &b);
	ok(a == 8 && b == 0, "ICMP echo request: 8, 0");
	nc_conn_icmp_ports(1, 0, 0, &a, &b);
	ok(a == 0 && b == 8, "ICMP echo reply: 0, 8 (the same conversation)");
	nc_conn_icmp_ports(1, 3, 1, &a, &b);
	ok(a == 3 && b == 1, "ICMP unreachable: type, code");
	nc_conn_icmp_ports(58, 135, 0, &a, &b);
	ok(a == 135 && b == 136, "ICMPv6 neighbour solicitation: 135, 136");
	ok(nc_conn_server_port(6, 443) && !nc_conn_server_port(6, 40000) &&
	    strcmp(nc_conn_service(17, 53), "dns") == 0,
	    "server ports and service names");
}

int
main(void)
{
	states();
	history();
	timers();
	udp_icmp();
	return tap_done();
}
