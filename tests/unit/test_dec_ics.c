/* Unit tests for the Modbus/TCP, EtherNet/IP, CIP, SNMP and Diameter
 * decoders: payloads built byte by byte and handed to one decoder with
 * nc_decode_layer(), well-formed and damaged (cut at every length, lying
 * lengths, oversize counts).  Every record is packed and unpacked again
 * before its fields are checked. */
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "netcap.pb-c.h"
#include "tap.h"
#include "pkt.h"
#include "recs.h"

/* --- building payloads -------------------------------------------------- */

static void
set16(struct pkt *p, size_t at, unsigned v)
{
	p->b[at] = (uint8_t)(v >> 8);
	p->b[at + 1] = (uint8_t)v;
}

/* --- decoding and looking at the records -------------------------------- */

/* Decodes n bytes of p as layer from an exactly sized heap copy, so that
 * a sanitizer sees any read past the end. */
static int
layer_n(const char *name, const uint8_t *p, size_t n, unsigned sport,
    unsigned dport)
{
	struct nc_decoder d;
	uint8_t *copy;
	int rc;

	clear();
	if (nc_decoder_init(&d, 1, NULL, 0, collect, NULL) < 0)
		abort();
	copy = malloc(n > 0 ? n : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, p, n);
	rc = nc_decode_layer(&d, name, copy, n, sport, dport);
	free(copy);
	nc_decoder_free(&d);
	return rc;
}

static int
layer(const char *name, const struct pkt *p, unsigned sport, unsigned dport)
{
	return layer_n(name, p->b, p->n, sport, dport);
}

/* The nth Undecoded record has this layer and reason prefix. */
static int
undecoded(int nth, const char *lay, const char *reason)
{
	Netcap__Undecoded *u = get(NETCAP__RECORD__RECORD_UNDECODED, nth);

	if (u == NULL) {
		printf("# no Undecoded record %d\n", nth);
		return 0;
	}
	if (strcmp(u->layer, lay) != 0 ||
	    strncmp(u->reason, reason, strlen(reason)) != 0) {
		printf("# undecoded: %s: %s\n", u->layer, u->reason);
		return 0;
	}
	return 1;
}

/* ... and starts at this offset from the layer's first byte. */
static int
undecoded_at(int nth, uint32_t off)
{
	Netcap__Undecoded *u = get(NETCAP__RECORD__RECORD_UNDECODED, nth);

	if (u == NULL || u->offset != off) {
		printf("# undecoded at %d, want %u\n", u ? (int)u->offset : -1,
		    off);
		return 0;
	}
	return 1;
}

/* Every prefix of p, and p with each byte set to 0xff, decodes without a
 * crash (the sanitizer build checks the reads) into records that pack;
 * each cut short gives at least one Undecoded record or a record. */
static int
abuse(const char *name, const struct pkt *p, unsigned sport, unsigned dport)
{
	struct pkt q;
	size_t i;
	int good = 1;

	for (i = 0; i < p->n; i++) {
		layer_n(name, p->b, i, sport, dport);
		if (i > 0 && nrec == 0) {
			printf("# %s cut at %zu: no record\n", name, i);
			good = 0;
		}
	}
	for (i = 0; i < p->n; i++) {
		q = *p;
		q.b[i] = 0xff;
		layer(name, &q, sport, dport);
		q.b[i] = 0;
		layer(name, &q, sport, dport);
	}
	return good;
}

/* --- Modbus/TCP ---------------------------------------------------------- */

static void
mbap(struct pkt *p, unsigned tid, unsigned len, unsigned unit)
{
	be16(p, tid);
	be16(p, 0);
	be16(p, len);
	u8(p, unit);
}

