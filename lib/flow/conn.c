/* Per-conversation accounting with Zeek's conn.log semantics (conn.h).
 *
 * The TCP part follows the order of Zeek's TCP session adapter for each
 * packet: set up the sender's sequence space, record history, note a
 * zero window, take the acknowledgement, move last_seq (a segment that
 * does not is a retransmission), step the endpoint state machine, and
 * let the acknowledgement reveal gaps in what the peer sent. */
#include "flow/conn.h"

#include <string.h>

#define BIAS		(1ULL << 32)
#define TOO_LARGE	1048576		/* Zeek's TOO_LARGE_SEQ_DELTA */

/* Once-only history letters; the responder's are these shifted by 16. */
enum {
	H_SYN = 1, H_FIN = 2, H_RST = 4, H_FIN_RST = 8, H_DATA = 16,
	H_ACK = 32, H_MULTI = 64,
};

static void
add_history(struct nc_conn *c, char code, int is_orig)
{
	if (!is_orig && code >= 'A' && code <= 'Z')
		code = (char)(code - 'A' + 'a');
	if (c->hlen >= NC_CONN_HISTORY_MAX) {
		c->truncated++;
		return;
	}
	c->history[c->hlen++] = code;
	c->history[c->hlen] = '\0';
}

/* Records code the first time; 1 when it was seen before. */
static int
check_history(struct nc_conn *c, uint32_t mask, char code, int is_orig)
{
	if (!is_orig)
		mask <<= 16;
	if (c->hist_seen & mask)
		return 1;
	c->hist_seen |= mask;
	add_history(c, code, is_orig);
	return 0;
}

/* Records code at the 1st, 10th, 100th... event. */
static void
scaled_history(struct nc_conn *c, char code, int is_orig, uint32_t *cnt,
    uint32_t *next)
{
	if (*next == 0)
		*next = 1;
	if (++*cnt != *next)
		return;
	add_history(c, code, is_orig);
	if (*next <= UINT32_MAX / 10)
		*next *= 10;
	else
		*next = UINT32_MAX;
}

/* The 64-bit value nearest ref whose low 32 bits are v. */
static uint64_t
unwrap(uint64_t ref, uint32_t v)
{
	return ref + (uint64_t)(int64_t)(int32_t)(v - (uint32_t)ref);
}

static void
set_state(struct nc_conn_ep *e, int s)
{
	if (e->state != s) {
		e->prev_state = e->state;
		e->state = (uint8_t)s;
	}
}

static const struct icmp_pair {
	uint8_t v6, a, b;
} icmp_pairs[] = {
	{ 0, 8, 0 }, { 0, 13, 14 }, { 0, 15, 16 }, { 0, 17, 18 },
	{ 0, 10, 9 },
	{ 1, 128, 129 }, { 1, 133, 134 }, { 1, 135, 136 }, { 1, 130, 131 },
	{ 1, 139, 140 },
};

void
nc_conn_icmp_ports(uint8_t proto, uint8_t type, uint8_t code,
    uint16_t *sport, uint16_t *dport)
{
	size_t i;
	int v6 = proto == 58;

	*sport = type;
	*dport = code;
	for (i = 0; i < sizeof icmp_pairs / sizeof icmp_pairs[0]; i++) {
		if (icmp_pairs[i].v6 != v6)
			continue;
		if (icmp_pairs[i].a == type)
			*dport = icmp_pairs[i].b;
		else if (icmp_pairs[i].b == type)
			*dport = icmp_pairs[i].a;
	}
}

static void
flip(struct nc_conn *c)
{
	struct nc_conn_ep e = c->ep[0];
	uint8_t a[16], m[6];
	uint16_t p = c->port[0];

	c->ep[0] = c->ep[1];
	c->ep[1] = e;
	memcpy(a, c->addr[0], sizeof a);
	memcpy(c->addr[0], c->addr[1], sizeof a);
	memcpy(c->addr[1], a, sizeof a);
	c->port[0] = c->port[1];
	c->port[1] = p;
	memcpy(m, c->mac[0], 6);
	memcpy(c->mac[0], c->mac[1], 6);
	memcpy(c->mac[1], m, 6);
	c->hist_seen = c->hist_seen >> 16 | c->hist_seen << 16;
	c->flipped = 1;
	add_history(c, '^', 1);
}

