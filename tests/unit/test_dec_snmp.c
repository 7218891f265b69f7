/* Unit tests for the SNMP decoder: payloads built byte by byte and
 * handed to one decoder with layer(), well-formed and damaged (cut at
 * every length, lying lengths, oversize counts).  Every record is packed
 * and unpacked again before its fields are checked. */
#include "dectest.h"

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
	    !txtcmp(m->community, "private") && m->_pdu_type_case &&
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
	/* A community with a NUL, ESC and a byte that is not UTF-8 inside
	 * keeps all seven bytes. */
	memcpy(p.b + 10, "\0\x1b\xff", 3);
	snmp_layer(p.b, p.n);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(m != NULL && m->community.len == 7 &&
	    memcmp(m->community.data, "pr\0\x1b\xffte", 7) == 0,
	    "snmp: community keeps NUL, control and non-UTF-8 bytes");

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
	    m->engine_time == 1234 && m->user_name.len == 0 &&
	    !m->encrypted && m->context_engine_id.len == 9 &&
	    m->pdu_type == 8 && m->n_varbinds == 1 &&
	    m->community.len == 0, "snmp: v3 report, USM, scoped PDU");
	memcpy(p.b, snmp_v3report, sizeof snmp_v3report);
	p.n = sizeof snmp_v3report;
	ok(abuse("SNMP", &p, 161, 40001), "snmp: v3 report cut and damaged");

	snmp_layer(snmp_v3priv, sizeof snmp_v3priv);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 1 && m != NULL && m->encrypted && m->msg_flags == 7 &&
	    !txtcmp(m->user_name, "alice") && !m->_pdu_type_case &&
	    m->n_varbinds == 0, "snmp: v3 encrypted: USM user, no PDU");
	memcpy(p.b, snmp_v3priv, sizeof snmp_v3priv);
	p.n = sizeof snmp_v3priv;
	ok(abuse("SNMP", &p, 40001, 161), "snmp: v3 encrypted cut and damaged");

	/* Not BER SNMP: indefinite length, a high tag number, 5 length
	 * bytes, version 2, text. */
	snmp_layer((const uint8_t *)"\x30\x80\x02\x01\x01\x00\x00", 7);
	ok(nrec == 1 && undecoded(0, "SNMP", ANY_OFF, "not SNMP"),
	    "snmp: indefinite length is Undecoded");
	snmp_layer((const uint8_t *)"\x3f\x01\x02\x01\x01", 5);
	ok(nrec == 1 && undecoded(0, "SNMP", ANY_OFF, "not SNMP"),
	    "snmp: high tag number is Undecoded");
	snmp_layer((const uint8_t *)"\x30\x85\x00\x00\x00\x00\x03\x02\x01\x01",
	    10);
	ok(nrec == 1 && undecoded(0, "SNMP", ANY_OFF, "not SNMP"),
	    "snmp: 5 length bytes is Undecoded");
	snmp_layer((const uint8_t *)"\x30\x03\x02\x01\x02", 5);
	ok(nrec == 1 && undecoded(0, "SNMP", ANY_OFF, "not SNMP"),
	    "snmp: version 2 is Undecoded");
	/* A 10-byte request id. */
	p.n = 0;
	raw(&p, "\x30\x1c\x02\x01\x01\x04\x01x\xa0\x14"
	    "\x02\x0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
	    "\x02\x01\x00\x02\x01\x00\x30\x00", 30);
	layer("SNMP", &p, 40001, 161);
	m = get(NETCAP__RECORD__RECORD_SNMP, 0);
	ok(nrec == 2 && m != NULL && m->pdu_type == 0 &&
	    !m->_request_id_case && undecoded(0, "SNMP", ANY_OFF,
	    "bad PDU header"),
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
	    undecoded(0, "SNMP", ANY_OFF, "more varbinds than kept"),
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
	    undecoded(0, "SNMP", ANY_OFF, "bad varbind value"),
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
	ok(nrec == 2 && undecoded(0, "SNMP", ANY_OFF, "bad varbind value"),
	    "snmp: sub-id overflow is Undecoded");
	clear();
}

int
main(void)
{
	test_snmp();
	clear();
	return tap_done();
}