static void
test_modbus(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Modbus *m, *m2;
	static const uint8_t obj[] = { 0, 4, 'A', 'c', 0xe9, 'e', 1, 1, 'P' };
	size_t i;

	/* Read holding registers request. */
	mbap(&p, 0x1234, 6, 9);
	u8(&p, 3);
	be16(&p, 100);
	be16(&p, 3);
	layer("Modbus", &p, 40000, 502);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && nrec == 1, "modbus: one record for a request");
	ok(m != NULL && m->transaction_id == 0x1234 && m->protocol_id == 0 &&
	    m->length == 6 && m->unit_id == 9 && m->function_code == 3 &&
	    !m->response && !m->exception,
	    "modbus: MBAP header and function code");
	ok(m != NULL && m->_address_case && m->address == 100 &&
	    m->_quantity_case && m->quantity == 3 && !m->_byte_count_case &&
	    m->n_registers == 0, "modbus: 3 request address and quantity");
	ok(m != NULL && m->src_port == 40000 && m->dst_port == 502 &&
	    m->src_ip.len == 4 && m->dst_ip.len == 4 && m->flow != 0 &&
	    m->data.len == 4 && m->ts == 1 && m->packet == 1,
	    "modbus: endpoints, flow, data, ts, packet");
	ok(abuse("Modbus", &p, 40000, 502), "modbus: request cut and damaged");

	/* Its response. */
	p.n = 0;
	mbap(&p, 0x1234, 9, 9);
	u8(&p, 3);
	u8(&p, 6);
	be16(&p, 1);
	be16(&p, 0xfffe);
	be16(&p, 3);
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->response && m->_byte_count_case &&
	    m->byte_count == 6 && m->n_registers == 3 &&
	    m->registers[0] == 1 && m->registers[1] == 0xfffe &&
	    m->registers[2] == 3 && !m->_address_case,
	    "modbus: 3 response byte count and registers");
	ok(abuse("Modbus", &p, 502, 40000), "modbus: response cut and damaged");

	/* A byte count larger than the PDU: header kept, Undecoded. */
	p.b[8] = 200;
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && !m->_byte_count_case && m->n_registers == 0 &&
	    m->function_code == 3 && undecoded(0, "Modbus", "bad function 3"),
	    "modbus: lying byte count keeps the header, data Undecoded");

	/* Exception response. */
	p.n = 0;
	mbap(&p, 1, 3, 1);
	u8(&p, 0x81);
	u8(&p, 2);
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->exception && m->function_code == 1 &&
	    m->_exception_code_case && m->exception_code == 2 && m->response,
	    "modbus: exception flag and code");

	/* Write single coil, write multiple coils, read/write registers. */
	p.n = 0;
	mbap(&p, 2, 6, 1);
	u8(&p, 5);
	be16(&p, 7);
	be16(&p, 0xff00);
	mbap(&p, 3, 9, 1);
	u8(&p, 15);
	be16(&p, 30);
	be16(&p, 9);
	u8(&p, 2);
	u8(&p, 0xff);
	u8(&p, 0x01);
	mbap(&p, 4, 15, 1);
	u8(&p, 23);
	be16(&p, 1);
	be16(&p, 2);
	be16(&p, 50);
	be16(&p, 2);
	u8(&p, 4);
	be16(&p, 7);
	be16(&p, 8);
	layer("Modbus", &p, 40000, 502);
	ok(count(NETCAP__RECORD__RECORD_MODBUS) == 3 && nrec == 3,
	    "modbus: three ADUs in one segment, three records");
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->transaction_id == 2 && m->address == 7 &&
	    m->_value_case && m->value == 0xff00,
	    "modbus: 5 output address and value");
	m = get(NETCAP__RECORD__RECORD_MODBUS, 1);
	ok(m != NULL && m->transaction_id == 3 && m->address == 30 &&
	    m->quantity == 9 && m->byte_count == 2 && m->coils.len == 2 &&
	    m->coils.data[0] == 0xff && m->coils.data[1] == 1,
	    "modbus: 15 address, quantity, byte count, coils");
	m = get(NETCAP__RECORD__RECORD_MODBUS, 2);
	ok(m != NULL && m->transaction_id == 4 && m->address == 1 &&
	    m->quantity == 2 && m->write_address == 50 &&
	    m->write_quantity == 2 && m->byte_count == 4 &&
	    m->n_registers == 2 && m->registers[1] == 8,
	    "modbus: 23 read and write fields");
	ok(abuse("Modbus", &p, 40000, 502), "modbus: three ADUs cut and damaged");

	/* Read device identification response. */
	p.n = 0;
	mbap(&p, 5, 8 + sizeof obj, 1);
	u8(&p, 43);
	u8(&p, 14);
	u8(&p, 1);
	u8(&p, 0x81);
	u8(&p, 0);
	u8(&p, 0);
	u8(&p, 2);
	raw(&p, obj, sizeof obj);
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->mei_type == 14 && m->read_device_id == 1 &&
	    m->conformity_level == 0x81 && m->_more_follows_case &&
	    m->more_follows == 0 && m->num_objects == 2 && m->n_objects == 2,
	    "modbus: 43/14 response header");
	ok(m != NULL && m->n_objects == 2 && m->objects[0]->id == 0 &&
	    strcmp(m->objects[0]->value, "Ac.e") == 0 &&
	    m->objects[1]->id == 1 && strcmp(m->objects[1]->value, "P") == 0,
	    "modbus: 43/14 objects, non-ASCII shown as a dot");
	ok(abuse("Modbus", &p, 502, 40000), "modbus: 43/14 cut and damaged");
	/* More objects announced than sent. */
	p.b[13] = 200;
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->n_objects == 0 && !m->_num_objects_case &&
	    undecoded(0, "Modbus", "bad function 43"),
	    "modbus: 43/14 oversize object count is Undecoded");

	/* Not Modbus, bad lengths, cut ADUs. */
	p.n = 0;
	mbap(&p, 1, 6, 1);
	set16(&p, 2, 7);
	u8(&p, 3);
	be16(&p, 0);
	be16(&p, 1);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", "not Modbus: protocol id 7"),
	    "modbus: non-zero protocol id is Undecoded");
	set16(&p, 2, 0);
	set16(&p, 4, 1);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", "not Modbus: length 1"),
	    "modbus: length 1 is Undecoded");
	set16(&p, 4, 255);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", "not Modbus: length 255"),
	    "modbus: length 255 is Undecoded");
	set16(&p, 4, 100);
	layer("Modbus", &p, 40000, 502);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(nrec == 2 && m != NULL && m->length == 100 &&
	    undecoded(0, "Modbus", "truncated ADU"),
	    "modbus: an ADU cut by the segment end: record and Undecoded");
	layer_n("Modbus", p.b, 5, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", "truncated header: 5 of 7"),
	    "modbus: short MBAP header is Undecoded");

	/* A segment full of minimal ADUs: one record each, none lost. */
	p.n = 0;
	for (i = 0; i < 500; i++) {
		mbap(&p, (unsigned)i, 2, 1);
		u8(&p, 8);
	}
	layer("Modbus", &p, 40000, 502);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	m2 = get(NETCAP__RECORD__RECORD_MODBUS, 499);
	ok(nrec == 500 && m != NULL && m2 != NULL && m2->transaction_id == 499 &&
	    m->function_code == 8 && m->data.len == 0,
	    "modbus: 500 ADUs in one segment");
	clear();
}


