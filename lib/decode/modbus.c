/* Modbus/TCP: "MODBUS Messaging on TCP/IP Implementation Guide V1.0b" and
 * "MODBUS Application Protocol Specification V1.1b3".
 *
 *	+---------------+---------------+---------------+-------+---------+
 *	| transaction id|  protocol id  |    length     | unit  | PDU ... |
 *	|   2 bytes     |  2 bytes (0)  |   2 bytes     |   1   |         |
 *	+---------------+---------------+---------------+-------+---------+
 *
 * The length counts the unit id and the PDU (a function code and at most
 * 252 data bytes).  A segment may carry several ADUs; each becomes one
 * record.  Nothing is reassembled: an ADU cut by the segment end is kept
 * as far as it goes and the rest is reported as Undecoded.  Whether a PDU
 * is a request or a response only the direction tells: from port 502 it
 * is a response. */
#include "decode/internal.h"
#include "decode/text.h"

enum {
	MBAP_HDR = 7,
	MB_MAXLEN = 254,		/* unit id + 253-byte PDU */
	MB_PORT = 502,
	MB_MAXREG = 128,		/* a byte count of 255 holds 127 */
	MB_MAXOBJ = 128,		/* 2-byte objects in a 253-byte PDU */
};

struct mb_scratch {
	uint32_t regs[MB_MAXREG];
	Netcap__ModbusObject obj[MB_MAXOBJ];
	Netcap__ModbusObject *objp[MB_MAXOBJ];
};

/* Register values, byte count bytes of them. */
static void
registers(Netcap__Modbus *m, struct nc_cur *c, size_t bytes,
    struct mb_scratch *s)
{
	size_t i, n = bytes / 2;

	for (i = 0; i < n && i < MB_MAXREG; i++)
		s->regs[i] = nc_cur_be16(c);
	if (c->err)
		return;
	m->registers = s->regs;
	m->n_registers = i;
}

/* Read Device Identification response objects: id, length, value. */
static void
objects(Netcap__Modbus *m, struct nc_cur *c, unsigned n, struct mb_scratch *s)
{
	size_t i, len;
	const uint8_t *v;

	for (i = 0; i < n && i < MB_MAXOBJ && nc_cur_left(c) > 0; i++) {
		netcap__modbus_object__init(&s->obj[i]);
		s->obj[i].id = nc_cur_u8(c);
		len = nc_cur_u8(c);
		v = nc_cur_bytes(c, len);
		if (v == NULL) {
			c->err = 1;
			return;
		}
		/* Meant to be ASCII; kept as sent, for the sinks to escape. */
		s->obj[i].value = nc_dec_span(v, len, len);
		s->objp[i] = &s->obj[i];
	}
	if (i < n)
		c->err = 1;		/* more objects announced than sent */
	m->objects = s->objp;
	m->n_objects = i;
}

static void
mei(Netcap__Modbus *m, struct nc_cur *c, struct mb_scratch *s)
{
	unsigned n;

	NC_DEC_SET(m, MODBUS, mei_type, MEI_TYPE, nc_cur_u8(c));
	if (m->mei_type != 14)
		return;
	NC_DEC_SET(m, MODBUS, read_device_id, READ_DEVICE_ID, nc_cur_u8(c));
	if (!m->response) {
		NC_DEC_SET(m, MODBUS, object_id, OBJECT_ID, nc_cur_u8(c));
		return;
	}
	NC_DEC_SET(m, MODBUS, conformity_level, CONFORMITY_LEVEL, nc_cur_u8(c));
	NC_DEC_SET(m, MODBUS, more_follows, MORE_FOLLOWS, nc_cur_u8(c));
	NC_DEC_SET(m, MODBUS, next_object_id, NEXT_OBJECT_ID, nc_cur_u8(c));
	n = nc_cur_u8(c);
	NC_DEC_SET(m, MODBUS, num_objects, NUM_OBJECTS, n);
	if (!c->err)
		objects(m, c, n, s);
}

static void
request(Netcap__Modbus *m, struct nc_cur *c, struct mb_scratch *s)
{
	unsigned bc;

	switch (m->function_code) {
	case 1: case 2: case 3: case 4:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, quantity, QUANTITY, nc_cur_be16(c));
		break;
	case 5: case 6:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, value, VALUE, nc_cur_be16(c));
		break;
	case 15: case 16:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, quantity, QUANTITY, nc_cur_be16(c));
		bc = nc_cur_u8(c);
		NC_DEC_SET(m, MODBUS, byte_count, BYTE_COUNT, bc);
		if (m->function_code == 16)
			registers(m, c, bc, s);
		else if ((m->coils.data = (uint8_t *)nc_cur_bytes(c, bc)))
			m->coils.len = bc;
		break;
	case 23:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, quantity, QUANTITY, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, write_address, WRITE_ADDRESS,
		    nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, write_quantity, WRITE_QUANTITY,
		    nc_cur_be16(c));
		bc = nc_cur_u8(c);
		NC_DEC_SET(m, MODBUS, byte_count, BYTE_COUNT, bc);
		registers(m, c, bc, s);
		break;
	case 43:
		mei(m, c, s);
		break;
	}
}

