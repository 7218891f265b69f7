/* The dispatch table: which decoder a key hands its bytes to, for every key
 * space, one line per key.  This file is a list of macro calls, read
 * several times with different definitions of the macros (an "X macro"):
 *
 *	internal.h	declares every function named here, so a decoder
 *			needs no prototype of its own;
 *	dispatch.c	builds one array per key space and, for the spaces
 *			every packet goes through (link type, ethertype, IP
 *			protocol, port), a direct index from key to line:
 *			a lookup is one load, or a binary search in the
 *			others; nothing is built or allocated at run time;
 *	layers.c	builds the list of layers that tests and fuzzing
 *			reach by name (nc_decode_layer).
 *
 * Adding a protocol is its decoder file, a line here and its record in the
 * schema.  A key has one line, written as a number (in the indexed spaces
 * it also names an enumerator, so a key written twice fails the build),
 * and the lines of each key space are sorted by key (a unit test checks
 * both).
 *
 * The form of a line is space(key, [transports,] layer, decoder):
 *
 *	NC_LINK(dlt, layer, fn)		link type (pcap_datalink())
 *	NC_ETHERTYPE(type, layer, fn)	ethertype, for every link layer that
 *					carries one (Ethernet, SLL, 802.1Q,
 *					SNAP, GRE, Geneve, Cisco HDLC)
 *	NC_PPP(proto, layer, fn)	PPP protocol field
 *	NC_IPPROTO(proto, layer, fn)	IPv4 protocol, IPv6 last next header
 *	NC_PORT(port, on, layer, fn)	transport port; on is NC_UDP, NC_TCP,
 *					NC_SCTP or several of them or'ed;
 *					the lower port of a packet is looked
 *					up first, then the higher one, and
 *					a port on another transport is no
 *					match
 *	NC_PROBE(on, layer, probe, fn)	content probe: when neither port
 *					matched, probe(c) says from the first
 *					bytes whether fn should have them.
 *					Probes run in the order written, the
 *					first yes wins.  Register one only
 *					where a yes is certain: a wrong yes
 *					turns an unknown payload into a
 *					wrong record
 *
 * fn is an nc_frame_fn (link types, ethertypes, PPP protocols), nc_ip_fn
 * (IP protocols) or nc_app_fn (ports, probes): see internal.h.  A decoder
 * that needs an argument besides its bytes (USB's header size, the TPID
 * of a VLAN tag) gets a one-line wrapper in its own file.
 *
 * layer names the line for nc_decode_layer() and the fuzz seeds
 * (fuzz/seeds/layer-NAME), or is NULL when the line adds nothing a test
 * could not reach by another name.  Lines that share a layer name share
 * the decoder; a port layer is decoded with the transport of the first
 * line that names it (the first of NC_UDP, NC_TCP, NC_SCTP it has).
 * NC_LAYER_FRAME and NC_LAYER_APP make layers only: for the decoders no
 * key reaches directly (another decoder calls them), and for a port's
 * decoder over another transport than its line's first.
 *
 * Stream analyzers that see reassembled TCP (open, data in a direction,
 * gap, close) will take the same form: a key space of their own, keyed by
 * port with the same lower-port-first rule, and probes for the streams no
 * port names, e.g. NC_STREAM(port, NC_TCP, layer, analyzer) and
 * NC_STREAM_PROBE(NC_TCP, layer, probe, analyzer) with analyzer a struct
 * of the four functions.
 */
#ifndef NC_LINK
#define NC_LINK(dlt, layer, fn)
#endif
#ifndef NC_ETHERTYPE
#define NC_ETHERTYPE(type, layer, fn)
#endif
#ifndef NC_PPP
#define NC_PPP(proto, layer, fn)
#endif
#ifndef NC_IPPROTO
#define NC_IPPROTO(proto, layer, fn)
#endif
#ifndef NC_PORT
#define NC_PORT(port, on, layer, fn)
#endif
#ifndef NC_PROBE
#define NC_PROBE(on, layer, probe, fn)
#endif
#ifndef NC_LAYER_FRAME
#define NC_LAYER_FRAME(layer, fn)
#endif
#ifndef NC_LAYER_APP
#define NC_LAYER_APP(layer, on, fn)
#endif

/* Link types: the DLT_ values libpcap reports on Linux, and the LINKTYPE_
 * values files carry where they differ (tcpdump.org/linktypes.html). */
NC_LINK(0, "Null", nc_dec_null)		/* BSD loopback, host byte order */
NC_LINK(1, "Ethernet", nc_dec_ethernet)
NC_LINK(9, "PPP", nc_dec_ppp)
NC_LINK(12, "Raw", nc_dec_raw)		/* raw IP */
NC_LINK(14, "Raw", nc_dec_raw)		/* raw IP on OpenBSD */
NC_LINK(50, "PPPSerial", nc_dec_ppp_serial) /* HDLC-like framing, or
					 * Cisco HDLC */
