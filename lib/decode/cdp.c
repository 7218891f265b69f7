/* Cisco Discovery Protocol versions 1 and 2, after SNAP with Cisco's OUI
 * 0x00000c and protocol 0x2000 (no public RFC; the TLV types below are
 * those Cisco documents and Wireshark's packet-cdp.c names).
 *
 *	+---------+-----+----------+-----------+-----------+-------
 *	| version | ttl | checksum | type (2)  | length(2) | value  TLVs ...
 *	+---------+-----+----------+-----------+-----------+-------
 *
 * A TLV's length counts its own 4-byte header.  An address list (types
 * 2 and 0x16) is a 4-byte count, then per address a protocol type (1
 * NLPID, 2 802.2), protocol length, protocol (0xcc IPv4, or the SNAP
 * header of ethertype 0x86dd for IPv6), 2-byte address length and
 * address.  Text is copied NUL-terminated into buffers on the stack. */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	CDP_HDR = 4,
	T_DEVICE_ID = 0x01,
	T_ADDRESSES = 0x02,
	T_PORT_ID = 0x03,
	T_CAPS = 0x04,
	T_VERSION = 0x05,
	T_PLATFORM = 0x06,
	T_VTP_DOMAIN = 0x09,
	T_NATIVE_VLAN = 0x0a,
	T_DUPLEX = 0x0b,
	T_VOICE_VLAN = 0x0e,
	T_POWER = 0x10,
	T_MTU = 0x11,
	T_SYS_NAME = 0x14,
	T_MGMT_ADDRESSES = 0x16,
	T_LOCATION = 0x17,
	MAX_TLV = 512,
	MAX_ADDR = 32,		/* per list */
	TEXT_MAX = 1024,
};

static const uint8_t snap_ipv6[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd };

struct cdp_buf {
	uint32_t types[MAX_TLV];
	ProtobufCBinaryData addrs[MAX_ADDR], mgmt[MAX_ADDR];
};

/* A TLV's text as sent, cut to TEXT_MAX - 1 bytes (*cut says so). */
static ProtobufCBinaryData
text(struct nc_cur *v, int *cut)
{
	const uint8_t *p;
	size_t n;

	p = nc_cur_rest(v, &n);
	*cut = n >= TEXT_MAX;
	return nc_dec_span(p, n, TEXT_MAX - 1);
}

/* The IPv4 and IPv6 entries of an address list into out; returns their
 * number, or -1 when the list is malformed. */
static int
addresses(struct nc_cur *v, ProtobufCBinaryData *out, size_t *nout)
{
	uint32_t count, i;
	unsigned ptype, plen, alen;
	const uint8_t *proto, *addr;

	*nout = 0;
	count = nc_cur_be32(v);
	for (i = 0; i < count && !v->err; i++) {
		ptype = nc_cur_u8(v);
		plen = nc_cur_u8(v);
		proto = nc_cur_bytes(v, plen);
		alen = nc_cur_be16(v);
		addr = nc_cur_bytes(v, alen);
		if (v->err)
			break;
		if (!((ptype == 1 && plen == 1 && proto[0] == 0xcc &&
		    alen == 4) || (ptype == 2 && plen == 8 &&
		    memcmp(proto, snap_ipv6, 8) == 0 && alen == 16)))
			continue;
		if (*nout == MAX_ADDR)
			return -1;
		out[*nout].data = (uint8_t *)addr;
		out[*nout].len = alen;
		(*nout)++;
	}
	return v->err ? -1 : 0;
}

