/* Open Shortest Path First, IP protocol 89: version 2 (RFC 2328 appendix
 * A.3) and version 3 (RFC 5340 appendix A.3), one record type each.
 *
 *	+---------------+---------------+-------------------------------+
 *	|    version    |     type      |         packet length         |
 *	|                          router ID                            |
 *	|                           area ID                             |
 *	|           checksum            | v2: autype    | v3: inst, 0   |
 *	|            v2 only: authentication (8 bytes)                  |
 *	+---------------------------------------------------------------+
 *
 * Then by type: hello (mask or interface id, intervals, priority, DR,
 * BDR, neighbours), DB description (MTU, options, flags, sequence, LSA
 * headers), LS request (type, id, advertising router), LS update (count,
 * LSAs: 20-byte header and body) and LS ack (LSA headers).  The packet
 * length narrows the window (a v2 LLS block after it is not read).  The
 * LSA and neighbour lists are bounded; the rest of a longer list becomes
 * Undecoded, as does a list that ends in the middle of an entry. */
#include "decode/internal.h"

enum {
	OSPF2_HDR = 24,
	OSPF3_HDR = 16,
	LSA_HDR = 20,
	T_HELLO = 1,
	T_DBD = 2,
	T_LSR = 3,
	T_LSU = 4,
	T_LSACK = 5,
	MAX_NBR = 256,
	MAX_LSA = 512,	/* a 9000-byte jumbo LS request holds ~750 */
};

struct body {
	/* Fields both versions have, copied into the record afterwards. */
	uint32_t hello_interval, options, priority, dead_interval;
	uint32_t interface_id, interface_mtu, dd_flags, dd_sequence;
	uint32_t num_lsas;
	const uint8_t *mask, *dr, *bdr;
	ProtobufCBinaryData nbr[MAX_NBR];
	size_t n_nbr;
	Netcap__OSPFv2LSAHeader lsa[MAX_LSA];
	Netcap__OSPFv2LSAHeader *lsap[MAX_LSA];
	size_t n_lsa;
};

static void
ip4(ProtobufCBinaryData *b, const uint8_t *p)
{
	b->data = (uint8_t *)p;
	b->len = p != NULL ? 4 : 0;
}

static Netcap__OSPFv2LSAHeader *
new_lsa(struct body *b, const char *layer, struct nc_cur *at,
    struct nc_issue *is)
{
	Netcap__OSPFv2LSAHeader *h;

	if (b->n_lsa == MAX_LSA) {
		nc_dec_issue(is, layer, at, "more than %d LSAs", MAX_LSA);
		return NULL;
	}
	h = &b->lsa[b->n_lsa];
	netcap__ospfv2_lsaheader__init(h);
	return h;
}

/* A 20-byte LSA header; v3 has a 16-bit type where v2 has options and
 * type. */
static int
lsa_header(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	struct nc_cur at = *c;
	Netcap__OSPFv2LSAHeader *h = new_lsa(b, layer, &at, is);

	if (h == NULL)
		return 0;
	h->age = nc_cur_be16(c);
	if (v3) {
		h->type = nc_cur_be16(c);
	} else {
		h->options = nc_cur_u8(c);
		h->type = nc_cur_u8(c);
	}
	ip4(&h->link_state_id_ip, nc_cur_bytes(c, 4));
	ip4(&h->adv_router_ip, nc_cur_bytes(c, 4));
	h->seq_num = nc_cur_be32(c);
	h->checksum = nc_cur_be16(c);
	h->length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_issue(is, layer, &at, "truncated LSA header %zu",
		    b->n_lsa + 1);
		return 0;
	}
	b->lsap[b->n_lsa++] = h;
	return 1;
}

static void
lsa_headers(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	while (nc_cur_left(c) > 0 && lsa_header(b, c, v3, layer, is))
		;
}

static void
ls_request(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	while (nc_cur_left(c) > 0) {
		struct nc_cur at = *c;
		Netcap__OSPFv2LSAHeader *h = new_lsa(b, layer, &at, is);

		if (h == NULL)
			return;
		if (v3) {
			nc_cur_skip(c, 2);
			h->type = nc_cur_be16(c);
		} else {
			h->type = nc_cur_be32(c);
		}
		ip4(&h->link_state_id_ip, nc_cur_bytes(c, 4));
		ip4(&h->adv_router_ip, nc_cur_bytes(c, 4));
		if (c->err) {
			nc_dec_issue(is, layer, &at, "truncated LS request "
			    "entry %zu", b->n_lsa + 1);
			return;
		}
		b->lsap[b->n_lsa++] = h;
	}
}