void
nc_conn_start(struct nc_conn *c, const struct nc_conn_pkt *p)
{
	int swap = 0, syn, ack;

	memset(c, 0, sizeof *c);
	c->alen = p->alen;
	c->proto = p->proto;
	memcpy(c->addr[0], p->src, p->alen);
	memcpy(c->addr[1], p->dst, p->alen);
	c->port[0] = p->sport;
	c->port[1] = p->dport;
	c->first = c->last = p->ts;
	if (p->src_mac != NULL && p->dst_mac != NULL) {
		memcpy(c->mac[0], p->src_mac, 6);
		memcpy(c->mac[1], p->dst_mac, 6);
		c->has_mac = 1;
	}
	if (p->proto == 6) {
		syn = (p->flags & NC_TCP_SYN) != 0;
		ack = (p->flags & NC_TCP_ACK) != 0;
		/* Midstream or a SYN-ACK: guess the server from the ports, but
		 * when both look like servers flip only away from the lower
		 * one, and never on a SYN-ACK (stealth scans send those). */
		if ((!syn || ack) && nc_conn_server_port(6, p->sport)) {
			if (nc_conn_server_port(6, p->dport))
				swap = !syn && p->sport < p->dport;
			else
				swap = 1;
		}
		c->partial = !syn || ack;
	} else if (p->proto == 17) {
		swap = nc_conn_server_port(17, p->sport) &&
		    !nc_conn_server_port(17, p->dport);
	}
	if (swap)
		flip(c);
}

int
nc_conn_is_orig(const struct nc_conn *c, const struct nc_conn_pkt *p)
{
	return p->sport == c->port[0] && p->dport == c->port[1] &&
	    memcmp(p->src, c->addr[0], c->alen) == 0 &&
	    memcmp(p->dst, c->addr[1], c->alen) == 0;
}

/* The endpoint's sequence space as its first segment, or a new SYN,
 * sets it. */
static void
init_seq(struct nc_conn_ep *e, uint32_t seq, uint32_t seg_len)
{
	e->start = e->ack = BIAS + seq;
	e->last = e->start + seg_len;
	e->reasm = 1;
	memset(e->ooo, 0, sizeof e->ooo);
}

static void
init_endpoint(struct nc_conn_ep *e, int syn, uint32_t seq, uint32_t seg_len)
{
	switch (e->state) {
	case NC_EP_INACTIVE:
		if (syn)
			init_seq(e, seq, seg_len);
		else {
			/* As if a SYN came just before, so that data starts
			 * at relative 1 like everywhere else. */
			init_seq(e, seq - 1, 0);
			e->last = e->start + 1;
		}
		break;
	case NC_EP_SYN_SENT:
	case NC_EP_SYN_ACK_SENT:
		if (syn && seq != (uint32_t)e->start)
			init_seq(e, seq, seg_len);
		break;
	case NC_EP_ESTABLISHED:
	case NC_EP_PARTIAL:
		if (syn)
			init_seq(e, seq, seg_len);
		break;
	case NC_EP_RESET:
		if (syn && e->prev_state == NC_EP_INACTIVE)
			init_seq(e, seq, seg_len);
		break;
	}
}

static void
update_history(struct nc_conn *c, struct nc_conn_ep *e, int is_orig,
    uint16_t fl, int64_t rel, uint32_t len)
{
	int syn = (fl & NC_TCP_SYN) != 0, fin = (fl & NC_TCP_FIN) != 0;
	int rst = (fl & NC_TCP_RST) != 0;
	char code;

	if (syn + fin + rst > 1) {
		if (fin && rst)
			check_history(c, H_FIN_RST, 'I', is_orig);
		else
			check_history(c, H_MULTI, 'Q', is_orig);
	} else if (syn) {
		code = fl & NC_TCP_ACK ? 'H' : 'S';
		if (check_history(c, H_SYN, code, is_orig) &&
		    (uint64_t)rel != e->hist_syn)
			add_history(c, code, is_orig);
		e->hist_syn = (uint64_t)rel;
	} else if (fin) {
		/* A FIN's number is the one after its data. */
		if (check_history(c, H_FIN, 'F', is_orig) &&
		    (uint64_t)rel + len != e->hist_fin)
			add_history(c, 'F', is_orig);
		e->hist_fin = (uint64_t)rel + len;
	} else if (rst) {
		if (check_history(c, H_RST, 'R', is_orig) &&
		    (uint64_t)rel != e->hist_rst)
			add_history(c, 'R', is_orig);
		e->hist_rst = (uint64_t)rel;
	} else if (len > 0)
		check_history(c, H_DATA, 'D', is_orig);
	else if (fl & NC_TCP_ACK)
		check_history(c, H_ACK, 'A', is_orig);
}

