/* Unit tests for the DHCPv4, DHCPv6, NTP, Syslog, SIP, BFD and LCM
 * decoders: payloads built byte by byte and handed to one decoder through
 * nc_decode_layer(); every record is packed and unpacked again before its
 * fields are checked.  Damaged payloads (cut at every length, lying
 * lengths, oversize counts) must give Undecoded records, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "netcap.pb-c.h"
#include "tap.h"
#include "pkt.h"
#include "recs.h"

/* --- building payloads --------------------------------------------------- */

static void
str(struct pkt *p, const char *s)
{
	raw(p, s, strlen(s));
}

static void
opt4(struct pkt *p, unsigned code, const void *d, size_t n)
{
	u8(p, code);
	u8(p, (unsigned)n);
	raw(p, d, n);
}

static void
opt6(struct pkt *p, unsigned code, const void *d, size_t n)
{
	be16(p, code);
	be16(p, (unsigned)n);
	raw(p, d, n);
}

/* --- decoding and looking at the records --------------------------------- */

/* Decodes n bytes of p as layer name from an exactly sized heap copy, so
 * that ASan sees any read past the end. */
static int
layer(const char *name, const uint8_t *p, size_t n, unsigned sport,
    unsigned dport)
{
	struct nc_decoder d;
	uint8_t *copy;
	int rc;

	clear();
	if (nc_decoder_init(&d, 1, NULL, 0, collect, NULL) < 0)
		abort();
	copy = malloc(n > 0 ? n : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, p, n);
	rc = nc_decode_layer(&d, name, copy, n, sport, dport);
	free(copy);
	nc_decoder_free(&d);
	return rc;
}

/* The first record of this type name ("DHCPv4"), or NULL. */
static void *
named(const char *type)
{
	int i;

	for (i = 0; i < nrec; i++)
		if (strcmp(rec[i].m->descriptor->short_name, type) == 0)
			return rec[i].m;
	return NULL;
}

/* The reason of the first Undecoded record, or "". */
static const char *
why(void)
{
	Netcap__Undecoded *u = named("Undecoded");

	return u != NULL ? u->reason : "";
}

static int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* Every prefix of p: a record or an Undecoded one, never nothing (but for
 * the empty payload) and never a crash. */
static void
every_cut(const char *name, const struct pkt *p, unsigned sport,
    unsigned dport)
{
	size_t n;
	int bad = 0;

	for (n = 0; n < p->n; n++) {
		if (layer(name, p->b, n, sport, dport) != 0)
			bad++;
		else if (n > 0 && nrec == 0)
			bad++;
	}
	ok(bad == 0, "%s: cut at each of %zu lengths: a record or Undecoded "
	    "every time", name, p->n);
}

/* --- DHCPv4 -------------------------------------------------------------- */

static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t ip_c[4] = { 192, 0, 2, 10 }, ip_s[4] = { 192, 0, 2, 1 };

static void
bootp(struct pkt *p, unsigned op, unsigned htype, unsigned hlen,
    const char *sname, const char *file)
{
	p->n = 0;
	u8(p, op);
	u8(p, htype);
	u8(p, hlen);
	u8(p, 2);			/* hops */
	be32(p, 0x3903f326);
	be16(p, 3);
	be16(p, 0x8000);
	raw(p, ip_c, 4);		/* ciaddr */
	raw(p, ip_s, 4);		/* yiaddr */
	fill(p, 0, 4);			/* siaddr */
	raw(p, ip_s, 4);		/* giaddr */
	raw(p, mac, 6);
	fill(p, 0xee, 10);
	memset(p->b + p->n, 0, 192);
	memcpy(p->b + p->n, sname, strlen(sname));
	memcpy(p->b + p->n + 64, file, strlen(file));
	p->n += 192;
}

static void
cookie(struct pkt *p)
{
	u8(p, 99);
	u8(p, 130);
	u8(p, 83);
	u8(p, 99);
}

