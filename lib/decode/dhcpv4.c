/* BOOTP and DHCPv4: RFC 951, RFC 2131 (message), RFC 2132 (options),
 * RFC 3396 is not applied (a long option split in pieces stays pieces).
 *
 *	 0               1               2               3
 *	+---------------+---------------+---------------+---------------+
 *	|   op (1/2)    |     htype     |     hlen      |     hops      |
 *	|                          xid (4)                              |
 *	|           secs (2)            |           flags (2)           |
 *	|   ciaddr, yiaddr, siaddr, giaddr (4 each)                     |
 *	|   chaddr (16)  sname (64)  file (128)                         |
 *	|   magic cookie 99.130.83.99 (4), then options                 |
 *	+---------------------------------------------------------------+
 *
 * Options are code, length, data, except Pad (0) and End (255) which are
 * one byte.  Option 52 says the options go on in file, then sname, which
 * then hold no names.  The typed fields take the first occurrence of
 * their option when its length is one the RFC allows; every option stays
 * in the options list as it was. */
#include "decode/internal.h"
#include "decode/text.h"

enum {
	HDR = 236,		/* up to the cookie */
	MAXOPT = 512,		/* more than real packets carry */
	MAXADDR = 64,		/* 255 / 4 */
};

struct opts {
	Netcap__DHCPv4Option o[MAXOPT];
	Netcap__DHCPv4Option *p[MAXOPT];
	size_t n;
};

struct typed {
	ProtobufCBinaryData routers[MAXADDR], dns[MAXADDR];
	uint32_t params[256];
	int seen[256];		/* option codes already typed */
};

static void
addrs(ProtobufCBinaryData *a, size_t *n, const uint8_t *p, size_t len)
{
	struct nc_cur c = nc_cur_make(p, len);

	while (nc_cur_left(&c) >= 4 && *n < MAXADDR) {
		a[*n].data = (uint8_t *)nc_cur_bytes(&c, 4);
		a[*n].len = 4;
		(*n)++;
	}
}

/* The typed field of one option, first occurrence only. */
static void
typed(Netcap__DHCPv4 *d, struct typed *t, unsigned code, const uint8_t *p,
    size_t len)
{
	struct nc_cur c = nc_cur_make(p, len);
	size_t i;

	if (t->seen[code])
		return;
	t->seen[code] = 1;
	switch (code) {
	case 1:
		if (len == 4) {
			d->subnet_mask_ip.data = (uint8_t *)p;
			d->subnet_mask_ip.len = 4;
		}
		break;
	case 3:
		addrs(t->routers, &d->n_routers_ip, p, len);
		d->routers_ip = t->routers;
		break;
	case 6:
		addrs(t->dns, &d->n_dns_servers_ip, p, len);
		d->dns_servers_ip = t->dns;
		break;
	case 12:
		d->hostname = nc_dec_span(p, len, 255);
		break;
	case 15:
		d->domain_name = nc_dec_span(p, len, 255);
		break;
	case 50:
		if (len == 4) {
			d->requested_ip.data = (uint8_t *)p;
			d->requested_ip.len = 4;
		}
		break;
	case 51:
		if (len == 4) {
			d->_lease_time_case =
			    NETCAP__DHCPV4___LEASE_TIME_LEASE_TIME;
			d->lease_time = nc_cur_peek_be32(&c, 0);
		}
		break;
	case 52:
		if (len == 1) {
			NC_DEC_SET(d, DHCPV4, overload, OVERLOAD, p[0]);
		}
		break;
	case 53:
		if (len == 1) {
			d->_message_type_case =
			    NETCAP__DHCPV4___MESSAGE_TYPE_MESSAGE_TYPE;
			d->message_type = p[0];
		}
		break;
	case 54:
		if (len == 4) {
			d->server_identifier_ip.data = (uint8_t *)p;
			d->server_identifier_ip.len = 4;
		}
		break;
	case 55:
		for (i = 0; i < len && i < 256; i++)
			t->params[i] = p[i];
		d->params = t->params;
		d->n_params = i;
		break;
	case 60:
		d->vendor_class = nc_dec_span(p, len, 255);
		break;
	case 61:
		d->client_id.data = (uint8_t *)p;
		d->client_id.len = len;
		break;
	case 82:
		d->relay_agent_info.data = (uint8_t *)p;
		d->relay_agent_info.len = len;
		break;
	}
}

