/* DHCPv6: RFC 8415 (messages and options), RFC 4704 (client FQDN).
 *
 *	client/server message		relay message (12, 13)
 *	+----------+---------------+	+----------+----------+
 *	| msg-type | transaction-id|	| msg-type | hop-count|
 *	|   (1)    |      (3)      |	| link-address (16)   |
 *	+----------+---------------+	| peer-address (16)   |
 *	| options ...              |	| options ...         |
 *
 *	option: code (2), length (2), data (length)
 *
 * Every top-level option is listed as it is; the typed fields take the
 * first occurrence of their option, depth first in wire order.  A relay
 * message says little of its own: the client's options are in the
 * relayed message (option 9), so that message's options are typed too,
 * through nested relays up to MAXRELAY deep, though only the top-level
 * ones are listed.  The addresses of every IA_NA and IA_TA and the
 * prefixes of every IA_PD are collected; other nested options stay
 * inside their parent's data. */
#include "decode/internal.h"
#include "decode/dnsname.h"
#include "decode/text.h"

enum {
	HDR = 4,
	RELAY_HDR = 34,
	MAXOPT = 512,
	MAXADDR = 64,
	MAXORO = 128,
	MAXPFX = 64,
	MAXRELAY = 8,		/* RFC 8415 7.6 HOP_COUNT_LIMIT */
};

struct v6 {
	Netcap__DHCPv6Option o[MAXOPT];
	Netcap__DHCPv6Option *p[MAXOPT];
	ProtobufCBinaryData addr[MAXADDR];
	uint32_t pref[MAXADDR], valid[MAXADDR];
	ProtobufCBinaryData pfx[MAXPFX];
	uint32_t plen[MAXPFX], ppref[MAXPFX], pvalid[MAXPFX];
	uint32_t oro[MAXORO];
	char fqdn[NC_DNS_TEXT_MAX];
	int seen[64];		/* option codes below 64 already typed */
};

/* RFC 4704 4: uncompressed DNS labels, the last one may lack its root.
 * Labels are escaped as DNS names are: a label may hold any byte, and a
 * string field must hold UTF-8 with no NUL inside. */
static void
fqdn(char *dst, size_t cap, struct nc_cur c)
{
	size_t n = 0;
	unsigned len;
	const uint8_t *lab;

	dst[0] = '\0';
	while (nc_cur_left(&c) > 0) {
		len = nc_cur_u8(&c);
		if (len == 0 || len > 63)
			break;
		lab = nc_cur_bytes(&c, len);
		if (lab == NULL || n + 4 * len + 2 > cap)
			break;
		if (n > 0)
			dst[n++] = '.';
		n += nc_dns_escape(lab, len, 1, dst + n);
	}
}

/* The options inside an IA_NA, IA_TA or IA_PD, after its fixed part: IA
 * Address (5, RFC 8415 21.6) and IA Prefix (26, 21.22) options.  Either is
 * taken from any IA, as tshark does; past the array bounds the rest are
 * skipped. */
static void
ia_opts(Netcap__DHCPv6 *d, struct v6 *v, struct nc_cur c)
{
	unsigned code, len;
	struct nc_cur sub;
	size_t i;

	while (nc_cur_left(&c) >= 4) {
		code = nc_cur_be16(&c);
		len = nc_cur_be16(&c);
		sub = nc_cur_sub(&c, len);
		if (c.err)
			return;
		if (code == 5 && len >= 24 && d->n_ia_addresses_ip < MAXADDR) {
			i = d->n_ia_addresses_ip++;
			v->addr[i].data = (uint8_t *)nc_cur_bytes(&sub, 16);
			v->addr[i].len = 16;
			v->pref[i] = nc_cur_be32(&sub);
			v->valid[i] = nc_cur_be32(&sub);
		} else if (code == 26 && len >= 25 && d->n_prefixes_ip < MAXPFX) {
			i = d->n_prefixes_ip++;
			v->ppref[i] = nc_cur_be32(&sub);
			v->pvalid[i] = nc_cur_be32(&sub);
			v->plen[i] = nc_cur_u8(&sub);
			v->pfx[i].data = (uint8_t *)nc_cur_bytes(&sub, 16);
			v->pfx[i].len = 16;
		}
	}
}