static void
test_dhcpv4(void)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 119, 252 };
	static const uint8_t two[] = { 192, 0, 2, 1, 192, 0, 2, 254 };
	static const uint8_t mask[] = { 255, 255, 255, 0 };
	static const uint8_t lease[] = { 0, 1, 0x51, 0x80 };
	static const uint8_t cid[] = { 1, 2, 0, 0, 0, 0, 1 };
	static const uint8_t rai[] = { 1, 2, 'a', 'b' };
	Netcap__DHCPv4 *d = NULL;
	struct pkt p;
	size_t i, at;

	bootp(&p, 1, 1, 6, "srv", "boot.img");
	cookie(&p);
	opt4(&p, 53, "\x03", 1);
	u8(&p, 0);			/* Pad: not listed */
	opt4(&p, 61, cid, sizeof cid);
	opt4(&p, 50, ip_c, 4);
	opt4(&p, 54, ip_s, 4);
	opt4(&p, 51, lease, 4);
	opt4(&p, 12, "host-1", 6);
	opt4(&p, 60, "MSFT 5.0", 8);
	opt4(&p, 55, prl, sizeof prl);
	opt4(&p, 15, "example.org", 11);
	opt4(&p, 3, two, 8);
	opt4(&p, 6, two, 8);
	opt4(&p, 1, mask, 4);
	opt4(&p, 82, rai, sizeof rai);
	opt4(&p, 12, "second", 6);	/* only the first one is typed */
	u8(&p, 255);
	fill(&p, 0, 7);
	ok(layer("DHCPv4", p.b, p.n, 68, 67) == 0 && nrec == 1 &&
	    (d = named("DHCPv4")) != NULL, "DHCPv4: one record");
	if (d == NULL)
		return;
	ok(d->operation == 1 && d->hardware_type == 1 &&
	    d->hardware_len == 6 && d->hardware_opts == 2 &&
	    d->xid == 0x3903f326 && d->secs == 3 && d->flags == 0x8000,
	    "DHCPv4: op, htype, hlen, hops, xid, secs, flags");
	ok(bin_is(d->client_ip, ip_c, 4) && bin_is(d->your_client_ip, ip_s, 4) &&
	    bin_is(d->next_server_ip, "\0\0\0\0", 4) &&
	    bin_is(d->relay_agent_ip, ip_s, 4), "DHCPv4: ciaddr yiaddr siaddr "
	    "giaddr");
	ok(bin_is(d->client_mac, mac, 6) && bin_is(d->client_hw_addr, mac, 6),
	    "DHCPv4: client_mac and client_hw_addr");
	ok(strcmp(d->server_name, "srv") == 0 &&
	    strcmp(d->file, "boot.img") == 0 && d->cookie,
	    "DHCPv4: sname, file, cookie");
	ok(d->n_options == 15 && d->options[0]->type == 53 &&
	    d->options[0]->length == 1 && bin_is(d->options[0]->data, "\3", 1) &&
	    d->options[14]->type == 255 && d->options[14]->length == 0,
	    "DHCPv4: options in order, Pad not listed, End listed");
	ok(d->_message_type_case && d->message_type == 3,
	    "DHCPv4: message type");
	ok(bin_is(d->requested_ip, ip_c, 4) &&
	    bin_is(d->server_identifier_ip, ip_s, 4) &&
	    d->_lease_time_case && d->lease_time == 86400,
	    "DHCPv4: requested IP, server identifier, lease time");
	ok(strcmp(d->hostname, "host-1") == 0 &&
	    strcmp(d->vendor_class, "MSFT 5.0") == 0 &&
	    strcmp(d->domain_name, "example.org") == 0,
	    "DHCPv4: hostname (first of two), vendor class, domain name");
	ok(bin_is(d->client_id, cid, sizeof cid) &&
	    bin_is(d->relay_agent_info, rai, sizeof rai),
	    "DHCPv4: client id, relay agent info");
	ok(d->n_params == 6 && d->params[0] == 1 && d->params[5] == 252,
	    "DHCPv4: parameter request list");
	ok(d->n_routers_ip == 2 && bin_is(d->routers_ip[1], two + 4, 4) &&
	    d->n_dns_servers_ip == 2 && bin_is(d->subnet_mask_ip, mask, 4),
	    "DHCPv4: routers, DNS servers, subnet mask");
	ok(!d->_overload_case, "DHCPv4: no overload");
	every_cut("DHCPv4", &p, 68, 67);

	/* Option 52: file, then sname, hold options; no names then. */
	bootp(&p, 2, 1, 6, "", "");
	p.b[108] = 12;
	p.b[109] = 1;
	p.b[110] = 'f';
	p.b[111] = 255;
	p.b[44] = 15;
	p.b[45] = 1;
	p.b[46] = 's';
	cookie(&p);
	opt4(&p, 52, "\x03", 1);
	u8(&p, 255);
	layer("DHCPv4", p.b, p.n, 67, 68);
	d = named("DHCPv4");
	ok(d != NULL && d->overload == 3 && d->n_options == 5 &&
	    d->options[2]->type == 12 && d->options[4]->type == 15 &&
	    strcmp(d->hostname, "f") == 0 &&
	    strcmp(d->domain_name, "s") == 0 && d->server_name[0] == '\0' &&
	    d->file[0] == '\0' && nrec == 1,
	    "DHCPv4 overload: file's options, then sname's");

	/* Plain BOOTP: no cookie, no options. */
	bootp(&p, 1, 6, 6, "", "");
	fill(&p, 0, 64);
	layer("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && !d->cookie && d->n_options == 0 && nrec == 1 &&
	    d->client_mac.len == 0 && d->client_hw_addr.len == 6,
	    "BOOTP without cookie; htype 6: no client_mac");

	/* hlen past the 16 bytes of chaddr. */
	bootp(&p, 1, 1, 200, "", "");
	layer("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->hardware_len == 200 && d->client_hw_addr.len == 16 &&
	    d->client_mac.len == 0, "DHCPv4: hlen 200 keeps chaddr's 16 bytes");

	/* Not DHCP, truncated. */
	bootp(&p, 7, 1, 6, "", "");
	layer("DHCPv4", p.b, p.n, 68, 67);
	ok(nrec == 1 && has(why(), "not DHCPv4: op 7"), "DHCPv4: op 7: %s",
	    why());
	layer("DHCPv4", p.b, 235, 68, 67);
	ok(nrec == 1 && has(why(), "truncated header: 235 of 236"),
	    "DHCPv4: 235 bytes: %s", why());

	/* An option longer than the packet. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	opt4(&p, 53, "\x01", 1);
	u8(&p, 12);
	u8(&p, 50);
	str(&p, "abc");
	layer("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->n_options == 1 && nrec == 2 &&
	    has(why(), "option 12 in options truncated: length 50, 5 left"),
	    "DHCPv4: overrunning option: %s", why());

	/* More options than the record holds. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	at = p.n;
	for (i = 0; i < 600; i++) {
		u8(&p, 200);
		u8(&p, 0);
	}
	layer("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->n_options == 512 && has(why(), "more than 512") &&
	    at > 0, "DHCPv4: 600 options: 512 kept, Undecoded for the rest");

	/* Wrong lengths for typed options: listed, not typed. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	opt4(&p, 53, "\1\1", 2);
	opt4(&p, 50, ip_c, 3);
	opt4(&p, 3, ip_c, 3);
	u8(&p, 255);
	layer("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->n_options == 4 && !d->_message_type_case &&
	    d->requested_ip.len == 0 && d->n_routers_ip == 0,
	    "DHCPv4: odd lengths are listed but not typed");
}

/* --- DHCPv6 -------------------------------------------------------------- */

static const uint8_t duid[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };
static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

