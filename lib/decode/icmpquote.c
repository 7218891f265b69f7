/* The packet an ICMP or ICMPv6 error quotes: destination unreachable,
 * source quench, redirect, time exceeded and parameter problem (RFC 792),
 * packet too big (RFC 4443 3.2).  RFC 792 asks for the invoking IP header
 * and the first 64 bits after it; RFC 1812 4.3.2.3 and RFC 4443 2.4 (c)
 * let a sender quote as much as fits in 576 or 1280 bytes, and RFC 4884
 * may follow the quote with extension objects.
 *
 * The quote is decoded by the usual decoders into records whose "quoted"
 * field is 1, right after the error's own record, with these differences
 * (nc-decode(1), "ICMP errors"):
 *
 *  - the quoted IP header's lengths are believed, as the sender cut the
 *    copy, not the wire: a UDP length past the quote is no error, and a
 *    TCP header cut after 8 bytes still gives its ports and sequence
 *    number (tcp.c);
 *  - a quoted fragment never joins a reassembly (ipfrag.c), and nothing
 *    above TCP, UDP or SCTP is decoded (app.c): a quote changes no state
 *    a real packet of its conversation would find;
 *  - one level: the quote inside a quoted error is left as bytes, so a
 *    chain of errors quoting errors cannot recurse (tshark 4.0 follows
 *    such a chain as deep as it goes).
 *
 * The records keep the flow id of the quoted packet's own addresses and
 * ports, so an error joins the conversation it is about. */
#include "decode/internal.h"

void
nc_dec_icmp_quote(struct nc_pkt *k, struct nc_cur *c, int v6)
{
	if (k->quoted > 0 || k->rc != 0 || nc_cur_left(c) == 0)
		return;
	k->quoted++;
	/* An ICMPv4 quote goes where its version nibble says, an ICMPv6
	 * quote is IPv6 (RFC 4443 2.4): tshark does the same. */
	if (v6 || nc_cur_peek(c, 0) >> 4 == 6)
		nc_dec_ipv6(k, c);
	else
		nc_dec_ipv4(k, c);
	k->quoted--;
}
