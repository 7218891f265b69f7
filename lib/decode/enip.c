/* EtherNet/IP encapsulation: "The CIP Networks Library, Volume 2:
 * EtherNet/IP Adaptation of CIP", chapter 2 (encapsulation) and 2-6
 * (Common Packet Format).  All integers are little-endian.
 *
 *	+---------+---------+-------------------+-------------------+
 *	| command | length  |  session handle   |      status       |
 *	|  2      |  2      |  4                |  4                |
 *	+---------+---------+-------------------+-------------------+
 *	|          sender context (8)           |  options (4)      |
 *	+---------------------------------------+-------------------+
 *	| command data: length bytes                                |
 *
 * SendRRData and SendUnitData carry an interface handle, a timeout and
 * a Common Packet Format list: an item count, then items of type id,
 * length and data.  The CIP message in an unconnected (0xb2) or connected
 * (0xb1, after a 2-byte sequence count) data item goes to cip.c.  UDP
 * port 2222 carries implicit I/O: a CPF list with no header, whose
 * connected data is application I/O, not CIP.  A TCP segment may hold
 * several encapsulation messages; each becomes one record. */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	ENIP_HDR = 24,
	ENIP_PORT = 44818,
	IO_PORT = 2222,
	MAX_ITEMS = 16,			/* CPF items kept in a record */
	MAX_ID = 8,			/* identity items kept */
	NAME_MAX_ = 33			/* a 32-byte short string and NUL */
};

enum {
	CMD_LIST_IDENTITY = 0x63,
	CMD_REGISTER = 0x65,
	CMD_SEND_RR = 0x6f,
	CMD_SEND_UNIT = 0x70
};

enum {
	ITEM_IDENTITY = 0x0c,
	ITEM_CONN_ADDR = 0xa1,
	ITEM_CONN_DATA = 0xb1,
	ITEM_UNCONN_DATA = 0xb2,
	ITEM_SEQ_ADDR = 0x8002
};

struct enip_scratch {
	uint32_t types[MAX_ITEMS], lens[MAX_ITEMS];
	Netcap__ENIPIdentity id[MAX_ID];
	Netcap__ENIPIdentity *idp[MAX_ID];
	struct nc_cur cip[MAX_ITEMS];	/* CIP messages, decoded after */
	size_t ncip;
};


/* A CIP Identity item: returns 0 if it does not fit its length. */
static int
identity(struct nc_cur *c, Netcap__ENIPIdentity *id)
{
	size_t n;
	const uint8_t *v;

	netcap__enipidentity__init(id);
	id->protocol_version = nc_cur_le16(c);
	/* The socket address is a sockaddr_in, in network byte order. */
	nc_cur_skip(c, 2);			/* sin_family */
	id->socket_port = nc_cur_be16(c);
	id->socket_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
	id->socket_ip.len = id->socket_ip.data != NULL ? 4 : 0;
	nc_cur_skip(c, 8);			/* sin_zero */
	id->vendor_id = nc_cur_le16(c);
	id->device_type = nc_cur_le16(c);
	id->product_code = nc_cur_le16(c);
	id->revision_major = nc_cur_u8(c);
	id->revision_minor = nc_cur_u8(c);
	id->status = nc_cur_le16(c);
	id->serial_number = nc_cur_le32(c);
	n = nc_cur_u8(c);
	v = nc_cur_bytes(c, n);
	id->state = nc_cur_u8(c);
	if (c->err || n >= NAME_MAX_)
		return 0;
	/* A SHORT_STRING, meant to be ASCII: kept as sent. */
	id->product_name = nc_dec_span(v, n, n);
	return 1;
}

/* The Common Packet Format list at c.  Returns 0 and sets *bad on a
 * malformed list. */
static int
cpf(Netcap__ENIP *e, struct nc_cur *c, struct enip_scratch *s, int io,
    const char **bad)
{
	unsigned count, i, type, len;
	struct nc_cur it;

	count = nc_cur_le16(c);
	if (c->err) {
		*bad = "truncated item count";
		return 0;
	}
	NC_DEC_SET(e, ENIP, item_count, ITEM_COUNT, count);
	for (i = 0; i < count; i++) {
		type = nc_cur_le16(c);
		len = nc_cur_le16(c);
		it = nc_cur_sub(c, len);
		if (c->err) {
			*bad = "CPF item longer than the message";
			return 0;
		}
		if (i < MAX_ITEMS) {
			s->types[i] = type;
			s->lens[i] = len;
			e->n_item_types = e->n_item_lengths = i + 1;
		}
		switch (type) {
		case ITEM_CONN_ADDR:
			NC_DEC_SET(e, ENIP, connection_id, CONNECTION_ID,
			    nc_cur_le32(&it));
			break;
		case ITEM_SEQ_ADDR:
			NC_DEC_SET(e, ENIP, connection_id, CONNECTION_ID,
			    nc_cur_le32(&it));
			NC_DEC_SET(e, ENIP, encap_sequence, ENCAP_SEQUENCE,
			    nc_cur_le32(&it));
			break;
		case ITEM_CONN_DATA:
			if (io) {
				/* Implicit I/O data is the application's;
				 * a sequence count leads it only for some
				 * connections, so none is claimed. */
				break;
			}
			NC_DEC_SET(e, ENIP, sequence_count, SEQUENCE_COUNT,
			    nc_cur_le16(&it));
			/* FALLTHROUGH */
		case ITEM_UNCONN_DATA:
			if (!it.err && nc_cur_left(&it) > 0 &&
			    s->ncip < MAX_ITEMS)
				s->cip[s->ncip++] = it;
			break;
		case ITEM_IDENTITY:
			if (e->n_identities < MAX_ID) {
				size_t j = e->n_identities;

				if (!identity(&it, &s->id[j])) {
					*bad = "bad identity item";
					return 0;
				}
				s->idp[j] = &s->id[j];
				e->n_identities = j + 1;
			}
			break;
		}
		if (it.err) {
			*bad = "CPF item too short for its type";
			return 0;
		}
	}
	if (count > MAX_ITEMS) {
		*bad = "more CPF items than kept";
		return 0;
	}
	return 1;
}