/* Returns how far the segment's end moved last_seq (may be negative). */
static int64_t
update_last(struct nc_conn *c, struct nc_conn_ep *e, int is_orig,
    uint16_t fl, uint32_t end, uint32_t len)
{
	uint64_t n = unwrap(e->last, end);
	int64_t d = (int64_t)(n - e->last);

	if ((fl & (NC_TCP_SYN | NC_TCP_RST)) && (d > TOO_LARGE ||
	    d < -TOO_LARGE))
		;
	else if ((fl & NC_TCP_FIN) && e->last == e->start + 1)
		e->last = n;
	else if (e->state == NC_EP_RESET)
		;
	else if (d > 0)
		e->last = n;
	else if (len > 0)
		scaled_history(c, 'T', is_orig, &e->rxmt_cnt, &e->rxmt_next);
	return d;
}

/* Zeek counts a gap only while both sides are established (or closed
 * after being established): elsewhere sequence numbers mislead. */
static int
clean(const struct nc_conn_ep *e)
{
	return e->state == NC_EP_ESTABLISHED || (e->state == NC_EP_CLOSED &&
	    e->prev_state == NC_EP_ESTABLISHED);
}

/* Data at relative [from, from + len) of e: extends what was seen in
 * order, or is kept as out-of-order data beyond it. */
static void
data_sent(struct nc_conn_ep *e, uint64_t from, uint32_t len)
{
	uint64_t to = from + len;
	int i, moved;

	if (to <= e->reasm)
		return;
	if (from > e->reasm) {
		for (i = 0; i < NC_CONN_HOLES; i++) {
			uint64_t *r = e->ooo[i];

			if (r[1] == 0 || (from <= r[1] && to >= r[0])) {
				r[0] = r[1] == 0 || from < r[0] ? from : r[0];
				r[1] = to > r[1] ? to : r[1];
				return;
			}
		}
		/* No room: only the count of missed bytes suffers. */
		return;
	}
	e->reasm = to;
	do {
		moved = 0;
		for (i = 0; i < NC_CONN_HOLES; i++) {
			uint64_t *r = e->ooo[i];

			if (r[1] != 0 && r[0] <= e->reasm) {
				if (r[1] > e->reasm)
					e->reasm = r[1];
				r[0] = r[1] = 0;
				moved = 1;
			}
		}
	} while (moved);
}

/* The peer acknowledged e's data up to relative ack: what e sent below
 * it that was never seen is a gap. */
static void
ack_received(struct nc_conn *c, struct nc_conn_ep *e, int is_orig,
    uint64_t ack)
{
	uint64_t missing = 0, at;
	int i;

	if (e->fin_cnt > 0 && ack >= e->fin_seq && e->fin_seq > 0)
		ack = e->fin_seq - 1;
	if (ack <= e->reasm)
		return;
	if (ack <= 2 && c->partial)
		return;
	at = e->reasm;
	while (at < ack) {
		uint64_t next = ack;
		int hit = -1;

		for (i = 0; i < NC_CONN_HOLES; i++)
			if (e->ooo[i][1] != 0 && e->ooo[i][0] < next &&
			    e->ooo[i][1] > at) {
				next = e->ooo[i][0] > at ? e->ooo[i][0] : at;
				hit = i;
			}
		missing += next - at;
		if (hit < 0)
			break;
		at = e->ooo[hit][1];
		e->ooo[hit][0] = e->ooo[hit][1] = 0;
	}
	e->reasm = ack;
	for (i = 0; i < NC_CONN_HOLES; i++)
		if (e->ooo[i][1] != 0 && e->ooo[i][1] <= ack)
			e->ooo[i][0] = e->ooo[i][1] = 0;
	if (missing == 0)
		return;
	if (clean(e) && clean(&c->ep[is_orig ? 1 : 0])) {
		scaled_history(c, 'G', is_orig, &e->gap_cnt, &e->gap_next);
		c->missed += missing;
	}
}