static void
ls_update(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	uint32_t i;

	b->num_lsas = nc_cur_be32(c);
	if (c->err) {
		nc_dec_issue(is, layer, c, "truncated LS update");
		return;
	}
	for (i = 0; i < b->num_lsas; i++) {
		struct nc_cur at = *c;
		uint32_t len;

		if (!lsa_header(b, c, v3, layer, is))
			return;
		len = b->lsa[b->n_lsa - 1].length;
		if (len < LSA_HDR) {
			nc_dec_issue(is, layer, &at, "bad length %u of LSA %u",
			    len, i + 1);
			return;
		}
		nc_cur_skip(c, len - LSA_HDR);
		if (c->err) {
			nc_dec_issue(is, layer, &at, "truncated LSA %u of %u",
			    i + 1, b->num_lsas);
			return;
		}
	}
}

static void
hello(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	struct nc_cur at = *c;

	if (v3) {
		b->interface_id = nc_cur_be32(c);
		b->priority = nc_cur_u8(c);
		b->options = (uint32_t)nc_cur_u8(c) << 16;
		b->options |= nc_cur_be16(c);
		b->hello_interval = nc_cur_be16(c);
		b->dead_interval = nc_cur_be16(c);
	} else {
		b->mask = nc_cur_bytes(c, 4);
		b->hello_interval = nc_cur_be16(c);
		b->options = nc_cur_u8(c);
		b->priority = nc_cur_u8(c);
		b->dead_interval = nc_cur_be32(c);
	}
	b->dr = nc_cur_bytes(c, 4);
	b->bdr = nc_cur_bytes(c, 4);
	if (c->err) {
		b->mask = b->dr = b->bdr = NULL;
		nc_dec_issue(is, layer, &at, "truncated hello");
		return;
	}
	while (nc_cur_left(c) > 0) {
		struct nc_cur nat = *c;
		const uint8_t *n;

		if (b->n_nbr == MAX_NBR) {
			nc_dec_issue(is, layer, &nat, "more than %d neighbors",
			    MAX_NBR);
			return;
		}
		n = nc_cur_bytes(c, 4);
		if (n == NULL) {
			nc_dec_issue(is, layer, &nat, "truncated neighbor");
			return;
		}
		ip4(&b->nbr[b->n_nbr++], n);
	}
}

static void
dbd(struct body *b, struct nc_cur *c, int v3, const char *layer,
    struct nc_issue *is)
{
	struct nc_cur at = *c;

	if (v3) {
		nc_cur_skip(c, 1);
		b->options = (uint32_t)nc_cur_u8(c) << 16;
		b->options |= nc_cur_be16(c);
		b->interface_mtu = nc_cur_be16(c);
		nc_cur_skip(c, 1);
		b->dd_flags = nc_cur_u8(c);
	} else {
		b->interface_mtu = nc_cur_be16(c);
		b->options = nc_cur_u8(c);
		b->dd_flags = nc_cur_u8(c);
	}
	b->dd_sequence = nc_cur_be32(c);
	if (c->err) {
		nc_dec_issue(is, layer, &at, "truncated DB description");
		return;
	}
	lsa_headers(b, c, v3, layer, is);
}

static void
body(struct body *b, struct nc_cur *c, unsigned type, int v3,
    const char *layer, struct nc_issue *is)
{
	switch (type) {
	case T_HELLO:
		hello(b, c, v3, layer, is);
		break;
	case T_DBD:
		dbd(b, c, v3, layer, is);
		break;
	case T_LSR:
		ls_request(b, c, v3, layer, is);
		break;
	case T_LSU:
		ls_update(b, c, v3, layer, is);
		break;
	case T_LSACK:
		lsa_headers(b, c, v3, layer, is);
		break;
	default:
		nc_dec_issue(is, layer, c, "unknown packet type %u", type);
		break;
	}
}