static void
response(Netcap__Modbus *m, struct nc_cur *c, struct mb_scratch *s)
{
	unsigned bc;

	switch (m->function_code) {
	case 1: case 2:
		bc = nc_cur_u8(c);
		NC_DEC_SET(m, MODBUS, byte_count, BYTE_COUNT, bc);
		if ((m->coils.data = (uint8_t *)nc_cur_bytes(c, bc)))
			m->coils.len = bc;
		break;
	case 3: case 4: case 23:
		bc = nc_cur_u8(c);
		NC_DEC_SET(m, MODBUS, byte_count, BYTE_COUNT, bc);
		registers(m, c, bc, s);
		break;
	case 5: case 6:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, value, VALUE, nc_cur_be16(c));
		break;
	case 15: case 16:
		NC_DEC_SET(m, MODBUS, address, ADDRESS, nc_cur_be16(c));
		NC_DEC_SET(m, MODBUS, quantity, QUANTITY, nc_cur_be16(c));
		break;
	case 43:
		mei(m, c, s);
		break;
	}
}

/* One ADU at c; returns 0 when the rest of the segment is not worth
 * reading (not Modbus, or cut short). */
static int
adu(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    struct mb_scratch *s)
{
	Netcap__Modbus m = NETCAP__MODBUS__INIT;
	struct nc_cur start = *c, pdu, body;
	size_t plen;
	int cut = 0;
	uint8_t fc;

	m.transaction_id = nc_cur_be16(c);
	m.protocol_id = nc_cur_be16(c);
	m.length = nc_cur_be16(c);
	m.unit_id = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "Modbus", &start, MBAP_HDR);
		return 0;
	}
	if (m.protocol_id != 0) {
		nc_dec_undecoded(k, "Modbus", &start,
		    "not Modbus: protocol id %u", m.protocol_id);
		return 0;
	}
	if (m.length < 2 || m.length > MB_MAXLEN) {
		nc_dec_undecoded(k, "Modbus", &start,
		    "not Modbus: length %u", m.length);
		return 0;
	}
	plen = m.length - 1;
	if (plen > nc_cur_left(c)) {
		cut = 1;
		plen = nc_cur_left(c);
	}
	pdu = nc_cur_sub(c, plen);
	if (plen == 0) {
		nc_dec_undecoded(k, "Modbus", &start,
		    "truncated ADU: 0 of %u PDU bytes", m.length - 1);
		return 0;
	}
	fc = nc_cur_u8(&pdu);
	body = pdu;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_MODBUS)) {
		NC_DEC_APP_ENDS(&m, k, a);
		m.function_code = fc & 0x7f;
		m.exception = (fc & 0x80) != 0;
		m.response = a->sport == MB_PORT && a->dport != MB_PORT;
		m.data.data = (uint8_t *)nc_cur_rest(&pdu, &m.data.len);
		if (m.exception) {
			m.response = 1;
			NC_DEC_SET(&m, MODBUS, exception_code, EXCEPTION_CODE,
			    nc_cur_u8(&body));
		} else if (m.response)
			response(&m, &body, s);
		else
			request(&m, &body, s);
		if (body.err) {
			/* What the function's fields would be is unknown: keep
			 * the header and the raw data only. */
			Netcap__Modbus h = NETCAP__MODBUS__INIT;

			NC_DEC_APP_ENDS(&h, k, a);
			h.transaction_id = m.transaction_id;
			h.length = m.length;
			h.unit_id = m.unit_id;
			h.function_code = m.function_code;
			h.exception = m.exception;
			h.response = m.response;
			h.data = m.data;
			m = h;
		}
		nc_dec_emit(k, NETCAP__RECORD__RECORD_MODBUS, &m.base);
	} else
		body.err = 0;
	if (cut) {
		nc_dec_undecoded(k, "Modbus", &start, "truncated ADU: %zu of "
		    "%u bytes", MBAP_HDR - 1 + plen, m.length + 6);
		return 0;
	}
	if (body.err)
		nc_dec_undecoded(k, "Modbus", &pdu,
		    "bad function %u data", fc);
	return 1;
}

void
nc_dec_modbus(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct mb_scratch s;

	while (nc_cur_left(c) > 0 && k->rc == 0)
		if (!adu(k, c, a, &s))
			break;
}