static void
test_dhcpv6(void)
{
	Netcap__DHCPv6 *d = NULL;
	struct pkt p, ia;
	size_t i;

	p.n = 0;
	u8(&p, 1);
	u8(&p, 0x90);
	be16(&p, 0xb45c);
	opt6(&p, 1, duid, sizeof duid);
	opt6(&p, 6, "\0\x17\0\x18", 4);
	opt6(&p, 8, "\0\x64", 2);
	ia.n = 0;
	be32(&ia, 0x02030405);
	be32(&ia, 3600);
	be32(&ia, 5400);
	be16(&ia, 5);
	be16(&ia, 24);
	raw(&ia, a6, 16);
	be32(&ia, 7200);
	be32(&ia, 7500);
	opt6(&p, 3, ia.b, ia.n);
	opt6(&p, 39, "\x01\x04host\x07""example\x03org\x00", 19);
	opt6(&p, 13, "\0\x02no", 4);
	opt6(&p, 2, duid, 4);
	ok(layer("DHCPv6", p.b, p.n, 546, 547) == 0 && nrec == 1 &&
	    (d = named("DHCPv6")) != NULL, "DHCPv6: one record");
	if (d == NULL)
		return;
	ok(d->msg_type == 1 && d->_transaction_id_case &&
	    d->transaction_id == 0x90b45c && !d->_hop_count_case,
	    "DHCPv6: msg type, transaction id");
	ok(d->n_options == 7 && d->options[3]->code == 3 &&
	    d->options[3]->length == 40 && d->options[6]->code == 2,
	    "DHCPv6: top-level options in order");
	ok(bin_is(d->client_duid, duid, sizeof duid) &&
	    bin_is(d->server_duid, duid, 4), "DHCPv6: client and server DUID");
	ok(d->n_oro == 2 && d->oro[0] == 23 && d->oro[1] == 24 &&
	    d->elapsed_time == 100, "DHCPv6: ORO, elapsed time");
	ok(d->iaid == 0x02030405 && d->t1 == 3600 && d->t2 == 5400 &&
	    d->n_ia_addresses_ip == 1 && bin_is(d->ia_addresses_ip[0], a6, 16) &&
	    d->preferred_lifetimes[0] == 7200 && d->valid_lifetimes[0] == 7500,
	    "DHCPv6: IA_NA and its address");
	ok(d->fqdn_flags == 1 && strcmp(d->fqdn, "host.example.org") == 0 &&
	    d->_status_code_case && d->status_code == 2,
	    "DHCPv6: FQDN, status code");
	every_cut("DHCPv6", &p, 546, 547);

	/* Relay-forward around a Request. */
	p.n = 0;
	u8(&p, 12);
	u8(&p, 3);
	raw(&p, a6, 16);
	fill(&p, 0xfe, 16);
	opt6(&p, 9, "\x03\xab\xcd\xef", 4);
	layer("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->msg_type == 12 && d->hop_count == 3 &&
	    !d->_transaction_id_case && bin_is(d->link_ip, a6, 16) &&
	    d->peer_ip.len == 16 && d->relay_msg_type == 3,
	    "DHCPv6 relay: hop count, link and peer address, relayed type");
	layer("DHCPv6", p.b, 33, 547, 547);
	ok(nrec == 1 && has(why(), "33 of 34"), "DHCPv6 relay cut: %s", why());

	/* IA_PD with two IA Prefix options, then an IA_NA: each kind keeps
	 * its own first IAID, T1 and T2. */
	p.n = 0;
	u8(&p, 7);
	be24(&p, 0x010203);
	ia.n = 0;
	be32(&ia, 0x0a0b0c0d);
	be32(&ia, 150);
	be32(&ia, 250);
	for (i = 0; i < 2; i++) {
		be16(&ia, 26);
		be16(&ia, 25);
		be32(&ia, 4500 + (uint32_t)i);
		be32(&ia, 7200 + (uint32_t)i);
		u8(&ia, 56 + (unsigned)i * 8);
		raw(&ia, a6, 16);
	}
	opt6(&p, 25, ia.b, ia.n);
	opt6(&p, 3, "\0\0\0\x01\0\0\0\x02\0\0\0\x03", 12);
	layer("DHCPv6", p.b, p.n, 547, 546);
	d = named("DHCPv6");
	ok(d != NULL && d->_pd_iaid_case && d->pd_iaid == 0x0a0b0c0d &&
	    d->_pd_t1_case && d->pd_t1 == 150 && d->_pd_t2_case &&
	    d->pd_t2 == 250 && d->iaid == 1 && d->t1 == 2 && d->t2 == 3,
	    "DHCPv6: IA_PD's IAID, T1, T2 apart from IA_NA's");
	ok(d != NULL && d->n_prefixes_ip == 2 && d->n_prefix_lengths == 2 &&
	    d->n_prefix_preferred_lifetimes == 2 &&
	    d->n_prefix_valid_lifetimes == 2 &&
	    bin_is(d->prefixes_ip[1], a6, 16) && d->prefix_lengths[0] == 56 &&
	    d->prefix_lengths[1] == 64 &&
	    d->prefix_preferred_lifetimes[1] == 4501 &&
	    d->prefix_valid_lifetimes[0] == 7200 &&
	    d->n_ia_addresses_ip == 0, "DHCPv6: IA_PD's prefixes");
	every_cut("DHCPv6", &p, 547, 546);
	/* An IA Prefix one byte short of its prefix is not taken. */
	p.b[4 + 4 + 12 + 2 + 1] = 24;
	p.b[4 + 4 + 12 + 29 + 2 + 1] = 24;
	layer("DHCPv6", p.b, p.n, 547, 546);
	d = named("DHCPv6");
	ok(d != NULL && d->_pd_iaid_case && d->n_prefixes_ip == 0,
	    "DHCPv6: IA Prefix shorter than 25 bytes skipped");

	/* IA_TA: IAID, then IA Address options. */
	p.n = 0;
	u8(&p, 2);
	be24(&p, 0x010203);
	ia.n = 0;
	be32(&ia, 0x02030405);
	be16(&ia, 5);
	be16(&ia, 24);
	raw(&ia, a6, 16);
	be32(&ia, 4500);
	be32(&ia, 7200);
	opt6(&p, 4, ia.b, ia.n);
	layer("DHCPv6", p.b, p.n, 547, 546);
	d = named("DHCPv6");
	ok(d != NULL && d->_ta_iaid_case && d->ta_iaid == 0x02030405 &&
	    !d->_iaid_case && d->n_ia_addresses_ip == 1 &&
	    bin_is(d->ia_addresses_ip[0], a6, 16) &&
	    d->preferred_lifetimes[0] == 4500 && d->valid_lifetimes[0] == 7200,
	    "DHCPv6: IA_TA's IAID and address");

	/* Relay-forward around a Solicit (as a relay agent sends a client's
	 * with a MUD URL, option 112): the relayed message's options are
	 * typed, only the relay's own are listed. */
	ia.n = 0;
	u8(&ia, 1);
	be24(&ia, 0x78244b);
	be16(&ia, 8);
	be16(&ia, 2);
	be16(&ia, 96);
	be16(&ia, 3);
	be16(&ia, 12);
	be32(&ia, 0xebb853c8);
	fill(&ia, 0, 8);
	be16(&ia, 39);
	be16(&ia, 13);
	raw(&ia, "\x01\x0braspberrypi", 13);
	be16(&ia, 112);
	be16(&ia, 8);
	raw(&ia, "https://", 8);
	be16(&ia, 6);
	be16(&ia, 4);
	be32(&ia, 0x00170018);
	p.n = 0;
	u8(&p, 12);
	u8(&p, 0);
	raw(&p, a6, 16);
	fill(&p, 0xfe, 16);
	opt6(&p, 9, ia.b, ia.n);
	opt6(&p, 18, "\0\0\0\x08", 4);
	layer("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->n_options == 2 && d->relay_msg_type == 1 &&
	    !d->_transaction_id_case && d->_elapsed_time_case &&
	    d->elapsed_time == 96 && d->iaid == 0xebb853c8 &&
	    d->_t1_case && d->t1 == 0 && d->fqdn_flags == 1 &&
	    strcmp(d->fqdn, "raspberrypi") == 0 && d->n_oro == 2 &&
	    d->oro[1] == 24, "DHCPv6 relay: the relayed message's options");
	every_cut("DHCPv6", &p, 547, 547);
	/* The same wrapped in a second relay: still read. */
	memcpy(ia.b, p.b, p.n);
	ia.n = p.n;
	p.n = 0;
	u8(&p, 12);
	u8(&p, 1);
	fill(&p, 0, 32);
	opt6(&p, 9, ia.b, ia.n);
	layer("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->relay_msg_type == 12 && d->iaid == 0xebb853c8 &&
	    strcmp(d->fqdn, "raspberrypi") == 0,
	    "DHCPv6 relay in a relay: the innermost message's options");
	/* 40 relays deep: those past 8 are not looked into. */
	ia.n = 0;
	be32(&ia, 0x01000001);
	be16(&ia, 8);
	be16(&ia, 2);
	be16(&ia, 5);
	for (i = 0; i < 40; i++) {
		p.n = 0;
		u8(&p, 12);
		u8(&p, (unsigned)i);
		fill(&p, 0, 32);
		opt6(&p, 9, ia.b, ia.n);
		memcpy(ia.b, p.b, p.n);
		ia.n = p.n;
	}
	layer("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->relay_msg_type == 12 && !d->_elapsed_time_case,
	    "DHCPv6 relay: nesting bounded");

	/* Damage. */
	layer("DHCPv6", (const uint8_t *)"\0abc", 4, 546, 547);
	ok(nrec == 1 && has(why(), "not DHCPv6"), "DHCPv6: type 0: %s",
	    why());
	p.n = 0;
	be32(&p, 0x01000001);
	be16(&p, 1);
	be16(&p, 300);
	str(&p, "xy");
	layer("DHCPv6", p.b, p.n, 546, 547);
	ok(nrec == 2 && has(why(), "option 1 truncated: length 300, 6 left"),
	    "DHCPv6: overrunning option: %s", why());
	p.n = 0;
	be32(&p, 0x01000001);
	for (i = 0; i < 600; i++)
		be32(&p, 0x00200000);
	layer("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->n_options == 512 && has(why(), "more than 512"),
	    "DHCPv6: 600 options: 512 kept, Undecoded for the rest");
	/* 100 IA addresses: 64 kept. */
	ia.n = 0;
	fill(&ia, 0, 12);
	for (i = 0; i < 100; i++) {
		be16(&ia, 5);
		be16(&ia, 24);
		fill(&ia, (unsigned)i, 24);
	}
	p.n = 0;
	be32(&p, 0x07000001);
	opt6(&p, 3, ia.b, ia.n);
	layer("DHCPv6", p.b, p.n, 547, 546);
	d = named("DHCPv6");
	ok(d != NULL && d->n_ia_addresses_ip == 64 &&
	    d->n_valid_lifetimes == 64, "DHCPv6: IA addresses bounded at 64");
	/* A label length past the option. */
	p.n = 0;
	be32(&p, 0x01000001);
	opt6(&p, 39, "\x00\x03""abc\x3fzz", 7);
	layer("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && strcmp(d->fqdn, "abc") == 0,
	    "DHCPv6: FQDN label past the option stops the name");
	/* Label bytes that are no text: dot, NUL, 0xff, space, backslash. */
	p.n = 0;
	be32(&p, 0x01000001);
	opt6(&p, 39, "\x01\x07""a.b\x00\xff \\\x03org", 13);
	layer("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && strcmp(d->fqdn, "a\\.b\\000\\255\\032\\\\.org") == 0,
	    "DHCPv6: FQDN labels escaped as DNS names are: %s",
	    d != NULL ? d->fqdn : "(none)");
}