static void
fill_common(struct nc_pkt *k, Netcap__ENIP *e, const struct nc_app *a)
{
	NC_DEC_APP_ENDS(e, k, a);
}

static void
emit(struct nc_pkt *k, Netcap__ENIP *e, struct enip_scratch *s,
    const struct nc_app *a)
{
	size_t i;

	e->item_types = s->types;
	e->item_lengths = s->lens;
	e->identities = s->idp;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_ENIP))
		nc_dec_emit(k, NETCAP__RECORD__RECORD_ENIP, &e->base);
	for (i = 0; i < s->ncip; i++)
		nc_dec_cip(k, &s->cip[i], a);
}

/* Emits the header of e alone: what its data said is unknown. */
static void
header_only(struct nc_pkt *k, const Netcap__ENIP *e, struct enip_scratch *s,
    const struct nc_app *a)
{
	Netcap__ENIP h = NETCAP__ENIP__INIT;

	fill_common(k, &h, a);
	h.command = e->command;
	h.length = e->length;
	h.session_handle = e->session_handle;
	h.status = e->status;
	h.sender_context = e->sender_context;
	h.options = e->options;
	h.response = e->response;
	h.data = e->data;
	s->ncip = 0;
	emit(k, &h, s, a);
}

/* Implicit I/O on UDP 2222: a CPF list alone. */
static void
io(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    struct enip_scratch *s)
{
	Netcap__ENIP e = NETCAP__ENIP__INIT;
	struct nc_cur start = *c;
	const char *bad = NULL;

	fill_common(k, &e, a);
	e.io = 1;
	e.data.data = (uint8_t *)nc_cur_rest(c, &e.data.len);
	if (!cpf(&e, c, s, 1, &bad)) {
		nc_dec_undecoded(k, "ENIP", &start, "not ENIP I/O: %s", bad);
		return;
	}
	emit(k, &e, s, a);
}

/* One encapsulation message; returns 0 when the rest of the segment is
 * not worth reading. */
static int
message(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    struct enip_scratch *s)
{
	Netcap__ENIP e = NETCAP__ENIP__INIT;
	struct nc_cur start = *c, body;
	const char *bad = NULL;
	int cut = 0;

	memset(s->types, 0, sizeof s->types);
	s->ncip = 0;
	e.command = nc_cur_le16(c);
	e.length = nc_cur_le16(c);
	e.session_handle = nc_cur_le32(c);
	e.status = nc_cur_le32(c);
	e.sender_context.data = (uint8_t *)nc_cur_bytes(c, 8);
	e.sender_context.len = 8;
	e.options = nc_cur_le32(c);
	if (c->err) {
		nc_dec_truncated(k, "ENIP", &start, ENIP_HDR);
		return 0;
	}
	/* Commands are below 0x100 (0x00..0x73 defined); a bigger one, or
	 * non-zero options, means this is something else on the port. */
	if (e.command > 0xff || e.options != 0) {
		nc_dec_undecoded(k, "ENIP", &start, "not ENIP: command 0x%x, "
		    "options 0x%x", e.command, e.options);
		return 0;
	}
	if (e.length > nc_cur_left(c)) {
		cut = 1;
		body = nc_cur_sub(c, nc_cur_left(c));
	} else
		body = nc_cur_sub(c, e.length);
	fill_common(k, &e, a);
	e.response = a->sport == ENIP_PORT && a->dport != ENIP_PORT;
	e.data.data = (uint8_t *)nc_cur_rest(&body, &e.data.len);
	switch (e.command) {
	case CMD_REGISTER:
		NC_DEC_SET(&e, ENIP, protocol_version, PROTOCOL_VERSION,
		    nc_cur_le16(&body));
		NC_DEC_SET(&e, ENIP, option_flags, OPTION_FLAGS, nc_cur_le16(&body));
		if (body.err)
			bad = "truncated RegisterSession data";
		break;
	case CMD_LIST_IDENTITY:
		if (nc_cur_left(&body) > 0)
			cpf(&e, &body, s, 0, &bad);
		break;
	case CMD_SEND_RR:
	case CMD_SEND_UNIT:
		NC_DEC_SET(&e, ENIP, interface_handle, INTERFACE_HANDLE,
		    nc_cur_le32(&body));
		NC_DEC_SET(&e, ENIP, timeout, TIMEOUT, nc_cur_le16(&body));
		if (body.err)
			bad = "truncated command data";
		else
			cpf(&e, &body, s, 0, &bad);
		break;
	}
	if (bad == NULL && !cut) {
		emit(k, &e, s, a);
		return 1;
	}
	header_only(k, &e, s, a);
	if (cut) {
		nc_dec_undecoded(k, "ENIP", &start, "truncated message: %zu "
		    "of %u data bytes", e.data.len, e.length);
		return 0;
	}
	nc_dec_undecoded(k, "ENIP", &start, "%s", bad);
	return 1;
}

void
nc_dec_enip(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct enip_scratch s;

	memset(&s, 0, sizeof s);
	/* The dispatch table hands over 2222 for UDP only. */
	if ((a->sport == IO_PORT || a->dport == IO_PORT) &&
	    a->sport != ENIP_PORT && a->dport != ENIP_PORT) {
		io(k, c, a, &s);
		return;
	}
	while (nc_cur_left(c) > 0 && k->rc == 0)
		if (!message(k, c, a, &s))
			break;
}