/* Reads the options in c up to End or the end of the window. */
static void
options(Netcap__DHCPv4 *d, struct opts *o, struct typed *t,
    struct nc_cur *c, struct nc_issue *is, const char *where)
{
	Netcap__DHCPv4Option *op;
	struct nc_cur at;
	unsigned code, len;
	const uint8_t *data;

	while (nc_cur_left(c) > 0) {
		at = *c;
		code = nc_cur_u8(c);
		if (code == 0)
			continue;
		len = 0;
		data = NULL;
		if (code != 255) {
			len = nc_cur_u8(c);
			data = nc_cur_bytes(c, len);
			if (c->err) {
				nc_dec_issue(is, "DHCPv4", &at, "option %u "
				    "in %s truncated: length %u, %zu left",
				    code, where, len, nc_cur_left(&at));
				return;
			}
		}
		if (o->n == MAXOPT) {
			nc_dec_issue(is, "DHCPv4", &at, "more than %d options",
			    MAXOPT);
			return;
		}
		op = &o->o[o->n];
		netcap__dhcpv4_option__init(op);
		op->type = code;
		op->length = len;
		op->data.data = (uint8_t *)data;
		op->data.len = len;
		o->p[o->n++] = op;
		if (code == 255)
			return;
		typed(d, t, code, data, len);
	}
}

void
nc_dec_dhcpv4(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__DHCPv4 d = NETCAP__DHCPV4__INIT;
	struct opts o;
	struct typed t;
	struct nc_issue is = { 0 };
	struct nc_cur start = *c, sname, file;
	const uint8_t *chaddr;
	unsigned hlen;

	if (nc_cur_left(c) < HDR) {
		nc_dec_truncated(k, "DHCPv4", &start, HDR);
		return;
	}
	d.operation = nc_cur_u8(c);
	if (d.operation != 1 && d.operation != 2) {
		nc_dec_undecoded(k, "DHCPv4", &start, "not DHCPv4: op %u",
		    d.operation);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_DHCPV4))
		return;
	o.n = 0;
	memset(t.seen, 0, sizeof t.seen);
	NC_DEC_APP_ENDS(&d, k, a);
	d.hardware_type = nc_cur_u8(c);
	d.hardware_len = hlen = nc_cur_u8(c);
	d.hardware_opts = nc_cur_u8(c);
	d.xid = nc_cur_be32(c);
	d.secs = nc_cur_be16(c);
	d.flags = nc_cur_be16(c);
	d.client_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
	d.your_client_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
	d.next_server_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
	d.relay_agent_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
	d.client_ip.len = d.your_client_ip.len = d.next_server_ip.len =
	    d.relay_agent_ip.len = 4;
	chaddr = nc_cur_bytes(c, 16);
	d.client_hw_addr.data = (uint8_t *)chaddr;
	d.client_hw_addr.len = hlen < 16 ? hlen : 16;
	if (d.hardware_type == 1 && hlen == 6) {
		d.client_mac.data = (uint8_t *)chaddr;
		d.client_mac.len = 6;
	}
	sname = nc_cur_sub(c, 64);
	file = nc_cur_sub(c, 128);
	if (nc_cur_left(c) >= 4 && nc_cur_peek(c, 0) == 99 &&
	    nc_cur_peek(c, 1) == 130 && nc_cur_peek(c, 2) == 83 &&
	    nc_cur_peek(c, 3) == 99) {
		nc_cur_skip(c, 4);
		d.cookie = 1;
		options(&d, &o, &t, c, &is, "options");
	}
	/* RFC 2131 4.1: file is read before sname. */
	if (d._overload_case && d.overload & 1)
		options(&d, &o, &t, &file, &is, "file");
	else {
		d.file = nc_dec_cstr(file.p, nc_cur_left(&file), 128);
	}
	if (d._overload_case && d.overload & 2)
		options(&d, &o, &t, &sname, &is, "sname");
	else {
		d.server_name = nc_dec_cstr(sname.p, nc_cur_left(&sname), 64);
	}
	d.options = o.p;
	d.n_options = o.n;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_DHCPV4, &d.base);
	nc_dec_flush_issue(k, &is);
}