/* The typed fields of the first option of each code. */
static void
first(Netcap__DHCPv6 *d, struct v6 *v, unsigned code, const uint8_t *p,
    size_t len)
{
	struct nc_cur c = nc_cur_make(p, len);
	size_t i;

	if (code >= 64 || v->seen[code])
		return;
	v->seen[code] = 1;
	switch (code) {
	case 1:
		d->client_duid.data = (uint8_t *)p;
		d->client_duid.len = len;
		break;
	case 2:
		d->server_duid.data = (uint8_t *)p;
		d->server_duid.len = len;
		break;
	case 3:
		if (len < 12)
			break;
		NC_DEC_SET(d, DHCPV6, iaid, IAID, nc_cur_peek_be32(&c, 0));
		NC_DEC_SET(d, DHCPV6, t1, T1, nc_cur_peek_be32(&c, 4));
		NC_DEC_SET(d, DHCPV6, t2, T2, nc_cur_peek_be32(&c, 8));
		break;
	case 4:
		if (len < 4)
			break;
		NC_DEC_SET(d, DHCPV6, ta_iaid, TA_IAID,
		    nc_cur_peek_be32(&c, 0));
		break;
	case 25:
		if (len < 12)
			break;
		NC_DEC_SET(d, DHCPV6, pd_iaid, PD_IAID,
		    nc_cur_peek_be32(&c, 0));
		NC_DEC_SET(d, DHCPV6, pd_t1, PD_T1, nc_cur_peek_be32(&c, 4));
		NC_DEC_SET(d, DHCPV6, pd_t2, PD_T2, nc_cur_peek_be32(&c, 8));
		break;
	case 6:
		for (i = 0; i + 2 <= len && d->n_oro < MAXORO; i += 2)
			v->oro[d->n_oro++] = nc_cur_be16(&c);
		break;
	case 8:
		if (len == 2) {
			d->_elapsed_time_case =
			    NETCAP__DHCPV6___ELAPSED_TIME_ELAPSED_TIME;
			d->elapsed_time = nc_cur_be16(&c);
		}
		break;
	case 9:
		if (len >= 1) {
			d->_relay_msg_type_case =
			    NETCAP__DHCPV6___RELAY_MSG_TYPE_RELAY_MSG_TYPE;
			d->relay_msg_type = p[0];
		}
		break;
	case 13:
		if (len >= 2) {
			d->_status_code_case =
			    NETCAP__DHCPV6___STATUS_CODE_STATUS_CODE;
			d->status_code = nc_cur_be16(&c);
		}
		break;
	case 39:
		if (len >= 1) {
			d->_fqdn_flags_case =
			    NETCAP__DHCPV6___FQDN_FLAGS_FQDN_FLAGS;
			d->fqdn_flags = nc_cur_u8(&c);
			fqdn(v->fqdn, sizeof v->fqdn, c);
			d->fqdn = v->fqdn;
		}
		break;
	}
}

static void relayed(Netcap__DHCPv6 *, struct v6 *, const uint8_t *, size_t,
    int);

static void
typed(Netcap__DHCPv6 *d, struct v6 *v, unsigned code, const uint8_t *p,
    size_t len, int depth)
{
	struct nc_cur c = nc_cur_make(p, len);

	first(d, v, code, p, len);
	/* Every IA and every relayed message, not only the first, and after
	 * the option's own fields: relay_msg_type is the outer relay's. */
	if ((code == 3 || code == 25) && len >= 12) {
		nc_cur_skip(&c, 12);
		ia_opts(d, v, c);
	}
	if (code == 4 && len >= 4) {
		nc_cur_skip(&c, 4);
		ia_opts(d, v, c);
	}
	if (code == 9 && depth < MAXRELAY)
		relayed(d, v, p, len, depth + 1);
}

/* The options of a relayed message (option 9 data), typed as the top-level
 * ones are.  A cut header or option ends the walk quietly: the option
 * itself is listed whole, and its fields are only what could be read.
 * Each level's options lie inside the one above, so the work is at most
 * MAXRELAY times the packet. */
