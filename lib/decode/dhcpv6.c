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
 * first occurrence of their option.  The addresses of every IA_NA are
 * collected; options nested elsewhere (IA_TA, IA_PD, a relayed message)
 * stay inside their parent's data. */
#include "decode/internal.h"
#include "decode/dnsname.h"
#include "decode/text.h"

enum {
	HDR = 4,
	RELAY_HDR = 34,
	MAXOPT = 512,
	MAXADDR = 64,
	MAXORO = 128,
};

struct v6 {
	Netcap__DHCPv6Option o[MAXOPT];
	Netcap__DHCPv6Option *p[MAXOPT];
	ProtobufCBinaryData addr[MAXADDR];
	uint32_t pref[MAXADDR], valid[MAXADDR];
	uint32_t oro[MAXORO];
	char fqdn[NC_DNS_TEXT_MAX];
	int seen[64];		/* option codes below 64 already typed */
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

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

/* IA_NA data after iaid, t1 and t2: IA Address options (5). */
static void
ia_na(Netcap__DHCPv6 *d, struct v6 *v, struct nc_cur c)
{
	unsigned code, len;
	struct nc_cur sub;
	const uint8_t *a;

	while (nc_cur_left(&c) >= 4 && d->n_ia_addresses_ip < MAXADDR) {
		code = nc_cur_be16(&c);
		len = nc_cur_be16(&c);
		sub = nc_cur_sub(&c, len);
		if (c.err)
			return;
		if (code != 5 || len < 24)
			continue;
		a = nc_cur_bytes(&sub, 16);
		v->addr[d->n_ia_addresses_ip].data = (uint8_t *)a;
		v->addr[d->n_ia_addresses_ip].len = 16;
		v->pref[d->n_ia_addresses_ip] = nc_cur_be32(&sub);
		v->valid[d->n_ia_addresses_ip] = nc_cur_be32(&sub);
		d->n_ia_addresses_ip++;
	}
}

static void
typed(Netcap__DHCPv6 *d, struct v6 *v, unsigned code, const uint8_t *p,
    size_t len)
{
	struct nc_cur c = nc_cur_make(p, len), ia = c;
	size_t i;

	if (code == 3 && len >= 12) {
		nc_cur_skip(&ia, 12);
		ia_na(d, v, ia);
	}
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
		d->_iaid_case = NETCAP__DHCPV6___IAID_IAID;
		d->iaid = be32(p);
		d->_t1_case = NETCAP__DHCPV6___T1_T1;
		d->t1 = be32(p + 4);
		d->_t2_case = NETCAP__DHCPV6___T2_T2;
		d->t2 = be32(p + 8);
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
	d.ts = k->ts;
	d.packet = k->packet;
	d.src_ip.data = (uint8_t *)a->ip->src;
	d.src_ip.len = a->ip->alen;
	d.dst_ip.data = (uint8_t *)a->ip->dst;
	d.dst_ip.len = a->ip->alen;
	d.src_port = a->sport;
	d.dst_port = a->dport;
	d.flow = a->flow;
	d.msg_type = nc_cur_u8(c);
	if (type == 12 || type == 13) {
		d._hop_count_case = NETCAP__DHCPV6___HOP_COUNT_HOP_COUNT;
		d.hop_count = nc_cur_u8(c);
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
		typed(&d, &v, code, data, len);
	}
	d.n_preferred_lifetimes = d.n_valid_lifetimes = d.n_ia_addresses_ip;
	d.options = v.p;
	d.n_options = n;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_DHCPV6, &d.base);
	nc_dec_flush_issue(k, &is);
}