struct step {
	int do_close;
};

static void
inactive_state(struct nc_conn *c, struct nc_conn_ep **ep,
    struct nc_conn_ep **pp, const struct nc_conn_pkt *p, int *is_orig,
    struct step *s)
{
	struct nc_conn_ep *e = *ep, *peer = *pp;
	uint16_t fl = p->flags;

	if (fl & NC_TCP_SYN) {
		if (*is_orig) {
			set_state(e, fl & NC_TCP_ACK ? NC_EP_SYN_ACK_SENT :
			    NC_EP_SYN_SENT);
			c->attempt_at = p->ts + NC_CONN_ATTEMPT;
		} else {
			if (!(fl & NC_TCP_ACK) &&
			    peer->state == NC_EP_SYN_ACK_SENT &&
			    p->seq == (uint32_t)e->start) {
				/* The SYN-ACK was seen before its SYN. */
				c->partial = 0;
				flip(c);
				e = *ep = &c->ep[0];
				peer = *pp = &c->ep[1];
				*is_orig = 1;
				set_state(peer, NC_EP_ESTABLISHED);
			}
			if (peer->state == NC_EP_SYN_SENT)
				set_state(peer, NC_EP_ESTABLISHED);
			set_state(e, NC_EP_ESTABLISHED);
		}
	}
	if (fl & NC_TCP_FIN) {
		set_state(e, NC_EP_CLOSED);
		s->do_close = 1;
	}
	if (fl & NC_TCP_RST) {
		set_state(e, NC_EP_RESET);
		s->do_close = 1;
	}
	if (e->state == NC_EP_INACTIVE) {
		if (!*is_orig && p->len == 0 &&
		    c->ep[0].state == NC_EP_SYN_SENT)
			;	/* an ACK of the SYN before the SYN-ACK */
		else if ((fl & NC_TCP_ACK) && peer->state == NC_EP_ESTABLISHED) {
			/* The SYN was missed, not the handshake. */
			set_state(e, NC_EP_ESTABLISHED);
			c->partial = 0;
		} else
			set_state(e, NC_EP_PARTIAL);
	}
}

static void
state_machine(struct nc_conn *c, struct nc_conn_ep **ep,
    struct nc_conn_ep **pp, const struct nc_conn_pkt *p, int *is_orig,
    struct step *s)
{
	struct nc_conn_ep *e = *ep, *peer = *pp;
	uint16_t fl = p->flags;

	switch (e->state) {
	case NC_EP_INACTIVE:
		inactive_state(c, ep, pp, p, is_orig, s);
		break;
	case NC_EP_SYN_SENT:
	case NC_EP_SYN_ACK_SENT:
		if (fl & NC_TCP_FIN) {
			set_state(e, NC_EP_CLOSED);
			s->do_close = 1;
		}
		if (fl & NC_TCP_RST) {
			set_state(e, NC_EP_RESET);
			s->do_close = 1;
		}
		break;
	case NC_EP_ESTABLISHED:
	case NC_EP_PARTIAL:
		if ((fl & NC_TCP_SYN) && e->state == NC_EP_PARTIAL &&
		    peer->state == NC_EP_INACTIVE && !(fl & NC_TCP_ACK))
			set_state(e, NC_EP_SYN_SENT);
		if ((fl & NC_TCP_FIN) && !(fl & NC_TCP_RST)) {
			set_state(e, NC_EP_CLOSED);
			/* A FIN then a RST from the peer was a normal close. */
			if (peer->state == NC_EP_RESET &&
			    peer->prev_state == NC_EP_CLOSED)
				set_state(peer, NC_EP_CLOSED);
			s->do_close = 1;
		}
		if (fl & NC_TCP_RST) {
			set_state(e, NC_EP_RESET);
			s->do_close = 1;
		}
		break;
	case NC_EP_CLOSED:
		if ((fl & NC_TCP_RST) && peer->state != NC_EP_CLOSED) {
			set_state(e, NC_EP_RESET);
			if (!e->did_close)
				s->do_close = 1;
		}
		break;
	case NC_EP_RESET:
		break;
	}
}

