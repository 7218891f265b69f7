/* Link Layer Discovery Protocol, IEEE 802.1AB, ethertype 0x88cc.
 *
 * An LLDPDU is a list of TLVs, the first three mandatory (chassis id,
 * port id, time to live) and the last End (type 0):
 *
 *	+--------+--------+------------------ ...
 *	| type(7) len(9)  | value (len bytes)
 *	+--------+--------+------------------ ...
 *
 * Chassis and port ids start with a subtype; management addresses
 * (type 8) hold an address length, family and address, an interface
 * subtype and number, and an OID; organisationally specific TLVs (127)
 * an OUI and a subtype.  Text is kept as sent, every byte of it (a TLV
 * holds at most 511 bytes, so nothing is cut). */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	T_END = 0,
	T_CHASSIS = 1,
	T_PORT = 2,
	T_TTL = 3,
	T_PORT_DESC = 4,
	T_SYS_NAME = 5,
	T_SYS_DESC = 6,
	T_CAPS = 7,
	T_MGMT = 8,
	T_ORG = 127,
	MAX_TLV = 512,		/* a 1500-byte LLDPDU has at most 750 */
	MAX_MGMT = 16,
	MAX_ORG = 128,
	TEXT_MAX = 511,		/* a 9-bit length */
	AF_IP4 = 1,
	AF_IP6 = 2,
};

struct lldp_buf {
	uint32_t types[MAX_TLV];
	Netcap__LLDPManagementAddress mgmt[MAX_MGMT];
	Netcap__LLDPManagementAddress *mgmtp[MAX_MGMT];
	Netcap__LLDPOrgTLV org[MAX_ORG];
	Netcap__LLDPOrgTLV *orgp[MAX_ORG];
};


static void
bin(ProtobufCBinaryData *b, const uint8_t *p, size_t n)
{
	b->data = (uint8_t *)p;
	b->len = n;
}

/* A network address (IANA family byte, address) as 4 or 16 bytes. */
static void
netaddr(ProtobufCBinaryData *b, const uint8_t *p, size_t n)
{
	struct nc_cur a = nc_cur_make(p, n);
	unsigned af = nc_cur_u8(&a);

	if ((n == 5 && af == AF_IP4) || (n == 17 && af == AF_IP6))
		bin(b, nc_cur_bytes(&a, n - 1), n - 1);
}

/* Chassis (port 0) or port id (port 1). */
static int
id_tlv(Netcap__LLDP *l, struct nc_cur *v, int port)
{
	const uint8_t *p;
	size_t n;
	unsigned st;

	st = nc_cur_u8(v);
	if (v->err)
		return -1;
	p = nc_cur_rest(v, &n);
	if (!port) {
		l->chassis_id_subtype = st;
		bin(&l->chassis_id, p, n);
		if (st == 4 && n == 6)
			bin(&l->chassis_id_mac, p, n);
		else if (st == 5)
			netaddr(&l->chassis_id_ip, p, n);
		else if (st == 1 || st == 2 || st == 3 || st == 6 || st == 7)
			l->chassis_id_text = nc_dec_span(p, n, TEXT_MAX);
	} else {
		l->port_id_subtype = st;
		bin(&l->port_id, p, n);
		if (st == 3 && n == 6)
			bin(&l->port_id_mac, p, n);
		else if (st == 4)
			netaddr(&l->port_id_ip, p, n);
		else if (st == 1 || st == 2 || st == 5 || st == 7)
			l->port_id_text = nc_dec_span(p, n, TEXT_MAX);
	}
	return 0;
}

static int
mgmt_tlv(Netcap__LLDPManagementAddress *m, struct nc_cur *v)
{
	const uint8_t *p;
	size_t alen, olen;

	netcap__lldpmanagement_address__init(m);
	/* The address string length counts the family byte. */
	alen = nc_cur_u8(v);
	if (alen < 1)
		return -1;
	m->subtype = nc_cur_u8(v);
	p = nc_cur_bytes(v, alen - 1);
	m->interface_subtype = nc_cur_u8(v);
	m->interface_number = nc_cur_be32(v);
	olen = nc_cur_u8(v);
	m->oid.data = (uint8_t *)nc_cur_bytes(v, olen);
	m->oid.len = olen;
	if (v->err)
		return -1;
	bin(&m->address, p, alen - 1);
	if ((m->subtype == AF_IP4 && alen == 5) ||
	    (m->subtype == AF_IP6 && alen == 17))
		bin(&m->address_ip, p, alen - 1);
	return 0;
}

