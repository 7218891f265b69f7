/* Unit tests for the DHCPv4 and DHCPv6 decoders: payloads built byte by
 * byte and handed to one decoder through layer_n(); every record is packed
 * and unpacked again before its fields are checked.  Damaged payloads (cut
 * at every length, lying lengths, oversize counts) must give Undecoded
 * records, never a crash. */
#include "dectest.h"

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
	opt4(&p, 60, "MS\0T\xff" "5.0", 8);	/* kept byte for byte */
	opt4(&p, 55, prl, sizeof prl);
	opt4(&p, 15, "example.org", 11);
	opt4(&p, 3, two, 8);
	opt4(&p, 6, two, 8);
	opt4(&p, 1, mask, 4);
	opt4(&p, 82, rai, sizeof rai);
	opt4(&p, 12, "second", 6);	/* only the first one is typed */
	u8(&p, 255);
	fill(&p, 0, 7);
	ok(layer_n("DHCPv4", p.b, p.n, 68, 67) == 0 && nrec == 1 &&
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
	ok(txtcmp(d->server_name, "srv") == 0 &&
	    txtcmp(d->file, "boot.img") == 0 && d->cookie,
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
	ok(txtcmp(d->hostname, "host-1") == 0 &&
	    bin_is(d->vendor_class, "MS\0T\xff" "5.0", 8) &&
	    txtcmp(d->domain_name, "example.org") == 0,
	    "DHCPv4: hostname (first of two), vendor class with its NUL, "
	    "domain name");
	ok(bin_is(d->client_id, cid, sizeof cid) &&
	    bin_is(d->relay_agent_info, rai, sizeof rai),
	    "DHCPv4: client id, relay agent info");
	ok(d->n_params == 6 && d->params[0] == 1 && d->params[5] == 252,
	    "DHCPv4: parameter request list");
	ok(d->n_routers_ip == 2 && bin_is(d->routers_ip[1], two + 4, 4) &&
	    d->n_dns_servers_ip == 2 && bin_is(d->subnet_mask_ip, mask, 4),
	    "DHCPv4: routers, DNS servers, subnet mask");
	ok(!d->_overload_case, "DHCPv4: no overload");
	ok(layer_cuts("DHCPv4", &p, 68, 67), "DHCPv4: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);

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
	layer_n("DHCPv4", p.b, p.n, 67, 68);
	d = named("DHCPv4");
	ok(d != NULL && d->overload == 3 && d->n_options == 5 &&
	    d->options[2]->type == 12 && d->options[4]->type == 15 &&
	    txtcmp(d->hostname, "f") == 0 &&
	    txtcmp(d->domain_name, "s") == 0 && d->server_name.len == 0 &&
	    d->file.len == 0 && nrec == 1,
	    "DHCPv4 overload: file's options, then sname's");

	/* Plain BOOTP: no cookie, no options. */
	bootp(&p, 1, 6, 6, "", "");
	fill(&p, 0, 64);
	layer_n("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && !d->cookie && d->n_options == 0 && nrec == 1 &&
	    d->client_mac.len == 0 && d->client_hw_addr.len == 6,
	    "BOOTP without cookie; htype 6: no client_mac");

	/* hlen past the 16 bytes of chaddr. */
	bootp(&p, 1, 1, 200, "", "");
	layer_n("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->hardware_len == 200 && d->client_hw_addr.len == 16 &&
	    d->client_mac.len == 0, "DHCPv4: hlen 200 keeps chaddr's 16 bytes");

	/* Not DHCP, truncated. */
	bootp(&p, 7, 1, 6, "", "");
	layer_n("DHCPv4", p.b, p.n, 68, 67);
	ok(nrec == 1 && has(reason(0), "not DHCPv4: op 7"), "DHCPv4: op 7: %s",
	    reason(0));
	layer_n("DHCPv4", p.b, 235, 68, 67);
	ok(nrec == 1 && has(reason(0), "truncated header: 235 of 236"),
	    "DHCPv4: 235 bytes: %s", reason(0));

	/* An option longer than the packet. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	opt4(&p, 53, "\x01", 1);
	u8(&p, 12);
	u8(&p, 50);
	str(&p, "abc");
	layer_n("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->n_options == 1 && nrec == 2 &&
	    has(reason(0), "option 12 in options truncated: length 50, 5 left"),
	    "DHCPv4: overrunning option: %s", reason(0));

	/* More options than the record holds. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	at = p.n;
	for (i = 0; i < 600; i++) {
		u8(&p, 200);
		u8(&p, 0);
	}
	layer_n("DHCPv4", p.b, p.n, 68, 67);
	d = named("DHCPv4");
	ok(d != NULL && d->n_options == 512 && has(reason(0), "more than 512") &&
	    at > 0, "DHCPv4: 600 options: 512 kept, Undecoded for the rest");

	/* Wrong lengths for typed options: listed, not typed. */
	bootp(&p, 1, 1, 6, "", "");
	cookie(&p);
	opt4(&p, 53, "\1\1", 2);
	opt4(&p, 50, ip_c, 3);
	opt4(&p, 3, ip_c, 3);
	u8(&p, 255);
	layer_n("DHCPv4", p.b, p.n, 68, 67);
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
	ok(layer_n("DHCPv6", p.b, p.n, 546, 547) == 0 && nrec == 1 &&
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
	ok(layer_cuts("DHCPv6", &p, 546, 547), "DHCPv6: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);

	/* Relay-forward around a Request. */
	p.n = 0;
	u8(&p, 12);
	u8(&p, 3);
	raw(&p, a6, 16);
	fill(&p, 0xfe, 16);
	opt6(&p, 9, "\x03\xab\xcd\xef", 4);
	layer_n("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->msg_type == 12 && d->hop_count == 3 &&
	    !d->_transaction_id_case && bin_is(d->link_ip, a6, 16) &&
	    d->peer_ip.len == 16 && d->relay_msg_type == 3,
	    "DHCPv6 relay: hop count, link and peer address, relayed type");
	layer_n("DHCPv6", p.b, 33, 547, 547);
	ok(nrec == 1 && has(reason(0), "33 of 34"),
	    "DHCPv6 relay cut: %s", reason(0));

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
	layer_n("DHCPv6", p.b, p.n, 547, 546);
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
	ok(layer_cuts("DHCPv6", &p, 547, 546), "DHCPv6: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
	/* An IA Prefix one byte short of its prefix is not taken. */
	p.b[4 + 4 + 12 + 2 + 1] = 24;
	p.b[4 + 4 + 12 + 29 + 2 + 1] = 24;
	layer_n("DHCPv6", p.b, p.n, 547, 546);
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
	layer_n("DHCPv6", p.b, p.n, 547, 546);
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
	layer_n("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->n_options == 2 && d->relay_msg_type == 1 &&
	    !d->_transaction_id_case && d->_elapsed_time_case &&
	    d->elapsed_time == 96 && d->iaid == 0xebb853c8 &&
	    d->_t1_case && d->t1 == 0 && d->fqdn_flags == 1 &&
	    strcmp(d->fqdn, "raspberrypi") == 0 && d->n_oro == 2 &&
	    d->oro[1] == 24, "DHCPv6 relay: the relayed message's options");
	ok(layer_cuts("DHCPv6", &p, 547, 547), "DHCPv6: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
	/* The same wrapped in a second relay: still read. */
	memcpy(ia.b, p.b, p.n);
	ia.n = p.n;
	p.n = 0;
	u8(&p, 12);
	u8(&p, 1);
	fill(&p, 0, 32);
	opt6(&p, 9, ia.b, ia.n);
	layer_n("DHCPv6", p.b, p.n, 547, 547);
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
	layer_n("DHCPv6", p.b, p.n, 547, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->relay_msg_type == 12 && !d->_elapsed_time_case,
	    "DHCPv6 relay: nesting bounded");

	/* Damage. */
	layer_n("DHCPv6", (const uint8_t *)"\0abc", 4, 546, 547);
	ok(nrec == 1 && has(reason(0), "not DHCPv6"), "DHCPv6: type 0: %s",
	    reason(0));
	p.n = 0;
	be32(&p, 0x01000001);
	be16(&p, 1);
	be16(&p, 300);
	str(&p, "xy");
	layer_n("DHCPv6", p.b, p.n, 546, 547);
	ok(nrec == 2 && has(reason(0), "option 1 truncated: length 300, 6 left"),
	    "DHCPv6: overrunning option: %s", reason(0));
	p.n = 0;
	be32(&p, 0x01000001);
	for (i = 0; i < 600; i++)
		be32(&p, 0x00200000);
	layer_n("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && d->n_options == 512 && has(reason(0), "more than 512"),
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
	layer_n("DHCPv6", p.b, p.n, 547, 546);
	d = named("DHCPv6");
	ok(d != NULL && d->n_ia_addresses_ip == 64 &&
	    d->n_valid_lifetimes == 64, "DHCPv6: IA addresses bounded at 64");
	/* A label length past the option. */
	p.n = 0;
	be32(&p, 0x01000001);
	opt6(&p, 39, "\x00\x03""abc\x3fzz", 7);
	layer_n("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && strcmp(d->fqdn, "abc") == 0,
	    "DHCPv6: FQDN label past the option stops the name");
	/* Label bytes that are no text: dot, NUL, 0xff, space, backslash. */
	p.n = 0;
	be32(&p, 0x01000001);
	opt6(&p, 39, "\x01\x07""a.b\x00\xff \\\x03org", 13);
	layer_n("DHCPv6", p.b, p.n, 546, 547);
	d = named("DHCPv6");
	ok(d != NULL && strcmp(d->fqdn, "a\\.b\\000\\255\\032\\\\.org") == 0,
	    "DHCPv6: FQDN labels escaped as DNS names are: %s",
	    d != NULL ? d->fqdn : "(none)");
}

int
main(void)
{
	test_dhcpv4();
	test_dhcpv6();
	clear();
	return tap_done();
}