static int
tcp_packet(struct nc_conn *c, const struct nc_conn_pkt *p, int is_orig)
{
	struct nc_conn_ep *e = &c->ep[is_orig ? 0 : 1];
	struct nc_conn_ep *peer = &c->ep[is_orig ? 1 : 0];
	uint16_t fl = p->flags;
	int syn = (fl & NC_TCP_SYN) != 0, fin = (fl & NC_TCP_FIN) != 0;
	int rst = (fl & NC_TCP_RST) != 0, ack = (fl & NC_TCP_ACK) != 0;
	uint32_t seg_len = p->len + (uint32_t)syn + (uint32_t)fin;
	int64_t rel, rel_ack = 0;
	struct step s = { 0 };
	uint64_t a;

	if (rst)
		seg_len -= p->len;
	init_endpoint(e, syn, p->seq, seg_len);
	rel = (int64_t)(unwrap(e->last, p->seq) - e->start);
	update_history(c, e, is_orig, fl, rel, p->len);
	if (p->window == 0 && !rst && peer->state != NC_EP_CLOSED &&
	    e->state != NC_EP_RESET)
		scaled_history(c, 'W', is_orig, &e->win0_cnt, &e->win0_next);
	/* Packets after both FINs do not stretch the duration. */
	if (!c->ep[0].did_close || !c->ep[1].did_close)
		c->last = p->ts;
	if (fin) {
		e->fin_cnt++;
		e->fin_seq = (uint64_t)rel + seg_len;
	}
	if (ack) {
		if (peer->state == NC_EP_INACTIVE) {
			rel_ack = 1;
			peer->start = peer->ack = peer->last = BIAS + p->ack - 1;
			peer->reasm = 1;
		} else {
			a = unwrap(peer->ack, p->ack);
			rel_ack = (int64_t)(a - peer->start);
			if (rel_ack < 0)
				rel_ack = 0;
			else if (!rst && !(p->ack == 0 &&
			    (int64_t)(a - peer->ack) > TOO_LARGE) &&
			    a > peer->ack)
				peer->ack = a;
		}
	}
	update_last(c, e, is_orig, fl, p->seq + seg_len, p->len);
	state_machine(c, &e, &peer, p, &is_orig, &s);
	if (ack && rel_ack > 0)
		ack_received(c, peer, !is_orig, (uint64_t)rel_ack);
	if (p->len > 0 && !rst && rel >= 0)
		data_sent(e, (uint64_t)rel + (uint64_t)syn, p->len);
	if (s.do_close && !e->did_close) {
		e->did_close = 1;
		if (e->state == NC_EP_RESET || peer->did_close ||
		    peer->state == NC_EP_INACTIVE)
			return NC_CONN_DONE;
	}
	return NC_CONN_NONE;
}

int
nc_conn_packet(struct nc_conn *c, const struct nc_conn_pkt *p)
{
	int is_orig = nc_conn_is_orig(c, p);
	struct nc_conn_ep *e = &c->ep[is_orig ? 0 : 1];

	e->pkts++;
	e->ip_bytes += p->ip_bytes;
	e->seen = 1;
	if (p->proto == 6)
		return tcp_packet(c, p, is_orig);
	e->payload += p->len;
	c->last = p->ts;
	if (p->proto == 17)
		check_history(c, H_DATA, 'D', is_orig);
	return NC_CONN_NONE;
}

int
nc_conn_attempt_over(const struct nc_conn *c, int64_t now)
{
	return c->proto == 6 && c->attempt_at != 0 && now >= c->attempt_at &&
	    (c->ep[0].state == NC_EP_SYN_SENT ||
	    c->ep[0].state == NC_EP_SYN_ACK_SENT) &&
	    c->ep[1].state == NC_EP_INACTIVE;
}