NC_LINK(51, "PPPoE", nc_dec_pppoe)	/* PPPoE header first */
NC_LINK(101, "Raw", nc_dec_raw)		/* LINKTYPE_RAW */
NC_LINK(104, "CHDLC", nc_dec_chdlc)
NC_LINK(105, "Dot11", nc_dec_dot11)
NC_LINK(108, "Loop", nc_dec_loop)	/* OpenBSD loopback, network order */
NC_LINK(113, "SLL", nc_dec_sll)		/* Linux cooked capture */
NC_LINK(127, "RadioTap", nc_dec_radiotap) /* radiotap, then 802.11 */
NC_LINK(189, "USB", nc_dec_usb)		/* usbmon, 48-byte header */
NC_LINK(204, "PPPDir", nc_dec_ppp_dir)	/* direction byte, then PPP */
NC_LINK(220, "USBmmap", nc_dec_usb_mmapped) /* usbmon, 64-byte header */
NC_LINK(228, "IPv4", nc_dec_ipv4)
NC_LINK(229, "IPv6", nc_dec_ipv6)
NC_LINK(276, "SLL2", nc_dec_sll2)

/* Ethertypes (IEEE Registration Authority).  Ethernet in Ethernet (0x6558)
 * is a tunnel back into this dispatch: nc_dec_ethertype() bounds its
 * nesting before the lookup. */
NC_ETHERTYPE(0x0800, "IPv4", nc_dec_ipv4)
NC_ETHERTYPE(0x0806, "ARP", nc_dec_arp)
NC_ETHERTYPE(0x6558, "Ethernet", nc_dec_ethernet) /* transparent Ethernet
					 * bridging (GRE) */
NC_ETHERTYPE(0x8035, "ARP", nc_dec_arp)	/* RARP */
NC_ETHERTYPE(0x8100, "Dot1Q", nc_dec_dot1q)
NC_ETHERTYPE(0x86dd, "IPv6", nc_dec_ipv6)
NC_ETHERTYPE(0x880b, "PPP", nc_dec_ppp)	/* PPTP's GRE, RFC 2637 */
NC_ETHERTYPE(0x8847, "MPLS", nc_dec_mpls)
NC_ETHERTYPE(0x8848, "MPLS", nc_dec_mpls) /* multicast */
NC_ETHERTYPE(0x8863, "PPPoE", nc_dec_pppoe) /* discovery, RFC 2516 */
NC_ETHERTYPE(0x8864, "PPPoE", nc_dec_pppoe) /* session */
NC_ETHERTYPE(0x888e, "EAPOL", nc_dec_eapol) /* 802.1X */
NC_ETHERTYPE(0x88a8, NULL, nc_dec_dot1ad) /* QinQ service tag */
NC_ETHERTYPE(0x88cc, "LLDP", nc_dec_lldp) /* 802.1AB */
NC_ETHERTYPE(0x9100, NULL, nc_dec_qinq_9100) /* pre-standard QinQ */

/* PPP protocols (IANA "PPP DLL Protocol Numbers").  Control protocols
 * (LCP, PAP, CHAP, the NCPs) are part of the PPP record itself. */
NC_PPP(0x0021, "IPv4", nc_dec_ipv4)
NC_PPP(0x0057, "IPv6", nc_dec_ipv6)
NC_PPP(0x0281, "MPLS", nc_dec_mpls)
NC_PPP(0x0283, "MPLS", nc_dec_mpls)	/* multicast */
NC_PPP(0xc227, "EAP", nc_dec_eap)

/* IP protocols (IANA "Assigned Internet Protocol Numbers").  IP in IP and
 * Ethernet in IP are tunnels back into the link and IP dispatch: their
 * records carry inner + 1. */
NC_IPPROTO(1, "ICMPv4", nc_dec_icmp4)
NC_IPPROTO(2, "IGMP", nc_dec_igmp)
NC_IPPROTO(4, NULL, nc_dec_ipv4_in_ip)	/* RFC 2003 */
NC_IPPROTO(6, "TCP", nc_dec_tcp)
NC_IPPROTO(17, "UDP", nc_dec_udp)
NC_IPPROTO(41, NULL, nc_dec_ipv6_in_ip)	/* RFC 4213 */
NC_IPPROTO(47, "GRE", nc_dec_gre)
NC_IPPROTO(50, "IPSecESP", nc_dec_ipsec_esp)
NC_IPPROTO(51, "IPSecAH", nc_dec_ipsec_ah)
NC_IPPROTO(58, "ICMPv6", nc_dec_icmp6)
NC_IPPROTO(89, "OSPF", nc_dec_ospf)
NC_IPPROTO(112, "VRRP", nc_dec_vrrp)
NC_IPPROTO(132, "SCTP", nc_dec_sctp)
NC_IPPROTO(143, NULL, nc_dec_ethernet_in_ip) /* RFC 8986 End.DX2 */