static void
relayed(Netcap__DHCPv6 *d, struct v6 *v, const uint8_t *p, size_t len,
    int depth)
{
	struct nc_cur c = nc_cur_make(p, len);
	unsigned type, code, olen;
	const uint8_t *data;

	type = nc_cur_u8(&c);
	nc_cur_skip(&c, (type == 12 || type == 13 ? RELAY_HDR : HDR) - 1);
	while (!c.err && nc_cur_left(&c) >= 4) {
		code = nc_cur_be16(&c);
		olen = nc_cur_be16(&c);
		data = nc_cur_bytes(&c, olen);
		if (c.err)
			return;
		typed(d, v, code, data, olen, depth);
	}
}

void
nc_dec_dhcpv6(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__DHCPv6 d = NETCAP__DHCPV6__INIT;
	struct v6 v;
	struct nc_issue is = { 0 };
	struct nc_cur start = *c, at;
	Netcap__DHCPv6Option *op;
	unsigned type, code, len;
	const uint8_t *data;
	size_t n = 0;

	type = nc_cur_peek(c, 0);
	if (c->err || nc_cur_left(c) < HDR) {
		nc_dec_truncated(k, "DHCPv6", &start, HDR);
		return;
	}
	if (type == 0) {
		nc_dec_undecoded(k, "DHCPv6", &start,
		    "not DHCPv6: msg-type 0");
		return;
	}
	if ((type == 12 || type == 13) && nc_cur_left(c) < RELAY_HDR) {
		nc_dec_truncated(k, "DHCPv6", &start, RELAY_HDR);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_DHCPV6))
		return;
	memset(v.seen, 0, sizeof v.seen);
	NC_DEC_APP_ENDS(&d, k, a);
	d.msg_type = nc_cur_u8(c);
	if (type == 12 || type == 13) {
		NC_DEC_SET(&d, DHCPV6, hop_count, HOP_COUNT, nc_cur_u8(c));
		d.link_ip.data = (uint8_t *)nc_cur_bytes(c, 16);
		d.link_ip.len = 16;
		d.peer_ip.data = (uint8_t *)nc_cur_bytes(c, 16);
		d.peer_ip.len = 16;
	} else {
		d._transaction_id_case =
		    NETCAP__DHCPV6___TRANSACTION_ID_TRANSACTION_ID;
		d.transaction_id = (uint32_t)nc_cur_u8(c) << 16;
		d.transaction_id |= nc_cur_be16(c);
	}
	d.ia_addresses_ip = v.addr;
	d.preferred_lifetimes = v.pref;
	d.valid_lifetimes = v.valid;
	d.oro = v.oro;
	d.prefixes_ip = v.pfx;
	d.prefix_lengths = v.plen;
	d.prefix_preferred_lifetimes = v.ppref;
	d.prefix_valid_lifetimes = v.pvalid;
	while (nc_cur_left(c) > 0) {
		at = *c;
		code = nc_cur_be16(c);
		len = nc_cur_be16(c);
		data = nc_cur_bytes(c, len);
		if (c->err) {
			nc_dec_issue(&is, "DHCPv6", &at, "option %u truncated: "
			    "length %u, %zu left", code, len,
			    nc_cur_left(&at));
			break;
		}
		if (n == MAXOPT) {
			nc_dec_issue(&is, "DHCPv6", &at, "more than %d options",
			    MAXOPT);
			break;
		}
		op = &v.o[n];
		netcap__dhcpv6_option__init(op);
		op->code = code;
		op->length = len;
		op->data.data = (uint8_t *)data;
		op->data.len = len;
		v.p[n++] = op;
		typed(&d, &v, code, data, len, 0);
	}
	d.n_preferred_lifetimes = d.n_valid_lifetimes = d.n_ia_addresses_ip;
	d.n_prefix_lengths = d.n_prefix_preferred_lifetimes =
	    d.n_prefix_valid_lifetimes = d.n_prefixes_ip;
	d.options = v.p;
	d.n_options = n;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_DHCPV6, &d.base);
	nc_dec_flush_issue(k, &is);
}