int
nc_conn_reuse(const struct nc_conn *c, const struct nc_conn_pkt *p)
{
	const struct nc_conn_ep *o = &c->ep[0];
	int closed;

	if (c->proto != 6 || !(p->flags & NC_TCP_SYN))
		return 0;
	if (p->flags & NC_TCP_ACK) {
		/* Only a half connection is reused by a SYN-ACK. */
		if (c->ep[0].state != NC_EP_INACTIVE)
			return 0;
		o = &c->ep[1];
	}
	closed = (c->ep[0].did_close && c->ep[1].did_close) ||
	    c->ep[0].state == NC_EP_RESET || c->ep[1].state == NC_EP_RESET;
	if (closed)
		return 1;
	if (p->seq == (uint32_t)o->start)
		return 0;
	/* A SYN-ACK seen before its SYN is no reuse either. */
	if (!(p->flags & NC_TCP_ACK) && o->state == NC_EP_SYN_ACK_SENT &&
	    c->ep[1].state == NC_EP_INACTIVE &&
	    p->seq == (uint32_t)c->ep[1].start)
		return 0;
	return o->state != NC_EP_INACTIVE;
}

/* Payload bytes of a TCP side: the span of its sequence space (to the
 * highest of what it sent and what was acknowledged), less the SYN and
 * the FIN. */
static uint64_t
tcp_size(const struct nc_conn_ep *e, const struct nc_conn_ep *peer)
{
	uint64_t size, top;

	/* A half-open connection found and aborted: its numbers mislead. */
	if (e->prev_state == NC_EP_SYN_SENT && e->state == NC_EP_RESET &&
	    peer->state == NC_EP_INACTIVE &&
	    !(e->ack == e->start || e->ack == e->start + 1))
		return 0;
	top = e->last > e->ack ? e->last : e->ack;
	if (top <= e->start)
		return 0;
	size = top - e->start;
	if (size != 0)
		size--;
	if (e->fin_cnt > 0 && size != 0)
		size--;
	return size;
}

static int
matches_rstos0(const char *h)
{
	/* Zeek's /\^?S[^HAFGIQ]*R.* / over the history. */
	if (*h == '^')
		h++;
	if (*h++ != 'S')
		return 0;
	for (; *h != '\0'; h++) {
		if (*h == 'R')
			return 1;
		if (strchr("HAFGIQ", *h) != NULL)
			return 0;
	}
	return 0;
}

static const char *
tcp_state(const struct nc_conn *c, uint64_t osize, uint64_t rsize)
{
	int os = c->ep[0].state, rs = c->ep[1].state;
	int o_inactive = os == NC_EP_INACTIVE || os == NC_EP_PARTIAL;
	int r_inactive = rs == NC_EP_INACTIVE || rs == NC_EP_PARTIAL;

	if (rs == NC_EP_RESET) {
		if (os == NC_EP_SYN_SENT || os == NC_EP_SYN_ACK_SENT ||
		    (os == NC_EP_RESET && osize == 0 && rsize == 0))
			return "REJ";
		return o_inactive ? "RSTRH" : "RSTR";
	}
	if (os == NC_EP_RESET) {
		if (r_inactive)
			return matches_rstos0(c->history) ? "RSTOS0" : "OTH";
		return "RSTO";
	}
	if (rs == NC_EP_CLOSED && os == NC_EP_CLOSED)
		return "SF";
	if (os == NC_EP_CLOSED)
		return r_inactive ? "SH" : "S2";
	if (rs == NC_EP_CLOSED)
		return o_inactive ? "SHR" : "S3";
	if (os == NC_EP_SYN_SENT && rs == NC_EP_INACTIVE)
		return "S0";
	if (os == NC_EP_ESTABLISHED && rs == NC_EP_ESTABLISHED)
		return "S1";
	return "OTH";
}

void
nc_conn_result(const struct nc_conn *c, struct nc_conn_result *r)
{
	memset(r, 0, sizeof *r);
	r->duration = c->last - c->first;
	if (c->proto == 6) {
		r->orig_bytes = tcp_size(&c->ep[0], &c->ep[1]);
		r->resp_bytes = tcp_size(&c->ep[1], &c->ep[0]);
		r->conn_state = tcp_state(c, r->orig_bytes, r->resp_bytes);
		return;
	}
	r->orig_bytes = c->ep[0].payload;
	r->resp_bytes = c->ep[1].payload;
	if (c->proto == 17) {
		if (c->ep[0].pkts > 0)
			r->conn_state = c->ep[1].pkts > 0 ? "SF" : "S0";
		else
			r->conn_state = c->ep[1].pkts > 0 ? "SHR" : "OTH";
	} else
		r->conn_state = "OTH";
}
