/* Generic Network Virtualization Encapsulation, RFC 8926, on UDP 6081.
 *
 *	+---+-----------+-+-+-----------+-------------------------------+
 *	|Ver| Opt Len   |O|C|   Rsvd.   |         Protocol Type         |
 *	|        Virtual Network Identifier (VNI)       |   Reserved    |
 *	|                 Options (Opt Len * 4 bytes)                   |
 *	+---------------------------------------------------------------+
 *	option: class(2) type(1) R R R length(5, 4-byte words) data
 *
 * The inner frame follows by protocol type (0x6558 Ethernet, or an
 * ethertype such as IPv4) as an inner packet (inner + 1).  Only version 0
 * exists; another is reported as Undecoded "not Geneve", as is an option
 * that runs past the options area. */
#include "decode/internal.h"

enum {
	GENEVE_HDR = 8,
	GENEVE_OPT_HDR = 4,
	GENEVE_MAX_OPTS = 63 * 4 / GENEVE_OPT_HDR,	/* 6-bit length */
};

void
nc_dec_geneve(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__Geneve g = NETCAP__GENEVE__INIT;
	Netcap__GeneveOption opt[GENEVE_MAX_OPTS], *optp[GENEVE_MAX_OPTS];
	struct nc_cur start = *c, opts;
	struct nc_issue is = { 0 };
	uint8_t b0, b1;
	uint32_t vni;

	b0 = nc_cur_u8(c);
	b1 = nc_cur_u8(c);
	g.protocol = nc_cur_be16(c);
	vni = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "Geneve", &start, GENEVE_HDR);
		return;
	}
	g.version = b0 >> 6;
	if (g.version != 0) {
		nc_dec_undecoded(k, "Geneve", &start, "not Geneve: version %u",
		    g.version);
		return;
	}
	g.options_length = b0 & 0x3f;
	opts = nc_cur_sub(c, g.options_length * 4u);
	if (c->err) {
		nc_dec_truncated(k, "Geneve", &start,
		    GENEVE_HDR + g.options_length * 4u);
		return;
	}
	g.oam_packet = (b1 & 0x80) != 0;
	g.critical_option = (b1 & 0x40) != 0;
	g.vni = vni >> 8;
	g.reserved = (uint32_t)(b1 & 0x3f) << 8 | (vni & 0xff);
	while (nc_cur_left(&opts) > 0) {
		Netcap__GeneveOption *o = &opt[g.n_options];
		struct nc_cur at = opts;
		uint8_t fl;

		netcap__geneve_option__init(o);
		o->class_ = nc_cur_be16(&opts);
		o->type = nc_cur_u8(&opts);
		fl = nc_cur_u8(&opts);
		o->flags = fl >> 5;
		o->length = (fl & 0x1fu) * 4;
		o->data.len = o->length;
		o->data.data = (uint8_t *)nc_cur_bytes(&opts, o->length);
		if (opts.err) {
			nc_dec_issue(&is, "Geneve", &at, "option %u runs past "
			    "the options", (unsigned)g.n_options + 1);
			break;
		}
		optp[g.n_options++] = o;
	}
	g.options = optp;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_GENEVE)) {
		NC_DEC_APP_ENDS(&g, k, a);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_GENEVE, &g.base);
	}
	nc_dec_flush_issue(k, &is);
	if (nc_cur_left(c) == 0)
		return;
	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "Geneve", c, "too many nested headers");
		return;
	}
	k->inner++;
	nc_dec_ethertype(k, c, (uint16_t)g.protocol, "Geneve");
	k->inner--;
	k->depth--;
}
