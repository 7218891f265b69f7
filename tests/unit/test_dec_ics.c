/* Unit tests for the Modbus/TCP, EtherNet/IP and CIP decoders: payloads
 * built byte by byte and handed to one decoder with layer(), well-formed
 * and damaged (cut at every length, lying lengths, oversize counts).
 * Every record is packed and unpacked again before its fields are
 * checked. */
#include "dectest.h"

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
	    m->function_code == 3 && undecoded(0, "Modbus", ANY_OFF,
	    "bad function 3"),
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
	ok(abuse("Modbus", &p, 40000, 502),
	    "modbus: three ADUs cut and damaged");

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
	    !txtcmp(m->objects[0]->value, "Ac\xe9" "e") &&
	    m->objects[1]->id == 1 && !txtcmp(m->objects[1]->value, "P"),
	    "modbus: 43/14 objects, non-ASCII kept");
	ok(abuse("Modbus", &p, 502, 40000), "modbus: 43/14 cut and damaged");
	/* More objects announced than sent. */
	p.b[13] = 200;
	layer("Modbus", &p, 502, 40000);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(m != NULL && m->n_objects == 0 && !m->_num_objects_case &&
	    undecoded(0, "Modbus", ANY_OFF, "bad function 43"),
	    "modbus: 43/14 oversize object count is Undecoded");

	/* Not Modbus, bad lengths, cut ADUs. */
	p.n = 0;
	mbap(&p, 1, 6, 1);
	set16(&p, 2, 7);
	u8(&p, 3);
	be16(&p, 0);
	be16(&p, 1);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", ANY_OFF,
	    "not Modbus: protocol id 7"),
	    "modbus: non-zero protocol id is Undecoded");
	set16(&p, 2, 0);
	set16(&p, 4, 1);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", ANY_OFF,
	    "not Modbus: length 1"),
	    "modbus: length 1 is Undecoded");
	set16(&p, 4, 255);
	layer("Modbus", &p, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", ANY_OFF,
	    "not Modbus: length 255"),
	    "modbus: length 255 is Undecoded");
	set16(&p, 4, 100);
	layer("Modbus", &p, 40000, 502);
	m = get(NETCAP__RECORD__RECORD_MODBUS, 0);
	ok(nrec == 2 && m != NULL && m->length == 100 &&
	    undecoded(0, "Modbus", ANY_OFF, "truncated ADU"),
	    "modbus: an ADU cut by the segment end: record and Undecoded");
	layer_n("Modbus", p.b, 5, 40000, 502);
	ok(nrec == 1 && undecoded(0, "Modbus", ANY_OFF,
	    "truncated header: 5 of 7"),
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
	    undecoded(0, "ENIP", ANY_OFF, "CPF item longer"),
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
	    !txtcmp(e->identities[0]->product_name, "1756-L61/B LO") &&
	    e->identities[0]->state == 3 &&
	    e->identities[0]->socket_port == 44818 &&
	    e->identities[0]->socket_ip.len == 4 &&
	    e->identities[0]->socket_ip.data[3] == 2,
	    "enip: ListIdentity identity item");
	ok(abuse("ENIP", &p, 44818, 50000),
	    "enip: ListIdentity cut and damaged");

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
	ok(nrec == 1 && undecoded(0, "ENIP", ANY_OFF,
	    "not ENIP: command 0x65, options 0x1"),
	    "enip: non-zero options is Undecoded");
	/* Cut message. */
	layer_n("ENIP", p.b, 26, 50000, 44818);
	ok(nrec == 1 && undecoded(0, "ENIP", ANY_OFF, "not ENIP"),
	    "enip: options checked before the length");
	p.b[20] = 0;
	layer_n("ENIP", p.b, 26, 50000, 44818);
	e = get(NETCAP__RECORD__RECORD_ENIP, 0);
	ok(nrec == 2 && e != NULL && !e->_protocol_version_case &&
	    undecoded(0, "ENIP", ANY_OFF, "truncated message: 2 of 4"),
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
	ok(nrec == 2 && undecoded(0, "CIP", ANY_OFF,
	    "bad Multiple Service Packet"),
	    "cip: bad MSP offset is Undecoded");
	/* An oversize service count. */
	p.b[4] = 0xff;
	p.b[5] = 0xff;
	layer("CIP", &p, 44818, 50000);
	ok(nrec == 2 && undecoded(0, "CIP", ANY_OFF,
	    "bad Multiple Service Packet"),
	    "cip: oversize MSP count is Undecoded");

	/* Paths: 16- and 32-bit segments, symbols, unknown segments. */
	p.n = 0;
	u8(&p, 0x4c);
	u8(&p, 12);
	at = p.n;
	raw(&p, "\x21\x00\x34\x12\x26\x00\x00\x00\x01\x00"
	    "\x91\x03" "a\x1b" "c\x00" "\x91\x02" "xy" "\x28\x05\x2c\x06", 24);
	le16(&p, 1);
	layer("CIP", &p, 50000, 44818);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && m->class_id == 0x1234 && m->instance_id == 0x10000 &&
	    m->member_id == 5 && m->connection_point == 6 &&
	    !txtcmp(m->symbol, "a\x1b" "c.xy") && m->data_length == 2,
	    "cip: 16/32-bit segments, member, connection point, symbols "
	    "with every byte");
	ok(abuse("CIP", &p, 50000, 44818), "cip: path cut and damaged");
	p.b[at] = 0x01;		/* a port segment ends the walk */
	layer("CIP", &p, 50000, 44818);
	m = get(NETCAP__RECORD__RECORD_CIP, 0);
	ok(m != NULL && !m->_class_id_case && m->path.len == 24 &&
	    m->symbol.len == 0, "cip: unknown segment keeps the raw path");
	/* Path size beyond the message. */
	p.b[1] = 100;
	layer("CIP", &p, 50000, 44818);
	ok(nrec == 1 && undecoded(0, "CIP", ANY_OFF, "truncated request path"),
	    "cip: lying path size is Undecoded");
	/* The longest symbols a path can hold are kept whole. */
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
	ok(m != NULL && m->symbol.len == 3 * 126 + 2 &&
	    m->symbol.data[126] == '.' && m->symbol.data[379] == 'A',
	    "cip: three long symbols kept whole");
	clear();
}

int
main(void)
{
	test_modbus();
	test_enip();
	clear();
	return tap_done();
}