void
nc_dec_cdp(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__CDP d = NETCAP__CDP__INIT;
	struct cdp_buf b;
	struct nc_issue is = { 0 };
	struct nc_cur at = *c, tlv, v;
	unsigned type, len;
	int cut = 0;

	d.version = nc_cur_u8(c);
	d.ttl = nc_cur_u8(c);
	d.checksum = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "CDP", &at, CDP_HDR);
		return;
	}
	if (d.version != 1 && d.version != 2) {
		nc_dec_undecoded(k, "CDP", &at, "not CDP: version %u",
		    d.version);
		return;
	}
	while (nc_cur_left(c) > 0) {
		tlv = *c;
		type = nc_cur_be16(c);
		len = nc_cur_be16(c);
		if (c->err) {
			nc_dec_issue(&is, "CDP", &tlv, "truncated TLV header");
			break;
		}
		if (len < 4) {
			nc_dec_issue(&is, "CDP", &tlv, "TLV type 0x%04x with "
			    "bad length %u", type, len);
			break;
		}
		v = nc_cur_sub(c, len - 4);
		if (v.err) {
			nc_dec_issue(&is, "CDP", &tlv, "TLV type 0x%04x length "
			    "%u past the end (%zu bytes left)", type, len,
			    nc_cur_left(&tlv));
			break;
		}
		if (d.n_tlv_types == MAX_TLV) {
			nc_dec_issue(&is, "CDP", &tlv, "more than %d TLVs",
			    MAX_TLV);
			break;
		}
		b.types[d.n_tlv_types++] = type;
		switch (type) {
		case T_DEVICE_ID:
			d.device_id = text(&v, &cut);
			break;
		case T_PORT_ID:
			d.port_id = text(&v, &cut);
			break;
		case T_VERSION:
			d.software_version = text(&v, &cut);
			break;
		case T_PLATFORM:
			d.platform = text(&v, &cut);
			break;
		case T_VTP_DOMAIN:
			d.vtp_management_domain = text(&v, &cut);
			break;
		case T_SYS_NAME:
			d.system_name = text(&v, &cut);
			break;
		case T_LOCATION:
			nc_cur_skip(&v, 1);
			if (!v.err)
				d.location = text(&v, &cut);
			break;
		case T_ADDRESSES:
			if (addresses(&v, b.addrs, &d.n_addresses_ip) < 0)
				nc_dec_issue(&is, "CDP", &tlv, "bad address "
				    "list");
			d.addresses_ip = b.addrs;
			break;
		case T_MGMT_ADDRESSES:
			if (addresses(&v, b.mgmt,
			    &d.n_management_addresses_ip) < 0)
				nc_dec_issue(&is, "CDP", &tlv, "bad management "
				    "address list");
			d.management_addresses_ip = b.mgmt;
			break;
		case T_CAPS:
			d.capabilities = nc_cur_be32(&v);
			if (!v.err)
				d._capabilities_case =
				    NETCAP__CDP___CAPABILITIES_CAPABILITIES;
			break;
		case T_NATIVE_VLAN:
			d.native_vlan = nc_cur_be16(&v);
			if (!v.err)
				d._native_vlan_case =
				    NETCAP__CDP___NATIVE_VLAN_NATIVE_VLAN;
			break;
		case T_DUPLEX:
			d.full_duplex = nc_cur_u8(&v) != 0;
			if (!v.err)
				d._full_duplex_case =
				    NETCAP__CDP___FULL_DUPLEX_FULL_DUPLEX;
			break;
		case T_VOICE_VLAN:
			/* A data byte, then the VLAN. */
			nc_cur_skip(&v, 1);
			d.voice_vlan = nc_cur_be16(&v);
			if (!v.err)
				d._voice_vlan_case =
				    NETCAP__CDP___VOICE_VLAN_VOICE_VLAN;
			break;
		case T_POWER:
			d.power_consumption = nc_cur_be16(&v);
			if (!v.err)
				d._power_consumption_case =
				    NETCAP__CDP___POWER_CONSUMPTION_POWER_CONSUMPTION;
			break;
		case T_MTU:
			d.mtu = nc_cur_be32(&v);
			if (!v.err)
				d._mtu_case = NETCAP__CDP___MTU_MTU;
			break;
		}
		if (v.err)
			nc_dec_issue(&is, "CDP", &tlv, "TLV type 0x%04x too "
			    "short (length %u)", type, len);
		if (cut)
			nc_dec_issue(&is, "CDP", &tlv, "TLV type 0x%04x text "
			    "cut to %d bytes", type, TEXT_MAX - 1);
		cut = 0;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_CDP)) {
		d.ts = k->ts;
		d.packet = k->packet;
		d.tlv_types = b.types;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_CDP, &d.base);
	}
	nc_dec_flush_issue(k, &is);
}