/* --- EtherNet/IP and CIP ------------------------------------------------- */

static void
encap(struct pkt *p, unsigned cmd, unsigned len, uint32_t session)
{
	le16(p, cmd);
	le16(p, len);
	le32(p, session);
	le32(p, 0);
	raw(p, "ctx-0001", 8);
	le32(p, 0);
}

static void
test_enip(void)
{
	struct pkt p = { .n = 0 };
	Netcap__ENIP *e;
	Netcap__CIP *m;
	static const uint8_t getattr[] = {
		0x0e, 3, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07
	};
	static const uint8_t name[] = "1756-L61/B LO";
	size_t at;

	/* SendRRData with Get_Attribute_Single class 1 inst 1 attr 7. */
	encap(&p, 0x6f, 6 + 2 + 4 + 4 + sizeof getattr, 0x11223344);
	le32(&p, 0);
	le16(&p, 5);
	le16(&p, 2);
	le16(&p, 0);
	le16(&p, 0);
	le16(&p, 0xb2);
	le16(&p, sizeof getattr);
	raw(&p, getattr, sizeof getattr);
	layer("ENIP", &p, 50000, 44818);
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(nrec == 2 && e != NULL && m != NULL, "enip: SendRRData gives ENIP "
	    "and CIP");
	ok(e != NULL && e->command == 0x6f && e->length == 24 &&
	    e->session_handle == 0x11223344 && e->status == 0 &&
	    e->sender_context.len == 8 &&
	    memcmp(e->sender_context.data, "ctx-0001", 8) == 0 &&
	    e->options == 0 && !e->response && !e->io,
	    "enip: encapsulation header");
	ok(e != NULL && e->interface_handle == 0 && e->_timeout_case &&
	    e->timeout == 5 && e->item_count == 2 && e->n_item_types == 2 &&
	    e->item_types[0] == 0 && e->item_types[1] == 0xb2 &&
	    e->item_lengths[1] == sizeof getattr && !e->_connection_id_case,
	    "enip: CPF items");
	ok(m != NULL && m->service == 0x0e && !m->response &&
	    m->path_size == 3 && m->path.len == 6 && m->class_id == 1 &&
	    m->instance_id == 1 && m->_attribute_id_case &&
	    m->attribute_id == 7 && m->data_length == 0 &&
	    !m->_service_index_case && m->src_port == 50000,
	    "cip: service and request path");
	ok(abuse("ENIP", &p, 50000, 44818), "enip: SendRRData cut and damaged");

	/* Item longer than the message: header kept, Undecoded. */
	p.b[24 + 6 + 2 + 4 + 2] = 200;
	layer("ENIP", &p, 50000, 44818);
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	ok(e != NULL && e->n_item_types == 0 && !e->_item_count_case &&
	    count(NETCAP__RECORD__RECORD_CIP) == 0 &&
	    undecoded(0, "ENIP", "CPF item longer"),
	    "enip: lying item length keeps the header only");

	/* ListIdentity response. */
	p.n = 0;
	encap(&p, 0x63, 2 + 4 + 34 + sizeof name - 1, 0);
	le16(&p, 1);
	le16(&p, 0x0c);
	le16(&p, 34 + sizeof name - 1);
	le16(&p, 1);
	be16(&p, 2);
	be16(&p, 44818);
	be32(&p, 0x0a000002);
	be32(&p, 0);
	be32(&p, 0);
	le16(&p, 1);
	le16(&p, 14);
	le16(&p, 54);
	u8(&p, 20);
	u8(&p, 11);
	le16(&p, 0x60);
	le32(&p, 0xc0ffee01);
	u8(&p, sizeof name - 1);
	raw(&p, name, sizeof name - 1);
	u8(&p, 3);
	layer("ENIP", &p, 44818, 50000);
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	ok(e != NULL && e->response && e->n_identities == 1 &&
	    e->identities[0]->vendor_id == 1 &&
	    e->identities[0]->device_type == 14 &&
	    e->identities[0]->product_code == 54 &&
	    e->identities[0]->revision_major == 20 &&
	    e->identities[0]->revision_minor == 11 &&
	    e->identities[0]->status == 0x60 &&
	    e->identities[0]->serial_number == 0xc0ffee01 &&
	    strcmp(e->identities[0]->product_name, "1756-L61/B LO") == 0 &&
	    e->identities[0]->state == 3 &&
	    e->identities[0]->socket_port == 44818 &&
	    e->identities[0]->socket_ip.len == 4 &&
	    e->identities[0]->socket_ip.data[3] == 2,
	    "enip: ListIdentity identity item");
	ok(abuse("ENIP", &p, 44818, 50000), "enip: ListIdentity cut and damaged");

	/* Two messages in one segment: RegisterSession twice. */
	p.n = 0;
	encap(&p, 0x65, 4, 0);
	le16(&p, 1);
	le16(&p, 0);
	encap(&p, 0x65, 4, 7);
	le16(&p, 1);
	le16(&p, 0);
	layer("ENIP", &p, 50000, 44818);
	e = get(NETCAP__RECORD__RECORD_ENIP, 1);
	ok(nrec == 2 && e != NULL && e->session_handle == 7 &&
	    e->_protocol_version_case && e->protocol_version == 1 &&
	    e->_option_flags_case, "enip: two messages, two records");
	/* Options set: not EtherNet/IP. */
	p.b[20] = 1;
	layer("ENIP", &p, 50000, 44818);
	ok(nrec == 1 && undecoded(0, "ENIP", "not ENIP: command 0x65, "
	    "options 0x1"), "enip: non-zero options is Undecoded");
	/* Cut message. */
	layer_n("ENIP", p.b, 26, 50000, 44818);
	ok(nrec == 1 && undecoded(0, "ENIP", "not ENIP"),
	    "enip: options checked before the length");
	p.b[20] = 0;
	layer_n("ENIP", p.b, 26, 50000, 44818);
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	ok(nrec == 2 && e != NULL && !e->_protocol_version_case &&
	    undecoded(0, "ENIP", "truncated message: 2 of 4"),
	    "enip: message cut by the segment end");

	/* Implicit I/O on UDP 2222: CPF only, connected data is not CIP. */
	p.n = 0;
	le16(&p, 2);
	le16(&p, 0x8002);
	le16(&p, 8);
	le32(&p, 0x1234);
	le32(&p, 99);
	le16(&p, 0xb1);
	le16(&p, 4);
	le32(&p, 0x0e030201);
	{
		struct nc_decoder d;

		clear();
		nc_decoder_init(&d, 1, NULL, 0, collect, NULL);
		nc_decode_layer(&d, "ENIP", p.b, p.n, 2222, 2222);
		nc_decoder_free(&d);
	}
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	ok(nrec == 1 && e != NULL && e->io && e->connection_id == 0x1234 &&
	    e->encap_sequence == 99 && e->n_item_types == 2 &&
	    !e->_sequence_count_case, "enip: implicit I/O on 2222");

	/* Multiple Service Packet response with an error inside. */
	p.n = 0;
	u8(&p, 0x8a);
	u8(&p, 0);
	u8(&p, 0x1e);
	u8(&p, 0);
	le16(&p, 2);
	le16(&p, 6);
	le16(&p, 12);
	u8(&p, 0xcc);
	u8(&p, 0);
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 0x00c4);
	u8(&p, 0xcc);
	u8(&p, 0);
	u8(&p, 0x05);
	u8(&p, 1);
	le16(&p, 0x2107);
	layer("CIP", &p, 44818, 50000);
	m = get(NETCAP__RECORD__RECORD_CIP, 2);
	ok(nrec == 3 && m != NULL && m->response && m->service == 0x4c &&
	    m->general_status == 5 && m->n_additional_status == 1 &&
	    m->additional_status[0] == 0x2107 && m->service_index == 2,
	    "cip: MSP response, services with status");
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && m->general_status == 0x1e && m->service == 0x0a &&
	    m->data_length == 18 && !m->_path_size_case,
	    "cip: MSP response record itself");
	ok(abuse("CIP", &p, 44818, 50000), "cip: MSP response cut and damaged");
	/* An offset pointing backwards. */
	p.b[8] = 2;
	layer("CIP", &p, 44818, 50000);
	ok(nrec == 2 && undecoded(0, "CIP", "bad Multiple Service Packet"),
	    "cip: bad MSP offset is Undecoded");
	/* An oversize service count. */
	p.b[4] = 0xff;
	p.b[5] = 0xff;
	layer("CIP", &p, 44818, 50000);
	ok(nrec == 2 && undecoded(0, "CIP", "bad Multiple Service Packet"),
	    "cip: oversize MSP count is Undecoded");

	/* Paths: 16- and 32-bit segments, symbols, unknown segments. */
	p.n = 0;
	u8(&p, 0x4c);
	u8(&p, 12);
	at = p.n;
	raw(&p, "\x21\x00\x34\x12\x26\x00\x00\x00\x01\x00"
	    "\x91\x03" "abc\x00" "\x91\x02" "xy" "\x28\x05\x2c\x06", 24);
	le16(&p, 1);
	layer("CIP", &p, 50000, 44818);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && m->class_id == 0x1234 && m->instance_id == 0x10000 &&
	    m->member_id == 5 && m->connection_point == 6 &&
	    strcmp(m->symbol, "abc.xy") == 0 && m->data_length == 2,
	    "cip: 16/32-bit segments, member, connection point, symbols");
	ok(abuse("CIP", &p, 50000, 44818), "cip: path cut and damaged");
	p.b[at] = 0x01;		/* a port segment ends the walk */
	layer("CIP", &p, 50000, 44818);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && !m->_class_id_case && m->path.len == 24 &&
	    m->symbol[0] == '\0', "cip: unknown segment keeps the raw path");
	/* Path size beyond the message. */
	p.b[1] = 100;
	layer("CIP", &p, 50000, 44818);
	ok(nrec == 1 && undecoded(0, "CIP", "truncated request path"),
	    "cip: lying path size is Undecoded");
	/* Symbol too long for its buffer: truncated, still a string. */
	p.n = 0;
	u8(&p, 0x4c);
	u8(&p, 192);
	for (at = 0; at < 3; at++) {
		u8(&p, 0x91);
		u8(&p, 126);
		memset(p.b + p.n, 'A', 126);
		p.n += 126;
	}
	layer("CIP", &p, 50000, 44818);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && strlen(m->symbol) == 255, "cip: long symbol truncated "
	    "to its buffer");
	clear();
}

