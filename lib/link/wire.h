/* The messages nc-send and nc-recv exchange inside TLS (ncap(5), NETWORK
 * TRANSPORT).  Each is one kind byte and its body:
 *
 *	sensor to collector
 *	'H' hello	version (1 byte, 1), stream id (8 bytes, big-endian)
 *	'R' record	varint seq, varint len, Record[len]
 *	'K' keepalive	(empty)
 *	collector to sensor
 *	'W' welcome	varint seq: the last record of the stream it holds
 *	'A' ack		varint seq: every record up to it is written
 *
 * A record's bytes are those of one frame of the stream without the
 * frame's length.  Sequence numbers count from 1 within a stream id. */
#ifndef NC_LINK_WIRE_H
#define NC_LINK_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define NC_WIRE_VERSION 1
#define NC_WIRE_HELLO 'H'
#define NC_WIRE_RECORD 'R'
#define NC_WIRE_KEEPALIVE 'K'
#define NC_WIRE_WELCOME 'W'
#define NC_WIRE_ACK 'A'
/* The most a header of a message takes: kind, seq and length. */
#define NC_WIRE_HEAD_MAX (1 + 10 + 5)

struct nc_wire_msg {
	int kind;
	uint64_t seq;		/* R, W, A */
	uint64_t stream;	/* H */
	const uint8_t *data;	/* R: the Record, within the parsed bytes */
	size_t len;
};

/* Parses one message from p[0, n).  Returns its length, 0 when p holds
 * only part of one, or -1 when p cannot start one (why says how): an
 * unknown kind, a bad varint, a hello of another version, a record of
 * seq 0, or one longer than cap. */
long nc_wire_parse(const uint8_t *p, size_t n, size_t cap,
    struct nc_wire_msg *m, const char **why);

/* Each writes a message to p, which holds NC_WIRE_HEAD_MAX bytes (and
 * the hello's 10), and returns its length.  A record's header is
 * followed by its len bytes, written by the caller. */
size_t nc_wire_hello(uint8_t *p, uint64_t stream);
size_t nc_wire_record_head(uint8_t *p, uint64_t seq, size_t len);
size_t nc_wire_seq(uint8_t *p, int kind, uint64_t seq);



/* The record type of a Record's bytes, when they are one envelope field
 * of wire type 2 that spans them exactly (stream.c's framing); else -1. */
int nc_wire_record_type(const uint8_t *p, size_t n);
#endif
