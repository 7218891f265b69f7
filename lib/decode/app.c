/* Application layers by well-known port (IANA "Service Name and Transport
 * Protocol Port Number Registry").  A port says what a payload probably
 * is, not what it is: each decoder checks what it is given and reports
 * what does not fit as Undecoded, so a stray flow on port 53 costs an
 * Undecoded record, never a wrong DNS one. */
#include "decode/internal.h"

/* SCTP DATA looks the port up as UDP would, and also finds what is
 * registered for SCTP alone. */
enum { T_UDP = 1, T_TCP = 2, T_BOTH = 3, T_SCTP = 4 };

static const struct port {
	uint16_t port;
	uint8_t on;			/* T_UDP, T_TCP */
	nc_app_fn *fn;
} ports[] = {
	{ 53, T_BOTH, nc_dec_dns },	/* DNS, RFC 1035 */
	{ 67, T_UDP, nc_dec_dhcpv4 },	/* BOOTP server, RFC 2131 */
	{ 68, T_UDP, nc_dec_dhcpv4 },	/* BOOTP client */
	{ 123, T_UDP, nc_dec_ntp },	/* RFC 5905 */
	{ 137, T_UDP, nc_dec_nbns },	/* NetBIOS name service, RFC 1002 */
	{ 161, T_UDP, nc_dec_snmp },	/* RFC 3416 */
	{ 162, T_UDP, nc_dec_snmp },	/* traps */
	{ 443, T_UDP, nc_dec_quic },	/* QUIC, RFC 9000 */
	{ 502, T_TCP, nc_dec_modbus },	/* Modbus/TCP */
	{ 514, T_UDP, nc_dec_syslog },	/* RFC 3164, RFC 5424 */
	{ 546, T_UDP, nc_dec_dhcpv6 },	/* RFC 8415 client */
	{ 547, T_UDP, nc_dec_dhcpv6 },	/* server and relay */
	{ 2222, T_UDP, nc_dec_enip },	/* EtherNet/IP implicit I/O */
	{ 3784, T_UDP, nc_dec_bfd },	/* single hop, RFC 5881 */
	{ 3868, T_TCP | T_SCTP, nc_dec_diameter }, /* RFC 6733 */
	{ 4433, T_UDP, nc_dec_quic },	/* QUIC test servers */
	{ 4784, T_UDP, nc_dec_bfd },	/* multihop, RFC 5883 */
	{ 4789, T_UDP, nc_dec_vxlan },	/* RFC 7348 */
	{ 5060, T_BOTH, nc_dec_sip },	/* RFC 3261 */
	{ 5353, T_UDP, nc_dec_dns },	/* mDNS, RFC 6762 */
	{ 5355, T_BOTH, nc_dec_dns },	/* LLMNR, RFC 4795 */
	{ 6081, T_UDP, nc_dec_geneve },	/* RFC 8926 */
	{ 6635, T_UDP, nc_dec_mpls_udp }, /* MPLS in UDP, RFC 7510 */
	{ 6784, T_UDP, nc_dec_bfd },	/* micro-BFD on LAG members, RFC 7130 */
	{ 7667, T_UDP, nc_dec_lcm },	/* LCM's default multicast port */
	{ 8443, T_UDP, nc_dec_quic },	/* QUIC, HTTP/3 alternative port */
	{ 8472, T_UDP, nc_dec_vxlan },	/* Linux's VXLAN port before 4789 */
	{ 44818, T_BOTH, nc_dec_enip },	/* EtherNet/IP explicit messaging */
};

static nc_app_fn *
lookup(unsigned port, int on)
{
	size_t lo = 0, hi = sizeof ports / sizeof ports[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ports[mid].port == port)
			return ports[mid].on & on ? ports[mid].fn : NULL;
		if (ports[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
nc_dec_app(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned sport, unsigned dport, unsigned proto)
{
	struct nc_app a;
	nc_app_fn *fn;
	int on = proto == 6 ? T_TCP : proto == 132 ? T_UDP | T_SCTP : T_UDP;

	if (k->rc != 0 || nc_cur_left(c) == 0)
		return;
	/* The lower port first: a client's ephemeral port may collide with a
	 * registered one, a server's well-known port rarely does. */
	fn = lookup(sport < dport ? sport : dport, on);
	if (fn == NULL)
		fn = lookup(sport < dport ? dport : sport, on);
	if (fn == NULL)
		return;
	a.ip = ip;
	a.sport = sport;
	a.dport = dport;
	a.proto = proto;
	a.layer = proto == 6 ? "TCP" : proto == 132 ? "SCTP" : "UDP";
	a.flow = nc_dec_flow(ip, (uint16_t)sport, (uint16_t)dport,
	    (uint8_t)proto);
	fn(k, c, &a);
}