/* --- NTP ----------------------------------------------------------------- */

static void
test_ntp(void)
{
	Netcap__NTP *n = NULL;
	struct pkt p;

	p.n = 0;
	u8(&p, 0x24 | 0x80);		/* LI 2, v4, server */
	u8(&p, 2);
	u8(&p, 6);
	u8(&p, 0xe9);			/* -23 */
	be32(&p, 0x123);
	be32(&p, 0x456);
	be32(&p, 0xc0000201);
	be32(&p, 0xe9368e60);
	be32(&p, 1);
	be32(&p, 0xe9368e6a);
	be32(&p, 2);
	be32(&p, 0xe9368e6a);
	be32(&p, 3);
	be32(&p, 0xe9368e6a);
	be32(&p, 4);
	be32(&p, 7);			/* key id */
	ok(layer("NTP", p.b, p.n, 123, 123) == 0 && nrec == 1 &&
	    (n = named("NTP")) != NULL, "NTP: one record");
	if (n == NULL)
		return;
	ok(n->_leap_indicator_case && n->leap_indicator == 2 &&
	    n->version == 4 && n->mode == 4 &&
	    n->stratum == 2 && n->poll == 6 && n->precision == -23,
	    "NTP: li, version, mode, stratum, poll, precision");
	ok(n->root_delay == 0x123 && n->root_dispersion == 0x456 &&
	    n->reference_id == 0xc0000201, "NTP: root delay, dispersion, "
	    "refid");
	ok(n->reference_timestamp == 0xe9368e6000000001ULL &&
	    n->origin_timestamp == 0xe9368e6a00000002ULL &&
	    n->receive_timestamp == 0xe9368e6a00000003ULL &&
	    n->transmit_timestamp == 0xe9368e6a00000004ULL,
	    "NTP: the four timestamps, raw");
	ok(bin_is(n->extension_bytes, "\0\0\0\7", 4) && !n->_opcode_case,
	    "NTP: bytes after the header");
	every_cut("NTP", &p, 123, 123);

	p.n = 0;
	u8(&p, 0x16);
	u8(&p, 0xc2);			/* R, E, read variables */
	be16(&p, 5);
	be16(&p, 0x0615);
	be16(&p, 9);
	be16(&p, 0);
	be16(&p, 100);			/* count past the data */
	str(&p, "a=1");
	layer("NTP", p.b, p.n, 123, 50000);
	n = named("NTP");
	ok(n != NULL && n->mode == 6 && n->response && n->error && !n->more &&
	    n->opcode == 2 && n->sequence == 5 && n->status == 0x615 &&
	    n->association_id == 9 && n->offset == 0 && n->count == 100 &&
	    bin_is(n->data, "a=1", 3) && n->extension_bytes.len == 0,
	    "NTP control: all fields, data cut to what is there");
	p.b[11] = 2;			/* count 2: "=1" is the padding */
	layer("NTP", p.b, p.n, 123, 50000);
	n = named("NTP");
	ok(n != NULL && bin_is(n->data, "a=", 2) &&
	    bin_is(n->extension_bytes, "1", 1),
	    "NTP control: bytes after count are extension_bytes");
	layer("NTP", p.b, 11, 123, 50000);
	ok(nrec == 1 && has(why(), "11 of 12"), "NTP control cut: %s", why());

	layer("NTP", (const uint8_t *)"\x17\x00\x03\x2a", 4, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 7 && bin_is(n->data, "\0\3\x2a", 3),
	    "NTP mode 7: first byte's fields and the rest as data");
	ok(n != NULL && !n->_leap_indicator_case && !n->response && !n->more,
	    "NTP mode 7 request: no leap indicator, R and M clear");
	layer("NTP", (const uint8_t *)"\xd7\x00\x03\x2a", 4, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 7 && n->version == 2 &&
	    !n->_leap_indicator_case && n->response && n->more,
	    "NTP mode 7 response: R and M bits, no leap indicator");
	layer("NTP", (const uint8_t *)"\xc8\x00", 2, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 0 && n->_leap_indicator_case &&
	    n->leap_indicator == 3, "NTP mode 0 keeps its leap indicator");
	layer("NTP", (const uint8_t *)"\x03\x00", 2, 123, 123);
	ok(nrec == 1 && has(why(), "not NTP: version 0"), "NTP v0: %s",
	    why());
	layer("NTP", (const uint8_t *)"\x3b", 1, 123, 123);
	ok(nrec == 1 && has(why(), "not NTP: version 7"), "NTP v7: %s",
	    why());
}