/* --- SNMP ---------------------------------------------------------------- */

/* From tests/data/ics/make-captures: a v2c response with every value
 * type, a v1 trap, a v3 report and a v3 encrypted request. */
static const uint8_t snmp_v2resp[] = {
	0x30, 0x81, 0xb8, 0x02, 0x01, 0x01, 0x04, 0x07, 0x70, 0x72, 0x69,
	0x76, 0x61, 0x74, 0x65, 0xa2, 0x81, 0xa9, 0x02, 0x01, 0x02, 0x02,
	0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x81, 0x9d, 0x30, 0x13, 0x06,
	0x0a, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0a, 0x01,
	0x41, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff, 0x30, 0x12, 0x06, 0x0a,
	0x2b, 0x06, 0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x05, 0x01, 0x42,
	0x04, 0x3b, 0x9a, 0xca, 0x00, 0x30, 0x18, 0x06, 0x0b, 0x2b, 0x06,
	0x01, 0x02, 0x01, 0x1f, 0x01, 0x01, 0x01, 0x06, 0x01, 0x46, 0x09,
	0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x30, 0x15,
	0x06, 0x0d, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x04, 0x14, 0x01, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x40, 0x04, 0x0a, 0x00, 0x00, 0x02, 0x30,
	0x16, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,
	0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xbf, 0x08, 0x03, 0x02,
	0x0a, 0x30, 0x0f, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x02,
	0x02, 0x01, 0x08, 0x01, 0x02, 0x01, 0xfb, 0x30, 0x0b, 0x06, 0x07,
	0x2b, 0x06, 0x01, 0x02, 0x01, 0x63, 0x01, 0x80, 0x00, 0x30, 0x0b,
	0x06, 0x07, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x63, 0x02, 0x82, 0x00
};
static const uint8_t snmp_v1trap[] = {
	0x30, 0x3d, 0x02, 0x01, 0x00, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6c,
	0x69, 0x63, 0xa4, 0x30, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01,
	0xbf, 0x08, 0x03, 0x02, 0x0a, 0x40, 0x04, 0x0a, 0x00, 0x00, 0x01,
	0x02, 0x01, 0x02, 0x02, 0x01, 0x00, 0x43, 0x03, 0x00, 0xd6, 0xd8,
	0x30, 0x11, 0x30, 0x0f, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x02, 0x01,
	0x02, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01, 0x02
};
static const uint8_t snmp_v3report[] = {
	0x30, 0x5c, 0x02, 0x01, 0x03, 0x30, 0x0e, 0x02, 0x01, 0x5b, 0x02,
	0x03, 0x00, 0xff, 0xe3, 0x04, 0x01, 0x00, 0x02, 0x01, 0x03, 0x04,
	0x1a, 0x30, 0x18, 0x04, 0x09, 0x80, 0x00, 0x1f, 0x88, 0x80, 0x56,
	0xe4, 0xb3, 0xa7, 0x02, 0x01, 0x03, 0x02, 0x02, 0x04, 0xd2, 0x04,
	0x00, 0x04, 0x00, 0x04, 0x00, 0x30, 0x2b, 0x04, 0x09, 0x80, 0x00,
	0x1f, 0x88, 0x80, 0x56, 0xe4, 0xb3, 0xa7, 0x04, 0x00, 0xa8, 0x1c,
	0x02, 0x01, 0x04, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11,
	0x30, 0x0f, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x06, 0x03, 0x0f, 0x01,
	0x01, 0x04, 0x00, 0x41, 0x01, 0x07
};
static const uint8_t snmp_v3priv[] = {
	0x30, 0x56, 0x02, 0x01, 0x03, 0x30, 0x0e, 0x02, 0x01, 0x5c, 0x02,
	0x03, 0x00, 0xff, 0xe3, 0x04, 0x01, 0x07, 0x02, 0x01, 0x03, 0x04,
	0x1f, 0x30, 0x1d, 0x04, 0x09, 0x80, 0x00, 0x1f, 0x88, 0x80, 0x56,
	0xe4, 0xb3, 0xa7, 0x02, 0x01, 0x03, 0x02, 0x02, 0x04, 0xd8, 0x04,
	0x05, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x04, 0x00, 0x04, 0x00, 0x04,
	0x20, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14,
	0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
};

