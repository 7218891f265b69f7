/* One conversation's accounting, as Zeek's conn.log reports it: who
 * originated it, packets and IP bytes per side, payload bytes (for TCP
 * from the span of sequence numbers, not the sum of payloads), bytes
 * missed in gaps, the TCP endpoint states that conn_state is made of, and
 * the history letters.
 *
 * It is fed the facts of one packet at a time (struct nc_conn_pkt), so
 * that it can be tested without a record stream; nc-conn gathers those
 * facts from a packet's records.  The state is a fixed-size struct that
 * lives in the flow table's entry: no allocation per packet or per
 * connection.
 *
 * Zeek's rules followed here (its TCP session adapter and conn.zeek):
 * endpoint states INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED,
 * CLOSED, RESET and the transitions between them; the roles flipped when
 * the first packet is a SYN-ACK or midstream and its source port is a
 * likely server port, or when a SYN answers a SYN-ACK ("^"); the history
 * letters SsHhAaDdFfRrTtWwGgIiQq^ with a, d, i, q once per side, s, h, f,
 * r again when their sequence number differs, and t, w, g again at the
 * 10th, 100th, 1000th... time; the 5-second connection attempt timeout. */
#ifndef NC_FLOW_CONN_H
#define NC_FLOW_CONN_H

#include <stddef.h>
#include <stdint.h>

/* TCP flag bits as on the wire. */
#define NC_TCP_FIN	0x01
#define NC_TCP_SYN	0x02
#define NC_TCP_RST	0x04
#define NC_TCP_PSH	0x08
#define NC_TCP_ACK	0x10

/* Zeek's tcp_attempt_delay and tcp_close_delay (also its reset delay). */
#define NC_CONN_ATTEMPT		(5 * 1000000000LL)
#define NC_CONN_LINGER		(5 * 1000000000LL)

#define NC_CONN_HISTORY_MAX	31

/* The facts of one packet that the accounting needs. */
struct nc_conn_pkt {
	int64_t ts;			/* ns */
	const uint8_t *src, *dst;	/* alen bytes each */
	uint8_t alen;			/* 4 or 16 */
	uint8_t proto;			/* IP protocol */
	uint16_t sport, dport;		/* ICMP: nc_conn_icmp_ports */
	const uint8_t *src_mac, *dst_mac;	/* 6 bytes each, or NULL */
	uint32_t ip_bytes;		/* IP total length */
	uint32_t len;			/* transport payload bytes */
	/* TCP only. */
	uint32_t seq, ack, window;
	uint16_t flags;
};

enum nc_conn_state {
	NC_EP_INACTIVE, NC_EP_SYN_SENT, NC_EP_SYN_ACK_SENT, NC_EP_PARTIAL,
	NC_EP_ESTABLISHED, NC_EP_CLOSED, NC_EP_RESET
};

/* Out-of-order data kept per side to tell gaps from late segments. */
#define NC_CONN_HOLES	4

/* One side.  Sequence numbers are unwrapped into 64 bits, biased by
 * 2^32 so that "one before the first" never goes below zero. */
struct nc_conn_ep {
	uint64_t pkts, ip_bytes, payload;
	uint64_t start, last, ack;	/* start_seq, last_seq, ack_seq */
	uint64_t hist_syn, hist_fin, hist_rst;
	uint64_t reasm;			/* relative: every byte below was seen */
	uint64_t fin_seq;		/* relative, just past the FIN */
	uint64_t ooo[NC_CONN_HOLES][2];	/* relative [from, to) beyond reasm */
	uint32_t rxmt_cnt, rxmt_next, win0_cnt, win0_next, gap_cnt, gap_next;
	uint32_t fin_cnt;
	uint8_t state, prev_state, did_close, seen;
};

struct nc_conn {
	struct nc_conn_ep ep[2];	/* 0 originator, 1 responder */
	uint8_t addr[2][16];		/* originator's, responder's */
	uint16_t port[2];
	uint8_t alen, proto;
	uint8_t partial, flipped;
	uint8_t has_mac;
	uint8_t mac[2][6];		/* originator's, responder's */
	uint8_t hlen;
	char history[NC_CONN_HISTORY_MAX + 1];
	uint32_t hist_seen;		/* once-only letters, per side */
	int64_t first, last;		/* ns: start, last productive packet */
	int64_t attempt_at;		/* ns: end of the attempt, 0 when none */
	uint64_t missed;
	uint64_t truncated;		/* history letters that did not fit */
};

/* What conn_state and the byte counts come to when the conversation ends. */
struct nc_conn_result {
	const char *conn_state;
	uint64_t orig_bytes, resp_bytes;
	int64_t duration;		/* ns; 0 means Zeek leaves it, and the
					 * byte counts, unset */
};

/* What a packet did, for the owner's flow table. */
enum {
	NC_CONN_NONE = 0,
	NC_CONN_DONE = 1,	/* fully closed: end it after NC_CONN_LINGER */
};

/* Starts c with its first packet (not yet counted: feed it next).
 * Chooses the originator: the packet's sender unless Zeek's rules flip
 * it. */
void nc_conn_start(struct nc_conn *c, const struct nc_conn_pkt *p);
/* 1 when p comes from the originator. */
int nc_conn_is_orig(const struct nc_conn *c, const struct nc_conn_pkt *p);
/* Accounts one packet; returns NC_CONN_NONE or NC_CONN_DONE. */
int nc_conn_packet(struct nc_conn *c, const struct nc_conn_pkt *p);
/* 1 when p, a SYN (or a SYN-ACK to a half connection), starts a new
 * connection on the endpoints of c, as Zeek decides: c was closed or
 * reset, or the SYN's sequence number is not the one c started with. */
int nc_conn_reuse(const struct nc_conn *c, const struct nc_conn_pkt *p);
/* 1 when a TCP attempt got no answer within NC_CONN_ATTEMPT of its first
 * SYN by time now: Zeek ends such a connection then, so a later packet
 * starts a new one. */
int nc_conn_attempt_over(const struct nc_conn *c, int64_t now);
void nc_conn_result(const struct nc_conn *c, struct nc_conn_result *r);

/* The "ports" of an ICMP or ICMPv6 (proto 1 or 58) message, as Zeek and
 * the Community ID see them: the type, and the type of its counterpart
 * for a request or reply (so both share a conversation), else the code. */
void nc_conn_icmp_ports(uint8_t proto, uint8_t type, uint8_t code,
    uint16_t *sport, uint16_t *dport);

/* Zeek's likely_server_ports, for the flip of a first packet, and the
 * service name of a port, or NULL. */
int nc_conn_server_port(uint8_t proto, uint16_t port);
const char *nc_conn_service(uint8_t proto, uint16_t port);

#endif