/* --- Syslog -------------------------------------------------------------- */

static Netcap__Syslog *
syslog_of(const char *s)
{
	layer("Syslog", (const uint8_t *)s, strlen(s), 40000, 514);
	return named("Syslog");
}

static void
test_syslog(void)
{
	Netcap__Syslog *y;
	struct pkt p;
	static const char *bad[] = { "<192>x", "<01>x", "<>x", "<1234>x",
	    "<13 x", "13>x", "<", "" };
	size_t i;
	int nbad = 0;

	y = syslog_of("<165>1 2003-08-24T05:14:15.000003-07:00 host app 8710 "
	    "ID47 [ex@1 a=\"x\\]\"][y@2] \xef\xbb\xbfhello");
	ok(y != NULL && y->priority == 165 && y->facility == 20 &&
	    y->severity == 5 && y->version == 1 &&
	    strcmp(y->timestamp, "2003-08-24T05:14:15.000003-07:00") == 0 &&
	    strcmp(y->hostname, "host") == 0 &&
	    strcmp(y->app_name, "app") == 0 &&
	    strcmp(y->proc_id, "8710") == 0 &&
	    strcmp(y->msg_id, "ID47") == 0 &&
	    strcmp(y->structured_data, "[ex@1 a=\"x\\]\"][y@2]") == 0 &&
	    strcmp(y->message, "hello") == 0 && y->message_length == 5,
	    "Syslog RFC 5424: every field, escaped ] in SD, BOM dropped");
	y = syslog_of("<34>1 - - - - - -");
	ok(y != NULL && strcmp(y->timestamp, "-") == 0 &&
	    strcmp(y->structured_data, "-") == 0 && y->message[0] == '\0',
	    "Syslog RFC 5424: nil values, no message");
	y = syslog_of("<13>Feb  5 17:32:18 10.0.0.99 sshd[2304]: Accepted");
	ok(y != NULL && y->version == 0 && y->facility == 1 &&
	    strcmp(y->timestamp, "Feb  5 17:32:18") == 0 &&
	    strcmp(y->hostname, "10.0.0.99") == 0 &&
	    strcmp(y->app_name, "sshd") == 0 &&
	    strcmp(y->proc_id, "2304") == 0 &&
	    strcmp(y->message, "Accepted") == 0,
	    "Syslog RFC 3164: timestamp, host, tag, pid, message");
	y = syslog_of("<190>Oct 11 22:14:15 gw a message: with colon");
	ok(y != NULL && strcmp(y->hostname, "gw") == 0 &&
	    y->app_name[0] == '\0' &&
	    strcmp(y->message, "a message: with colon") == 0,
	    "Syslog RFC 3164: no tag when no colon follows the first word");
	y = syslog_of("<0>bare");
	ok(y != NULL && y->priority == 0 && y->timestamp[0] == '\0' &&
	    strcmp(y->message, "bare") == 0, "Syslog: bare message");
	y = syslog_of("<14>1 2020 h a p m [unterminated sd");
	ok(y != NULL && strcmp(y->structured_data, "[unterminated sd") == 0,
	    "Syslog: unterminated SD runs to the end");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		syslog_of(bad[i]);
		if (bad[i][0] != '\0' &&
		    (nrec != 1 || !has(why(), "not syslog")))
			nbad++;
	}
	ok(nbad == 0, "Syslog: bad PRIs are Undecoded");
	p.n = 0;
	str(&p, "<13>");
	fill(&p, 'x', 3000);
	layer("Syslog", p.b, p.n, 514, 514);
	y = named("Syslog");
	ok(y != NULL && y->message_length == 3000 &&
	    strlen(y->message) == 1024, "Syslog: 3000-byte message cut to "
	    "1024, length kept");
	p.n = 0;
	str(&p, "<13>Feb  5 17:32:18 host tag[12]: message");
	every_cut("Syslog", &p, 514, 514);
}

