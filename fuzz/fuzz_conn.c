/* libFuzzer harness for a conversation's accounting (lib/flow/conn.c).
 * Input: records of 12 bytes, one packet each: a byte of bits (0 from
 * the server, 1 SYN, 2 FIN, 3 RST, 4 ACK, 5 a zero window, 6-7 the
 * protocol of the conversation, taken from the first record: TCP, TCP,
 * UDP, ICMP), the sequence and acknowledgement numbers (big-endian), the
 * payload length (2 bytes) and the time since the packet before (ms).
 * Checks that the history stays a bounded string of Zeek's letters,
 * that conn_state is one of Zeek's, and that every packet is counted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/conn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t protos[4] = { 6, 6, 17, 1 };
	static const char *const states[] = { "S0", "S1", "SF", "REJ", "S2",
	    "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH" };
	static const uint8_t ca[4] = { 10, 0, 0, 1 }, sa[4] = { 10, 0, 0, 2 };
	struct nc_conn c;
	struct nc_conn_pkt p;
	struct nc_conn_result r;
	uint64_t n = 0;
	int64_t ts = 0;
	uint8_t proto;
	size_t i;

	if (size < 12)
		return 0;
	proto = protos[data[0] >> 6];
	for (; size >= 12; data += 12, size -= 12) {
		int server = data[0] & 1;

		memset(&p, 0, sizeof p);
		ts += (int64_t)data[11] * 1000000;
		p.ts = ts;
		p.alen = 4;
		p.proto = proto;
		p.src = server ? sa : ca;
		p.dst = server ? ca : sa;
		p.sport = server ? 80 : 40000;
		p.dport = server ? 40000 : 80;
		p.flags = (uint16_t)((data[0] & 2 ? NC_TCP_SYN : 0) |
		    (data[0] & 4 ? NC_TCP_FIN : 0) |
		    (data[0] & 8 ? NC_TCP_RST : 0) |
		    (data[0] & 16 ? NC_TCP_ACK : 0));
		p.window = data[0] & 32 ? 0 : 1024;
		p.seq = be32(data + 1);
		p.ack = be32(data + 5);
		p.len = (uint32_t)data[9] << 8 | data[10];
		p.ip_bytes = 40 + p.len;
		if (n == 0)
			nc_conn_start(&c, &p);
		(void)nc_conn_reuse(&c, &p);
		(void)nc_conn_attempt_over(&c, ts);
		nc_conn_packet(&c, &p);
		n++;
	}
	nc_conn_result(&c, &r);
	if (c.ep[0].pkts + c.ep[1].pkts != n)
		abort();
	if (c.hlen > NC_CONN_HISTORY_MAX || strlen(c.history) != c.hlen ||
	    strspn(c.history, "SsHhAaDdFfRrTtWwGgIiQq^") != c.hlen)
		abort();
	for (i = 0; i < sizeof states / sizeof states[0] &&
	    strcmp(states[i], r.conn_state) != 0; i++)
		;
	if (i == sizeof states / sizeof states[0] || r.duration < 0)
		abort();
	return 0;
}