void
nc_dec_lldp(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__LLDP l = NETCAP__LLDP__INIT;
	struct lldp_buf b;
	struct nc_issue is = { 0 };
	struct nc_cur at = *c, tlv, v;
	Netcap__LLDPOrgTLV *o;
	const uint8_t *p;
	size_t n, len;
	unsigned type, hdr;
	int end = 0;

	while (nc_cur_left(c) > 0 && !end) {
		tlv = *c;
		hdr = nc_cur_be16(c);
		if (c->err) {
			nc_dec_issue(&is, "LLDP", &tlv, "truncated TLV header");
			break;
		}
		type = hdr >> 9;
		len = hdr & 0x1ff;
		v = nc_cur_sub(c, len);
		if (v.err) {
			nc_dec_issue(&is, "LLDP", &tlv, "TLV type %u length "
			    "%zu past the end (%zu bytes left)", type, len,
			    nc_cur_left(&tlv) - 2);
			break;
		}
		if (l.n_tlv_types == MAX_TLV) {
			nc_dec_issue(&is, "LLDP", &tlv, "more than %d TLVs",
			    MAX_TLV);
			break;
		}
		b.types[l.n_tlv_types++] = type;
		switch (type) {
		case T_END:
			end = 1;
			break;
		case T_CHASSIS:
		case T_PORT:
			if (id_tlv(&l, &v, type == T_PORT) < 0)
				nc_dec_issue(&is, "LLDP", &tlv, "empty %s id "
				    "TLV", type == T_PORT ? "port" : "chassis");
			break;
		case T_TTL:
			l.ttl = nc_cur_be16(&v);
			if (v.err)
				nc_dec_issue(&is, "LLDP", &tlv, "TTL TLV of "
				    "%zu bytes", len);
			break;
		case T_PORT_DESC:
		case T_SYS_NAME:
		case T_SYS_DESC:
			p = nc_cur_rest(&v, &n);
			if (type == T_PORT_DESC)
				l.port_description = nc_dec_span(p, n,
				    TEXT_MAX);
			else if (type == T_SYS_NAME)
				l.system_name = nc_dec_span(p, n, TEXT_MAX);
			else
				l.system_description = nc_dec_span(p, n,
				    TEXT_MAX);
			break;
		case T_CAPS:
			l.system_capabilities = nc_cur_be16(&v);
			l.enabled_capabilities = nc_cur_be16(&v);
			if (v.err) {
				nc_dec_issue(&is, "LLDP", &tlv, "capabilities "
				    "TLV of %zu bytes", len);
				break;
			}
			l._system_capabilities_case =
			    NETCAP__LLDP___SYSTEM_CAPABILITIES_SYSTEM_CAPABILITIES;
			l._enabled_capabilities_case =
			    NETCAP__LLDP___ENABLED_CAPABILITIES_ENABLED_CAPABILITIES;
			break;
		case T_MGMT:
			if (l.n_management_addresses == MAX_MGMT) {
				nc_dec_issue(&is, "LLDP", &tlv, "more than %d "
				    "management addresses", MAX_MGMT);
				break;
			}
			if (mgmt_tlv(&b.mgmt[l.n_management_addresses],
			    &v) < 0) {
				nc_dec_issue(&is, "LLDP", &tlv, "bad "
				    "management address TLV");
				break;
			}
			b.mgmtp[l.n_management_addresses] =
			    &b.mgmt[l.n_management_addresses];
			l.n_management_addresses++;
			break;
		case T_ORG:
			if (l.n_org_tlvs == MAX_ORG) {
				nc_dec_issue(&is, "LLDP", &tlv, "more than %d "
				    "organisationally specific TLVs", MAX_ORG);
				break;
			}
			o = &b.org[l.n_org_tlvs];
			netcap__lldporg_tlv__init(o);
			o->oui = (uint32_t)nc_cur_u8(&v) << 16;
			o->oui |= nc_cur_be16(&v);
			o->subtype = nc_cur_u8(&v);
			if (v.err) {
				nc_dec_issue(&is, "LLDP", &tlv, "organisation"
				    "ally specific TLV of %zu bytes", len);
				break;
			}
			p = nc_cur_rest(&v, &n);
			bin(&o->info, p, n);
			b.orgp[l.n_org_tlvs++] = o;
			break;
		}
	}
	if (l.n_tlv_types == 0) {
		/* A first TLV that runs past the end has its 2 header
		 * bytes: its issue says more than "truncated header". */
		if (is.at != NULL && nc_cur_left(&at) >= 2)
			nc_dec_flush_issue(k, &is);
		else
			nc_dec_truncated(k, "LLDP", &at, 2);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_LLDP)) {
		l.ts = k->ts;
		l.packet = k->packet;
		l.tlv_types = b.types;
		l.management_addresses = b.mgmtp;
		l.org_tlvs = b.orgp;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_LLDP, &l.base);
	}
	if (is.at == NULL && (l.n_tlv_types < 3 || b.types[0] != T_CHASSIS ||
	    b.types[1] != T_PORT || b.types[2] != T_TTL))
		nc_dec_issue(&is, "LLDP", &at, "missing mandatory TLVs "
		    "(chassis id, port id, TTL)");
	nc_dec_flush_issue(k, &is);
}