/* --- SIP ----------------------------------------------------------------- */

static void
test_sip(void)
{
	static const char inv[] =
	    "INVITE sip:bob@example.com SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
	    "via: SIP/2.0/UDP b.example.com\r\n"
	    "Max-Forwards: 70\r\n"
	    "To: Bob <sip:bob@example.com>\r\n"
	    "From : Alice <sip:alice@example.com>;tag=1\r\n"
	    "Call-ID:   abc@host  \r\n"
	    " folded continuation\r\n"
	    "CSeq: 1 INVITE\r\n"
	    "Contact: <sip:alice@192.0.2.1>\r\n"
	    "User-Agent: phone/1\r\n"
	    "Content-Type: application/sdp\r\n"
	    "Content-Length: 5\r\n"
	    "\r\n"
	    "v=0\r\n";
	static const char resp[] =
	    "SIP/2.0 486 Busy Here\n"
	    "i: xyz\nf: <sip:a@b>\nt: <sip:c@d>\nv: SIP/2.0/TCP h\n"
	    "m: <sip:e@f>\nc: text/plain\nl: 0\n\n";
	Netcap__SIP *m;
	struct pkt p;
	int i;

	layer("SIP", (const uint8_t *)inv, sizeof inv - 1, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 1 && !m->is_response &&
	    strcmp(m->method, "INVITE") == 0 &&
	    strcmp(m->request_uri, "sip:bob@example.com") == 0 &&
	    strcmp(m->version, "SIP/2.0") == 0 && !m->_status_code_case,
	    "SIP request line");
	if (m == NULL)
		return;
	ok(strcmp(m->via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1") == 0 &&
	    strcmp(m->to, "Bob <sip:bob@example.com>") == 0 &&
	    strcmp(m->from, "Alice <sip:alice@example.com>;tag=1") == 0 &&
	    strcmp(m->call_id, "abc@host") == 0 &&
	    strcmp(m->cseq, "1 INVITE") == 0 &&
	    strcmp(m->contact, "<sip:alice@192.0.2.1>") == 0 &&
	    strcmp(m->user_agent, "phone/1") == 0 &&
	    strcmp(m->content_type, "application/sdp") == 0 &&
	    m->content_length == 5 && m->max_forwards == 70,
	    "SIP headers: first Via, trimmed values");
	ok(m->n_headers == 11 && strcmp(m->headers[0], "Via") == 0 &&
	    strcmp(m->headers[1], "via") == 0 &&
	    strcmp(m->headers[4], "From") == 0 && m->body_size == 5,
	    "SIP: every header name in order, body size");
	layer("SIP", (const uint8_t *)resp, sizeof resp - 1, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 1 && m->is_response && m->status_code == 486 &&
	    strcmp(m->reason, "Busy Here") == 0 &&
	    strcmp(m->call_id, "xyz") == 0 &&
	    strcmp(m->from, "<sip:a@b>") == 0 &&
	    strcmp(m->to, "<sip:c@d>") == 0 &&
	    strcmp(m->via, "SIP/2.0/TCP h") == 0 &&
	    strcmp(m->contact, "<sip:e@f>") == 0 &&
	    strcmp(m->content_type, "text/plain") == 0 &&
	    m->_content_length_case && m->content_length == 0,
	    "SIP response, compact headers, bare LF");
	layer("SIP", (const uint8_t *)"\x16\x03\x01\r\n", 5, 5060, 5060);
	ok(nrec == 1 && has(why(), "not SIP"), "SIP: binary: %s", why());
	/* Keep-alives: a record that says so, nothing Undecoded. */
	layer("SIP", (const uint8_t *)"\r\n\r\n", 4, 5060, 5060);
	m = named("SIP");
	ok(nrec == 1 && m != NULL && m->keep_alive && m->method[0] == '\0' &&
	    !m->is_response && m->src_port == 5060 && m->n_headers == 0,
	    "SIP: CRLFCRLF is a keep-alive record");
	layer("SIP", (const uint8_t *)"     ", 5, 5060, 5060);
	m = named("SIP");
	ok(nrec == 1 && m != NULL && m->keep_alive, "SIP: spaces keep alive");
	layer("SIP", (const uint8_t *)"\r\nX", 3, 5060, 5060);
	ok(nrec == 1 && named("SIP") == NULL && has(why(), "not SIP"),
	    "SIP: CRLF then a byte is not a keep-alive: %s", why());
	p.n = 0;
	str(&p, "INVITE sip:x SIP/2.0\r\n\r\n");
	layer("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && !m->keep_alive, "SIP: a message is no keep-alive");
	/* Latin-1 and a cut UTF-8 sequence in a header: '.' for each byte
	 * that starts no valid sequence, valid UTF-8 kept. */
	p.n = 0;
	str(&p, "INVITE sip:x SIP/2.0\r\n");
	str(&p, "User-Agent: caf\xe9 \xc3\xa9 \xe2\x82\r\n\r\n");
	layer("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && strcmp(m->user_agent, "caf. \xc3\xa9 ..") == 0,
	    "SIP: bytes that are not UTF-8 become '.': %s",
	    m != NULL ? m->user_agent : "");
	layer("SIP", (const uint8_t *)"SIP/2.0 2x0 OK\r\n\r\n", 18, 5060,
	    5060);
	ok(nrec == 1 && has(why(), "bad status code"), "SIP: %s", why());
	layer("SIP", (const uint8_t *)"INVITE sip:x", 12, 5060, 5060);
	ok(nrec == 1 && has(why(), "no line end"), "SIP: %s", why());
	layer("SIP", (const uint8_t *)"BYE sip:x SIP/2.0\r\nTo: a\r\nbad\r\n",
	    30, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 2 && m->n_headers == 1 &&
	    has(why(), "without a colon"), "SIP: header without colon: %s",
	    why());
	p.n = 0;
	str(&p, "OPTIONS sip:x SIP/2.0\r\n");
	for (i = 0; i < 100; i++)
		str(&p, "X-A: 1\r\n");
	str(&p, "Content-Length: 99999999999\r\n\r\n");
	layer("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && m->n_headers == 64 && !m->_content_length_case &&
	    has(why(), "more than 64 headers"),
	    "SIP: 101 headers: 64 names kept; absurd Content-Length dropped");
	p.n = 0;
	str(&p, inv);
	every_cut("SIP", &p, 5060, 5060);
}

/* --- BFD ----------------------------------------------------------------- */

static void
bfd(struct pkt *p, unsigned flags, unsigned len)
{
	p->n = 0;
	u8(p, 0x20 | 3);
	u8(p, 3 << 6 | flags);
	u8(p, 5);
	u8(p, len);
	be32(p, 0x11223344);
	be32(p, 0x55667788);
	be32(p, 300000);
	be32(p, 200000);
	be32(p, 50000);
}

/* Found by UDP port: the single-hop, multihop and micro-BFD (per LAG
 * member link, RFC 7130) ports, from either side. */
static void
test_bfd_ports(void)
{
	static const unsigned port[] = { 3784, 4784, 6784 };
	struct pkt p, u;
	size_t i;

	bfd(&p, 0, 24);
	for (i = 0; i < sizeof port / sizeof port[0]; i++) {
		u.n = 0;
		be16(&u, 49152);
		be16(&u, port[i]);
		be16(&u, (unsigned)(8 + p.n));
		be16(&u, 0);
		raw(&u, p.b, p.n);
		layer("UDP", u.b, u.n, 0, 0);
		ok(named("UDP") != NULL && named("BFD") != NULL && nrec == 2,
		    "BFD on UDP port %u", port[i]);
		u.b[0] = (uint8_t)(port[i] >> 8);
		u.b[1] = (uint8_t)port[i];
		u.b[2] = 0xc0;
		u.b[3] = 0x00;
		layer("UDP", u.b, u.n, 0, 0);
		ok(named("BFD") != NULL && nrec == 2,
		    "BFD from UDP port %u", port[i]);
	}
}

static void
test_bfd(void)
{
	Netcap__BFD *b;
	struct pkt p;

	bfd(&p, 0x3f, 24);
	layer("BFD", p.b, p.n, 49152, 3784);
	b = named("BFD");
	ok(b != NULL && nrec == 2 && b->version == 1 && b->diagnostic == 3 &&
	    b->state == 3 && b->poll && b->final &&
	    b->control_plane_independent && b->auth_present && b->demand &&
	    b->multipoint && b->detect_multiplier == 5 && b->length == 24,
	    "BFD: version, diag, state, P F C A D M, mult, length");
	ok(b != NULL && b->my_discriminator == 0x11223344 &&
	    b->your_discriminator == 0x55667788 &&
	    b->desired_min_tx_interval == 300000 &&
	    b->required_min_rx_interval == 200000 &&
	    b->required_min_echo_rx_interval == 50000 && !b->_auth_type_case,
	    "BFD: discriminators and intervals");
	ok(has(why(), "truncated authentication"), "BFD: A set, no room for "
	    "the section: %s", why());
	bfd(&p, 0x04, 48);
	u8(&p, 2);
	u8(&p, 24);
	u8(&p, 9);
	u8(&p, 0);
	be32(&p, 42);
	fill(&p, 0xaa, 16);
	layer("BFD", p.b, p.n, 49152, 3784);
	b = named("BFD");
	ok(b != NULL && nrec == 1 && b->auth_type == 2 &&
	    b->auth_key_id == 9 && b->auth_sequence == 42,
	    "BFD: keyed MD5 authentication section");
	every_cut("BFD", &p, 49152, 3784);
	bfd(&p, 0, 200);
	layer("BFD", p.b, p.n, 49152, 3784);
	ok(named("BFD") != NULL && nrec == 2 && has(why(), "bad length 200"),
	    "BFD: length past the packet: %s", why());
	bfd(&p, 0, 10);
	layer("BFD", p.b, p.n, 49152, 3784);
	ok(nrec == 2 && has(why(), "bad length 10"), "BFD: short length: %s",
	    why());
	bfd(&p, 0, 24);
	p.b[0] = 0x03;
	layer("BFD", p.b, p.n, 49152, 3784);
	ok(nrec == 1 && has(why(), "not BFD: version 0"), "BFD v0: %s",
	    why());
	test_bfd_ports();
}

/* --- LCM ----------------------------------------------------------------- */

static void
test_lcm(void)
{
	Netcap__LCM *l;
	struct pkt p;

	p.n = 0;
	str(&p, "LC02");
	be32(&p, 7);
	str(&p, "POSE");
	u8(&p, 0);
	fill(&p, 1, 16);
	layer("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->magic == 0x4c433032 &&
	    l->sequence_number == 7 && strcmp(l->channel_name, "POSE") == 0 &&
	    !l->fragmented && l->payload_size == 16 &&
	    !l->_fragment_offset_case, "LCM short message");
	every_cut("LCM", &p, 7667, 7667);
	p.n = 0;
	str(&p, "LC03");
	be32(&p, 8);
	be32(&p, 100000);
	be32(&p, 0);
	be16(&p, 0);
	be16(&p, 70);
	str(&p, "CAM");
	u8(&p, 0);
	fill(&p, 2, 100);
	layer("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->fragmented &&
	    l->payload_size == 100000 && l->fragment_offset == 0 &&
	    l->fragment_number == 0 && l->total_fragments == 70 &&
	    strcmp(l->channel_name, "CAM") == 0, "LCM first fragment");
	p.b[17] = 1;
	layer("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 1 && l->fragment_number == 1 &&
	    l->channel_name[0] == '\0', "LCM later fragment: no channel");
	layer("LCM", p.b, 19, 7667, 7667);
	ok(nrec == 1 && has(why(), "19 of 20"), "LCM fragment cut: %s", why());
	p.n = 0;
	str(&p, "LC02");
	be32(&p, 1);
	fill(&p, 'c', 300);
	layer("LCM", p.b, p.n, 7667, 7667);
	l = named("LCM");
	ok(l != NULL && nrec == 2 && strlen(l->channel_name) == 255 &&
	    has(why(), "not terminated"), "LCM unterminated channel: %s",
	    why());
	p.n = 0;
	str(&p, "LC02");
	be32(&p, 1);
	fill(&p, 'c', 70);
	u8(&p, 0);
	layer("LCM", p.b, p.n, 7667, 7667);
	ok(nrec == 2 && has(why(), "longer than 63"), "LCM long channel: %s",
	    why());
	layer("LCM", (const uint8_t *)"LC04\0\0\0\0", 8, 7667, 7667);
	ok(nrec == 1 && has(why(), "not LCM: magic 0x4c433034"), "LCM: %s",
	    why());
}

/* --- a whole frame: endpoints and flow come from the layers below ------- */

static void
test_frame(void)
{
	static const uint8_t ntp48[48] = { 0x23 };
	struct nc_decoder d;
	struct pkt p;
	Netcap__UDP *u;
	Netcap__NTP *n;
	uint8_t *copy;

	p.n = 0;
	fill(&p, 0xff, 6);
	raw(&p, mac, 6);
	be16(&p, 0x0800);
	be16(&p, 0x4500);
	be16(&p, 20 + 8 + 48);
	be32(&p, 0);
	be16(&p, 0x4011);
	be16(&p, 0);
	raw(&p, ip_c, 4);
	raw(&p, ip_s, 4);
	be16(&p, 40000);
	be16(&p, 123);
	be16(&p, 8 + 48);
	be16(&p, 0);
	raw(&p, ntp48, sizeof ntp48);
	clear();
	if (nc_decoder_init(&d, 1, NULL, 0, collect, NULL) < 0)
		abort();
	if ((copy = malloc(p.n)) == NULL)
		abort();
	memcpy(copy, p.b, p.n);
	ok(nc_decode_packet(&d, 5, 9, copy, p.n, p.n) == 0,
	    "frame: Ethernet, IPv4, UDP, NTP decodes");
	free(copy);
	nc_decoder_free(&d);
	u = named("UDP");
	n = named("NTP");
	ok(u != NULL && n != NULL && n->ts == 5 && n->packet == 9 &&
	    bin_is(n->src_ip, ip_c, 4) && bin_is(n->dst_ip, ip_s, 4) &&
	    n->src_port == 40000 && n->dst_port == 123 && n->flow == u->flow &&
	    n->flow != 0 && n->mode == 3 && n->inner == 0,
	    "frame: NTP record carries ts, packet, endpoints and UDP's flow");
}

int
main(void)
{
	test_dhcpv4();
	test_dhcpv6();
	test_ntp();
	test_syslog();
	test_sip();
	test_bfd();
	test_lcm();
	test_frame();
	clear();
	return tap_done();
}
