/* Decoding from a named layer instead of a link type: what fuzz harnesses
 * and unit tests use to reach one decoder with bytes of their choosing.
 * The layers below are imagined: IPv4 addresses 192.0.2.1 and 192.0.2.2,
 * and the caller's ports. */
#include "decode/internal.h"
#include "decode/quic.h"

#include <string.h>
#include <strings.h>

enum { L_ETHERTYPE, L_IPPROTO, L_APP, L_LINK };

typedef void eth_fn(struct nc_pkt *, struct nc_cur *);
typedef void ip_fn(struct nc_pkt *, struct nc_cur *, const struct nc_ip *);

static void
usb48(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_usb(k, c, 0);
}

static void
usb64(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_usb(k, c, 1);
}

static void
llc(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_llc(k, c, "Ethernet");
}

static const struct layer {
	const char *name;
	int kind;
	eth_fn *eth;
	ip_fn *ip;
	nc_app_fn *app;
	unsigned proto;			/* L_APP: 6 or 17 */
} layers[] = {
	{ "Ethernet", L_LINK, nc_dec_ethernet, NULL, NULL, 0 },
	{ "LLC", L_LINK, llc, NULL, NULL, 0 },
	{ "LLDP", L_ETHERTYPE, nc_dec_lldp, NULL, NULL, 0 },
	{ "EAPOL", L_ETHERTYPE, nc_dec_eapol, NULL, NULL, 0 },
	{ "MPLS", L_ETHERTYPE, nc_dec_mpls, NULL, NULL, 0 },
	{ "STP", L_ETHERTYPE, nc_dec_stp, NULL, NULL, 0 },
	{ "CDP", L_ETHERTYPE, nc_dec_cdp, NULL, NULL, 0 },
	{ "EAP", L_ETHERTYPE, nc_dec_eap, NULL, NULL, 0 },
	{ "Dot11", L_LINK, nc_dec_dot11, NULL, NULL, 0 },
	{ "RadioTap", L_LINK, nc_dec_radiotap, NULL, NULL, 0 },
	{ "USB", L_LINK, usb48, NULL, NULL, 0 },
	{ "USBmmap", L_LINK, usb64, NULL, NULL, 0 },
	{ "PPP", L_LINK, nc_dec_ppp, NULL, NULL, 0 },
	{ "PPPoE", L_LINK, nc_dec_pppoe, NULL, NULL, 0 },
	{ "CHDLC", L_LINK, nc_dec_chdlc, NULL, NULL, 0 },
	{ "IPv4", L_LINK, nc_dec_ipv4, NULL, NULL, 0 },
	{ "IPv6", L_LINK, nc_dec_ipv6, NULL, NULL, 0 },
	{ "GRE", L_IPPROTO, NULL, nc_dec_gre, NULL, 0 },
	{ "IPSecAH", L_IPPROTO, NULL, nc_dec_ipsec_ah, NULL, 0 },
	{ "IPSecESP", L_IPPROTO, NULL, nc_dec_ipsec_esp, NULL, 0 },
	{ "OSPF", L_IPPROTO, NULL, nc_dec_ospf, NULL, 0 },
	{ "VRRP", L_IPPROTO, NULL, nc_dec_vrrp, NULL, 0 },
	{ "SCTP", L_IPPROTO, NULL, nc_dec_sctp, NULL, 0 },
	{ "TCP", L_IPPROTO, NULL, nc_dec_tcp, NULL, 0 },
	{ "UDP", L_IPPROTO, NULL, nc_dec_udp, NULL, 0 },
	{ "DNS", L_APP, NULL, NULL, nc_dec_dns, 17 },
	{ "DNSTCP", L_APP, NULL, NULL, nc_dec_dns, 6 },
	{ "NBNS", L_APP, NULL, NULL, nc_dec_nbns, 17 },
	{ "DHCPv4", L_APP, NULL, NULL, nc_dec_dhcpv4, 17 },
	{ "DHCPv6", L_APP, NULL, NULL, nc_dec_dhcpv6, 17 },
	{ "NTP", L_APP, NULL, NULL, nc_dec_ntp, 17 },
	{ "SNMP", L_APP, NULL, NULL, nc_dec_snmp, 17 },
	{ "SIP", L_APP, NULL, NULL, nc_dec_sip, 17 },
	{ "Syslog", L_APP, NULL, NULL, nc_dec_syslog, 17 },
	{ "Modbus", L_APP, NULL, NULL, nc_dec_modbus, 6 },
	{ "ENIP", L_APP, NULL, NULL, nc_dec_enip, 6 },
	{ "CIP", L_APP, NULL, NULL, nc_dec_cip, 6 },
	{ "Diameter", L_APP, NULL, NULL, nc_dec_diameter, 6 },
	{ "BFD", L_APP, NULL, NULL, nc_dec_bfd, 17 },
	{ "LCM", L_APP, NULL, NULL, nc_dec_lcm, 17 },
	{ "VXLAN", L_APP, NULL, NULL, nc_dec_vxlan, 17 },
	{ "Geneve", L_APP, NULL, NULL, nc_dec_geneve, 17 },
	{ "QUIC", L_APP, NULL, NULL, nc_dec_quic, 17 },
	{ "QUICPlain", L_APP, NULL, NULL, nc_dec_quic_plain, 17 },
};

const char *
nc_decode_layer_name(size_t i)
{
	return i < sizeof layers / sizeof layers[0] ? layers[i].name : NULL;
}

int
nc_decode_layer(struct nc_decoder *d, const char *name, const uint8_t *p,
    size_t n, unsigned sport, unsigned dport)
{
	static const uint8_t src[4] = { 192, 0, 2, 1 }, dst[4] = { 192, 0, 2, 2 };
	const struct layer *l = NULL;
	struct nc_pkt k;
	struct nc_cur c = nc_cur_make(p, n);
	struct nc_ip ip;
	struct nc_app a;
	size_t i;

	for (i = 0; i < sizeof layers / sizeof layers[0]; i++)
		if (strcasecmp(layers[i].name, name) == 0)
			l = &layers[i];
	if (l == NULL)
		return -1;
	memset(&k, 0, sizeof k);
	k.d = d;
	k.ts = 1;
	k.packet = 1;
	k.frame = p;
	k.caplen = k.wirelen = n;
	ip.src = src;
	ip.dst = dst;
	ip.alen = 4;
	ip.declared = n;
	ip.layer = "IPv4";
	ip.first_frag = 0;
	switch (l->kind) {
	case L_ETHERTYPE:
	case L_LINK:
		l->eth(&k, &c);
		break;
	case L_IPPROTO:
		l->ip(&k, &c, &ip);
		break;
	case L_APP:
		a.ip = &ip;
		a.sport = sport;
		a.dport = dport;
		a.proto = l->proto;
		a.layer = l->proto == 6 ? "TCP" : "UDP";
		a.flow = nc_dec_flow(&ip, (uint16_t)sport, (uint16_t)dport,
		    (uint8_t)l->proto);
		l->app(&k, &c, &a);
		break;
	}
	return k.rc;
}
