/* The layers of one packet, read in place from its records (pktread.h). */
#include "flow/pktread.h"

#include <string.h>

static unsigned
field(const ProtobufCMessageDescriptor *d, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(d, name);

	return f != NULL ? f->id : 0;
}

void
nc_pktread_init(struct nc_pktread *r)
{
	static const int read[] = {
		NETCAP__RECORD__RECORD_ETHERNET, NETCAP__RECORD__RECORD_DOT1Q,
		NETCAP__RECORD__RECORD_IPV4, NETCAP__RECORD__RECORD_IPV6,
		NETCAP__RECORD__RECORD_TCP, NETCAP__RECORD__RECORD_UDP,
		NETCAP__RECORD__RECORD_ICMPV4, NETCAP__RECORD__RECORD_ICMPV6,
	};
	const ProtobufCMessageDescriptor *d;
	struct nc_pktread_ids *i;
	size_t k;

	memset(r, 0, sizeof *r);
	for (k = 0; k < sizeof read / sizeof read[0]; k++) {
		d = nc_type_by_id(read[k])->desc;
		i = &r->by_type[read[k]];
		i->ts = field(d, "ts");
		i->packet = field(d, "packet");
		i->inner = field(d, "inner");
		i->quoted = field(d, "quoted");
		i->src_mac = field(d, "src_mac");
		i->dst_mac = field(d, "dst_mac");
		i->vlan = field(d, "vlan_identifier");
		i->ihl = field(d, "ihl");
		i->length = field(d, "length");
		i->src_ip = field(d, "src_ip");
		i->dst_ip = field(d, "dst_ip");
		i->src_port = field(d, "src_port");
		i->dst_port = field(d, "dst_port");
		i->seq = field(d, "seq");
		i->ack = field(d, "ack");
		i->flags = field(d, "flags");
		i->window = field(d, "window");
		i->data_offset = field(d, "data_offset");
		i->payload_size = field(d, "payload_size");
		i->payload = field(d, "payload");
		i->flow = field(d, "flow");
		i->type = field(d, "type");
		i->code = field(d, "code");
	}
}

void
nc_pktread_stream(struct nc_pktread *r)
{
	memset(&r->pk, 0, sizeof r->pk);
}

static void
ip_layer(struct nc_pktread_pkt *pk, uint32_t inner, uint32_t bytes,
    uint32_t hlen)
{
	if (inner >= NC_PKTREAD_DEPTHS)
		return;
	pk->ip_bytes[inner] = bytes;
	pk->ip_hlen[inner] = hlen;
}

int
nc_pktread_frame(struct nc_pktread *r, int type, const uint8_t *p,
    size_t n)
{
	struct nc_pktread_pkt *pk = &r->pk;
	const struct nc_scan *s = &r->scan;
	const struct nc_pktread_ids *i;
	const uint8_t *sm, *dm;
	uint64_t packet;
	int64_t ts;
	size_t sl, dl;

	if (type < 0 || type > NC_TYPE_MAX || r->by_type[type].packet == 0 ||
	    nc_scan_record(&r->scan, p, n) < 0)
		return 0;
	r->ids = i = &r->by_type[type];
	r->inner = (uint32_t)nc_scan_u(s, i->inner);
	ts = (int64_t)nc_scan_u(s, i->ts);
	packet = nc_scan_u(s, i->packet);
	if (packet != pk->packet || ts != pk->ts) {
		memset(pk, 0, sizeof *pk);
		pk->packet = packet;
		pk->ts = ts;
	}
	if (nc_scan_u(s, i->quoted))
		return 0;
	switch (type) {
	case NETCAP__RECORD__RECORD_ETHERNET:
		sm = nc_scan_bytes(s, i->src_mac, &sl);
		dm = nc_scan_bytes(s, i->dst_mac, &dl);
		if (r->inner == 0 && sl == 6 && dl == 6 && !pk->has_mac) {
			memcpy(pk->mac[0], sm, 6);
			memcpy(pk->mac[1], dm, 6);
			pk->has_mac = 1;
		}
		return 0;
	case NETCAP__RECORD__RECORD_DOT1Q:
		if (r->inner == 0 && pk->nvlan < 2)
			pk->vlan[pk->nvlan++] = (uint32_t)nc_scan_u(s, i->vlan);
		return 0;
	case NETCAP__RECORD__RECORD_IPV4:
		ip_layer(pk, r->inner, (uint32_t)nc_scan_u(s, i->length),
		    (uint32_t)nc_scan_u(s, i->ihl) * 4);
		return 0;
	case NETCAP__RECORD__RECORD_IPV6:
		ip_layer(pk, r->inner, (uint32_t)nc_scan_u(s, i->length) + 40,
		    40);
		return 0;
	}
	r->src = nc_scan_bytes(s, i->src_ip, &sl);
	r->dst = nc_scan_bytes(s, i->dst_ip, &dl);
	if (sl != dl || (sl != 4 && sl != 16))
		return 0;
	r->alen = (uint8_t)sl;
	r->ip_bytes = r->ip_hlen = 0;
	if (r->inner < NC_PKTREAD_DEPTHS) {
		r->ip_bytes = pk->ip_bytes[r->inner];
		r->ip_hlen = pk->ip_hlen[r->inner];
	}
	return 1;
}