static void
ber_hdr(struct pkt *p, unsigned tag, size_t len)
{
	u8(p, tag);
	if (len < 0x80)
		u8(p, (unsigned)len);
	else {
		u8(p, 0x82);
		be16(p, (unsigned)len);
	}
}

static void
snmp_layer(const uint8_t *b, size_t n)
{
	layer_n("SNMP", b, n, 40001, 161);
}

static void
test_snmp(void)
{
	struct pkt p = { .n = 0 };
	Netcap__SNMP *m;
	Netcap__SNMPVarBind **v;
	size_t i;

	snmp_layer(snmp_v2resp, sizeof snmp_v2resp);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 1 && m != NULL && m->version == 1 &&
	    strcmp(m->community, "private") == 0 && m->_pdu_type_case &&
	    m->pdu_type == 2 && m->request_id == 2 && m->error_status == 0 &&
	    m->_error_index_case && m->error_index == 0 &&
	    m->src_port == 40001 && m->dst_port == 161,
	    "snmp: v2c response header");
	v = m != NULL ? m->varbinds : NULL;
	ok(m != NULL && m->n_varbinds == 8 &&
	    strcmp(v[0]->oid, "1.3.6.1.2.1.2.2.1.10.1") == 0 &&
	    v[0]->tag == 0x41 && strcmp(v[0]->value_type, "Counter32") == 0 &&
	    v[0]->_value_uint_case && v[0]->value_uint == 4294967295u &&
	    v[1]->value_uint == 1000000000 &&
	    strcmp(v[1]->value_type, "Gauge32") == 0 &&
	    v[2]->value_uint == UINT64_MAX &&
	    strcmp(v[2]->value_type, "Counter64") == 0,
	    "snmp: Counter32, Gauge32, Counter64");
	ok(m != NULL && m->n_varbinds == 8 && v[3]->value_ip.len == 4 &&
	    v[3]->value_ip.data[0] == 10 && v[3]->value_ip.data[3] == 2 &&
	    strcmp(v[4]->value_oid, "1.3.6.1.4.1.8072.3.2.10") == 0 &&
	    v[5]->_value_int_case && v[5]->value_int == -5 &&
	    strcmp(v[6]->value_type, "noSuchObject") == 0 &&
	    v[7]->tag == 0x82 && !v[7]->_value_int_case,
	    "snmp: IpAddress, OID, negative INTEGER, exceptions");
	ok(abuse("SNMP", &(struct pkt){ .n = 0 }, 40001, 161),
	    "snmp: empty payload");
	memcpy(p.b, snmp_v2resp, sizeof snmp_v2resp);
	p.n = sizeof snmp_v2resp;
	ok(abuse("SNMP", &p, 40001, 161), "snmp: v2c response cut and damaged");

	snmp_layer(snmp_v1trap, sizeof snmp_v1trap);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(m != NULL && m->version == 0 && m->pdu_type == 4 &&
	    strcmp(m->enterprise, "1.3.6.1.4.1.8072.3.2.10") == 0 &&
	    m->agent_addr_ip.len == 4 && m->agent_addr_ip.data[3] == 1 &&
	    m->generic_trap == 2 && m->specific_trap == 0 &&
	    m->_specific_trap_case && m->time_stamp == 55000 &&
	    !m->_request_id_case && m->n_varbinds == 1 &&
	    m->varbinds[0]->value_int == 2, "snmp: v1 trap");
	memcpy(p.b, snmp_v1trap, sizeof snmp_v1trap);
	p.n = sizeof snmp_v1trap;
	ok(abuse("SNMP", &p, 40002, 162), "snmp: v1 trap cut and damaged");

	snmp_layer(snmp_v3report, sizeof snmp_v3report);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(m != NULL && m->version == 3 && m->msg_id == 91 &&
	    m->msg_max_size == 65507 && m->_msg_flags_case &&
	    m->msg_flags == 0 && m->msg_security_model == 3 &&
	    m->engine_id.len == 9 && m->engine_boots == 3 &&
	    m->engine_time == 1234 && m->user_name[0] == '\0' &&
	    !m->encrypted && m->context_engine_id.len == 9 &&
	    m->pdu_type == 8 && m->n_varbinds == 1 &&
	    m->community[0] == '\0', "snmp: v3 report, USM, scoped PDU");
	memcpy(p.b, snmp_v3report, sizeof snmp_v3report);
	p.n = sizeof snmp_v3report;
	ok(abuse("SNMP", &p, 161, 40001), "snmp: v3 report cut and damaged");

	snmp_layer(snmp_v3priv, sizeof snmp_v3priv);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 1 && m != NULL && m->encrypted && m->msg_flags == 7 &&
	    strcmp(m->user_name, "alice") == 0 && !m->_pdu_type_case &&
	    m->n_varbinds == 0, "snmp: v3 encrypted: USM user, no PDU");
	memcpy(p.b, snmp_v3priv, sizeof snmp_v3priv);
	p.n = sizeof snmp_v3priv;
	ok(abuse("SNMP", &p, 40001, 161), "snmp: v3 encrypted cut and damaged");

	/* Not BER SNMP: indefinite length, a high tag number, 5 length
	 * bytes, version 2, text. */
	snmp_layer((const uint8_t *)"\x30\x80\x02\x01\x01\x00\x00", 7);
	ok(nrec == 1 && undecoded(0, "SNMP", "not SNMP"),
	    "snmp: indefinite length is Undecoded");
	snmp_layer((const uint8_t *)"\x3f\x01\x02\x01\x01", 5);
	ok(nrec == 1 && undecoded(0, "SNMP", "not SNMP"),
	    "snmp: high tag number is Undecoded");
	snmp_layer((const uint8_t *)"\x30\x85\x00\x00\x00\x00\x03\x02\x01\x01",
	    10);
	ok(nrec == 1 && undecoded(0, "SNMP", "not SNMP"),
	    "snmp: 5 length bytes is Undecoded");
	snmp_layer((const uint8_t *)"\x30\x03\x02\x01\x02", 5);
	ok(nrec == 1 && undecoded(0, "SNMP", "not SNMP"),
	    "snmp: version 2 is Undecoded");
	/* A 10-byte request id. */
	p.n = 0;
	raw(&p, "\x30\x1c\x02\x01\x01\x04\x01x\xa0\x14"
	    "\x02\x0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
	    "\x02\x01\x00\x02\x01\x00\x30\x00", 30);
	layer("SNMP", &p, 40001, 161);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 2 && m != NULL && m->pdu_type == 0 &&
	    !m->_request_id_case && undecoded(0, "SNMP", "bad PDU header"),
	    "snmp: oversize integer is Undecoded, header kept");

	/* More varbinds than kept, and an OID of too many sub-ids. */
	p.n = 0;
	ber_hdr(&p, 0x30, 3 + 3 + 4 + 9 + 4 + 300 * 8);
	raw(&p, "\x02\x01\x01\x04\x01x", 6);
	ber_hdr(&p, 0xa2, 9 + 4 + 300 * 8);
	raw(&p, "\x02\x01\x01\x02\x01\x00\x02\x01\x00", 9);
	ber_hdr(&p, 0x30, 300 * 8);
	for (i = 0; i < 300; i++)
		raw(&p, "\x30\x06\x06\x02\x2b\x06\x05\x00", 8);
	layer("SNMP", &p, 161, 40001);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 2 && m != NULL && m->n_varbinds == 256 &&
	    strcmp(m->varbinds[255]->oid, "1.3.6") == 0 &&
	    undecoded(0, "SNMP", "more varbinds than kept"),
	    "snmp: 300 varbinds: 256 kept, the rest Undecoded");
	p.n = 0;
	raw(&p, "\x30\x81\xa1\x02\x01\x01\x04\x01x\xa2\x81\x98"
	    "\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x81\x8c\x30\x81\x89"
	    "\x06\x81\x84", 30);
	for (i = 0; i < 132; i++)
		u8(&p, 1);
	raw(&p, "\x05\x00", 2);
	layer("SNMP", &p, 161, 40001);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 2 && m != NULL && m->n_varbinds == 0 &&
	    undecoded(0, "SNMP", "bad varbind value"),
	    "snmp: OID of 133 sub-ids is Undecoded");
	/* 128 sub-ids of 2^64-1: the longest dotted text there is (the
	 * text buffer was once 2 bytes short of it and read past its end). */
	p.n = 0;
	ber_hdr(&p, 0x30, 6 + 4 + 9 + 4 + 4 + 4 + 1280 + 2);
	raw(&p, "\x02\x01\x01\x04\x01x", 6);
	ber_hdr(&p, 0xa2, 9 + 4 + 4 + 4 + 1280 + 2);
	raw(&p, "\x02\x01\x01\x02\x01\x00\x02\x01\x00", 9);
	ber_hdr(&p, 0x30, 4 + 1280 + 2 + 4);
	ber_hdr(&p, 0x30, 4 + 1280 + 2);
	ber_hdr(&p, 0x06, 1280);
	for (i = 0; i < 128; i++)
		raw(&p, "\x81\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10);
	raw(&p, "\x05\x00", 2);
	layer("SNMP", &p, 161, 40001);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 1 && m != NULL && m->n_varbinds == 1 &&
	    strlen(m->varbinds[0]->oid) == 2 + 20 + 127 * 21 &&
	    strncmp(m->varbinds[0]->oid, "2.18446744073709551535.", 23) == 0,
	    "snmp: OID of 128 maximal sub-ids fits its text");
	/* A sub-id that overflows 64 bits. */
	p.n = 0;
	raw(&p, "\x30\x24\x02\x01\x01\x04\x01x\xa2\x1c"
	    "\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x11\x30\x0f"
	    "\x06\x0b\x2b\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x05\x00",
	    38);
	layer("SNMP", &p, 161, 40001);
	ok(nrec == 2 && undecoded(0, "SNMP", "bad varbind value"),
	    "snmp: sub-id overflow is Undecoded");
	clear();
}