/* Well-known ports (IANA "Service Name and Transport Protocol Port Number
 * Registry").  A port says what a payload probably is, not what it is:
 * each decoder checks what it is given and reports what does not fit as
 * Undecoded, so a stray flow on port 53 costs an Undecoded record, never a
 * wrong DNS one.  SCTP DATA looks a port up as UDP would, and also finds
 * what is registered for SCTP alone. */
NC_PORT(53, NC_UDP | NC_TCP, "DNS", nc_dec_dns) /* RFC 1035 */
NC_PORT(67, NC_UDP, "DHCPv4", nc_dec_dhcpv4) /* BOOTP server, RFC 2131 */
NC_PORT(68, NC_UDP, "DHCPv4", nc_dec_dhcpv4) /* BOOTP client */
NC_PORT(123, NC_UDP, "NTP", nc_dec_ntp)	/* RFC 5905 */
NC_PORT(137, NC_UDP, "NBNS", nc_dec_nbns) /* NetBIOS names, RFC 1002 */
NC_PORT(161, NC_UDP, "SNMP", nc_dec_snmp) /* RFC 3416 */
NC_PORT(162, NC_UDP, "SNMP", nc_dec_snmp) /* traps */
NC_PORT(443, NC_UDP, "QUIC", nc_dec_quic) /* RFC 9000 */
NC_PORT(502, NC_TCP, "Modbus", nc_dec_modbus) /* Modbus/TCP */
NC_PORT(514, NC_UDP, "Syslog", nc_dec_syslog) /* RFC 3164, RFC 5424 */
NC_PORT(546, NC_UDP, "DHCPv6", nc_dec_dhcpv6) /* RFC 8415 client */
NC_PORT(547, NC_UDP, "DHCPv6", nc_dec_dhcpv6) /* server and relay */
NC_PORT(2222, NC_UDP, NULL, nc_dec_enip) /* EtherNet/IP implicit I/O */
NC_PORT(3784, NC_UDP, "BFD", nc_dec_bfd) /* single hop, RFC 5881 */
NC_PORT(3868, NC_TCP | NC_SCTP, "Diameter", nc_dec_diameter) /* RFC 6733 */
NC_PORT(4433, NC_UDP, "QUIC", nc_dec_quic) /* QUIC test servers */
NC_PORT(4784, NC_UDP, "BFD", nc_dec_bfd) /* multihop, RFC 5883 */
NC_PORT(4789, NC_UDP, "VXLAN", nc_dec_vxlan) /* RFC 7348 */
NC_PORT(5060, NC_UDP | NC_TCP, "SIP", nc_dec_sip) /* RFC 3261 */
NC_PORT(5353, NC_UDP, NULL, nc_dec_dns) /* mDNS, RFC 6762 */
NC_PORT(5355, NC_UDP | NC_TCP, NULL, nc_dec_dns) /* LLMNR, RFC 4795 */
NC_PORT(6081, NC_UDP, "Geneve", nc_dec_geneve) /* RFC 8926 */
NC_PORT(6635, NC_UDP, "MPLSUDP", nc_dec_mpls_udp) /* RFC 7510 */
NC_PORT(6784, NC_UDP, "BFD", nc_dec_bfd) /* micro-BFD on LAG members,
					 * RFC 7130 */
NC_PORT(7667, NC_UDP, "LCM", nc_dec_lcm) /* LCM's default multicast port */
NC_PORT(8443, NC_UDP, "QUIC", nc_dec_quic) /* HTTP/3 alternative port */
NC_PORT(8472, NC_UDP, "VXLAN", nc_dec_vxlan) /* Linux's port before 4789 */
NC_PORT(44818, NC_UDP | NC_TCP, NULL, nc_dec_enip) /* explicit messaging */

/* Content probes: none yet.  A QUIC long header with a version the QUIC
 * decoder knows, or a SIP start line, would qualify. */

/* Layers no line above names: decoders that other decoders call, and
 * port decoders tested over a transport other than their line's first. */
NC_LAYER_FRAME("LLC", llc_ethernet)		/* after an 802.3 length */
NC_LAYER_FRAME("STP", nc_dec_stp)		/* LLC SAP 0x42 */
NC_LAYER_FRAME("CDP", nc_dec_cdp)		/* SNAP, Cisco OUI */
NC_LAYER_APP("CIP", NC_TCP, nc_dec_cip)		/* in an EtherNet/IP item */
NC_LAYER_APP("DNSTCP", NC_TCP, nc_dec_dns)	/* length-prefixed */
NC_LAYER_APP("ENIP", NC_TCP, nc_dec_enip)	/* explicit messaging */
NC_LAYER_APP("QUICPlain", NC_UDP, nc_dec_quic_plain) /* QUIC's frames,
						 * decrypted */

#undef NC_LINK
#undef NC_ETHERTYPE
#undef NC_PPP
#undef NC_IPPROTO
#undef NC_PORT
#undef NC_PROBE
#undef NC_LAYER_FRAME
#undef NC_LAYER_APP