static void
ospfv2(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    struct body *b)
{
	Netcap__OSPFv2 o = NETCAP__OSPFV2__INIT;
	struct nc_cur start = *c;
	struct nc_issue is = { 0 };
	const uint8_t *rid, *aid, *auth;

	o.version = nc_cur_u8(c);
	o.type = nc_cur_u8(c);
	o.packet_length = nc_cur_be16(c);
	rid = nc_cur_bytes(c, 4);
	aid = nc_cur_bytes(c, 4);
	o.checksum = nc_cur_be16(c);
	o.au_type = nc_cur_be16(c);
	auth = nc_cur_bytes(c, 8);
	if (c->err) {
		nc_dec_truncated(k, "OSPFv2", &start, OSPF2_HDR);
		return;
	}
	if (o.packet_length < OSPF2_HDR || o.packet_length > ip->declared) {
		nc_dec_undecoded(k, "OSPFv2", &start, "bad packet length %u",
		    o.packet_length);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_OSPFV2) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	nc_cur_limit(c, o.packet_length - OSPF2_HDR);
	body(b, c, o.type, 0, "OSPFv2", &is);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_OSPFV2)) {
		NC_DEC_IP_ENDS(&o, k, ip);
		ip4(&o.router_id_ip, rid);
		ip4(&o.area_id_ip, aid);
		o.authentication.data = (uint8_t *)auth;
		o.authentication.len = 8;
		ip4(&o.network_mask_ip, b->mask);
		o.hello_interval = b->hello_interval;
		o.options = b->options;
		o.priority = b->priority;
		o.dead_interval = b->dead_interval;
		ip4(&o.dr_ip, b->dr);
		ip4(&o.bdr_ip, b->bdr);
		o.neighbors_ip = b->nbr;
		o.n_neighbors_ip = b->n_nbr;
		o.interface_mtu = b->interface_mtu;
		o.dd_flags = b->dd_flags;
		o.dd_sequence = b->dd_sequence;
		o.num_lsas = b->num_lsas;
		o.lsas = b->lsap;
		o.n_lsas = b->n_lsa;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_OSPFV2, &o.base);
	}
	nc_dec_flush_issue(k, &is);
}

static void
ospfv3(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    struct body *b)
{
	Netcap__OSPFv3 o = NETCAP__OSPFV3__INIT;
	struct nc_cur start = *c;
	struct nc_issue is = { 0 };
	const uint8_t *rid, *aid;

	o.version = nc_cur_u8(c);
	o.type = nc_cur_u8(c);
	o.packet_length = nc_cur_be16(c);
	rid = nc_cur_bytes(c, 4);
	aid = nc_cur_bytes(c, 4);
	o.checksum = nc_cur_be16(c);
	o.instance_id = nc_cur_u8(c);
	o.reserved = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "OSPFv3", &start, OSPF3_HDR);
		return;
	}
	if (o.packet_length < OSPF3_HDR || o.packet_length > ip->declared) {
		nc_dec_undecoded(k, "OSPFv3", &start, "bad packet length %u",
		    o.packet_length);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_OSPFV3) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	nc_cur_limit(c, o.packet_length - OSPF3_HDR);
	body(b, c, o.type, 1, "OSPFv3", &is);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_OSPFV3)) {
		NC_DEC_IP_ENDS(&o, k, ip);
		ip4(&o.router_id_ip, rid);
		ip4(&o.area_id_ip, aid);
		o.interface_id = b->interface_id;
		o.priority = b->priority;
		o.options = b->options;
		o.hello_interval = b->hello_interval;
		o.dead_interval = b->dead_interval;
		ip4(&o.dr_ip, b->dr);
		ip4(&o.bdr_ip, b->bdr);
		o.neighbors_ip = b->nbr;
		o.n_neighbors_ip = b->n_nbr;
		o.interface_mtu = b->interface_mtu;
		o.dd_flags = b->dd_flags;
		o.dd_sequence = b->dd_sequence;
		o.num_lsas = b->num_lsas;
		o.lsas = b->lsap;
		o.n_lsas = b->n_lsa;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_OSPFV3, &o.base);
	}
	nc_dec_flush_issue(k, &is);
}

void
nc_dec_ospf(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	struct body b;
	struct nc_cur start = *c;
	uint8_t version = nc_cur_peek(c, 0);

	if (c->err) {
		nc_dec_truncated(k, "OSPF", &start, OSPF3_HDR);
		return;
	}
	/* Only the scalars: the arrays are filled as far as n_ says. */
	b.hello_interval = b.options = b.priority = b.dead_interval = 0;
	b.interface_id = b.interface_mtu = b.dd_flags = b.dd_sequence = 0;
	b.num_lsas = 0;
	b.mask = b.dr = b.bdr = NULL;
	b.n_nbr = b.n_lsa = 0;
	if (version == 2)
		ospfv2(k, c, ip, &b);
	else if (version == 3)
		ospfv3(k, c, ip, &b);
	else
		nc_dec_undecoded(k, "OSPF", &start, "unsupported version %u",
		    version);
}