/* --- Diameter ------------------------------------------------------------ */

static void
avp(struct pkt *p, uint32_t code, unsigned flags, const void *d, size_t n)
{
	be32(p, code);
	u8(p, flags);
	be24(p, (uint32_t)(8 + n));
	raw(p, d, n);
	while (p->n % 4)
		u8(p, 0);
}

static size_t
diam_hdr(struct pkt *p, unsigned flags, uint32_t cmd, uint32_t app)
{
	size_t at = p->n;

	u8(p, 1);
	be24(p, 0);
	u8(p, flags);
	be24(p, cmd);
	be32(p, app);
	be32(p, 0x1111);
	be32(p, 0x2222);
	return at;
}

static void
diam_len(struct pkt *p, size_t at)
{
	size_t n = p->n - at;

	p->b[at + 1] = (uint8_t)(n >> 16);
	p->b[at + 2] = (uint8_t)(n >> 8);
	p->b[at + 3] = (uint8_t)n;
}

static void
test_diameter(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Diameter *m;
	size_t at, i;
	static const uint8_t rc[] = { 0, 0, 0x07, 0xd1 };

	at = diam_hdr(&p, 0xc0, 272, 4);
	avp(&p, 263, 0x40, "host;1;42", 9);
	avp(&p, 264, 0x40, "client.example.org", 18);
	avp(&p, 296, 0x40, "example.org", 11);
	avp(&p, 283, 0x40, "ex\xffmple.net", 11);
	avp(&p, 268, 0x40, rc, 4);
	be32(&p, 873);			/* vendor-specific grouped AVP */
	u8(&p, 0xc0);
	be24(&p, 12 + 12);
	be32(&p, 10415);
	avp(&p, 2, 0, "abcd", 4);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 1 && m != NULL && m->version == 1 && m->length == p.n &&
	    m->flags == 0xc0 && m->request && m->proxiable && !m->error &&
	    !m->retransmit && m->command_code == 272 &&
	    m->application_id == 4 && m->hop_by_hop_id == 0x1111 &&
	    m->end_to_end_id == 0x2222 && m->dst_port == 3868,
	    "diameter: header");
	ok(m != NULL && strcmp(m->session_id, "host;1;42") == 0 &&
	    strcmp(m->origin_host, "client.example.org") == 0 &&
	    strcmp(m->origin_realm, "example.org") == 0 &&
	    strcmp(m->destination_realm, "ex.mple.net") == 0 &&
	    m->_result_code_case && m->result_code == 2001,
	    "diameter: lifted AVPs, non-ASCII shown as a dot");
	ok(m != NULL && m->n_avps == 6 && m->avps[0]->code == 263 &&
	    m->avps[0]->flags == 0x40 && m->avps[0]->length == 17 &&
	    m->avps[0]->data.len == 9 && !m->avps[0]->_vendor_id_case &&
	    m->avps[5]->code == 873 && m->avps[5]->_vendor_id_case &&
	    m->avps[5]->vendor_id == 10415 && m->avps[5]->data.len == 12,
	    "diameter: AVP list, vendor id, grouped AVP raw");
	ok(abuse("Diameter", &p, 41000, 3868), "diameter: cut and damaged");

	/* Two messages in one segment, the second cut. */
	memcpy(p.b + p.n, p.b, p.n - 10);
	p.n += p.n - 10;
	layer("Diameter", &p, 41000, 3868);
	ok(count(NETCAP__RECORD__RECORD_DIAMETER) == 2 &&
	    undecoded(0, "Diameter", "truncated message"),
	    "diameter: two messages, the second cut: two records, Undecoded");

	/* Bad AVP lengths. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	be32(&p, 264);
	u8(&p, 0x40);
	be24(&p, 4);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 2 && undecoded(0, "Diameter", "AVP length shorter") &&
	    undecoded_at(0, 20),
	    "diameter: AVP length below its header is Undecoded at the AVP");
	p.b[at + 20 + 7] = 200;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 2 && undecoded(0, "Diameter", "AVP longer") &&
	    undecoded_at(0, 20),
	    "diameter: AVP length beyond the message is Undecoded at the AVP");
	/* A good AVP, then 4 bytes of the next one's header. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	avp(&p, 264, 0x40, "host", 4);
	be32(&p, 296);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 2 && m != NULL && m->n_avps == 1 &&
	    undecoded(0, "Diameter", "truncated AVP header") &&
	    undecoded_at(0, 32),
	    "diameter: cut AVP header is Undecoded at the AVP");

	/* Not Diameter. */
	p.b[0] = 2;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", "not Diameter: version 2"),
	    "diameter: version 2 is Undecoded");
	p.b[0] = 1;
	p.b[3] = 22;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", "not Diameter"),
	    "diameter: length not a multiple of 4 is Undecoded");
	layer_n("Diameter", p.b, 19, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", "truncated header: 19 of 20"),
	    "diameter: short header is Undecoded");

	/* 600 empty AVPs: 512 kept, then Undecoded. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	for (i = 0; i < 600; i++)
		avp(&p, 1, 0, "", 0);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 2 && m != NULL && m->n_avps == 512 &&
	    undecoded(0, "Diameter", "more AVPs than kept"),
	    "diameter: 600 AVPs: 512 kept, the rest Undecoded");
	clear();
}

/* Diameter is registered for SCTP too (RFC 6733 section 2.1): a DATA chunk
 * on port 3868 reaches the Diameter decoder. */
static void
test_diameter_sctp(void)
{
	struct pkt p = { .n = 0 }, msg = { .n = 0 };
	Netcap__Diameter *m;
	size_t at;

	at = diam_hdr(&msg, 0x80, 257, 0);
	diam_len(&msg, at);
	be16(&p, 3868);			/* SCTP common header */
	be16(&p, 3868);
	be32(&p, 0x01020304);
	be32(&p, 0);
	u8(&p, 0);			/* DATA, unfragmented */
	u8(&p, 0x03);
	be16(&p, (unsigned)(16 + msg.n));
	be32(&p, 1);			/* TSN */
	be16(&p, 0);
	be16(&p, 0);
	be32(&p, 46);			/* PPID: Diameter */
	raw(&p, msg.b, msg.n);
	layer("SCTP", &p, 0, 0);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(m != NULL && m->command_code == 257 && m->src_port == 3868 &&
	    count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "diameter: carried in an SCTP DATA chunk");
}

int
main(void)
{
	test_modbus();
	test_enip();
	test_snmp();
	test_diameter();
	test_diameter_sctp();
	clear();
	return tap_done();
}
