/* Telnet option negotiation (RFC 854, RFC 855) taken out of a direction's
 * bytes, so that what is left is the text a user saw or typed.
 *
 *	IAC IAC			a literal 0xff
 *	IAC WILL/WONT/DO/DONT opt	negotiation: 3 bytes
 *	IAC SB opt ... IAC SE	subnegotiation: dropped whole
 *	IAC cmd			any other command (NOP, GA, AYT ...): 2 bytes
 *
 * The state carries over between calls, so a command may be split
 * anywhere.  A subnegotiation longer than NC_TELNET_SB_MAX bytes is taken
 * to have ended there (counted in cuts): one never terminated would
 * otherwise hide the rest of the connection. */
#ifndef NC_TCPAPP_TELNET_H
#define NC_TCPAPP_TELNET_H

#include <stddef.h>
#include <stdint.h>

#define NC_TELNET_SB_MAX	1024

struct nc_telnet_iac {
	uint8_t state;
	uint32_t sb;			/* bytes of the subnegotiation so far */
	uint64_t cuts;			/* subnegotiations cut at the bound */
};

/* The text of in[0, n) into out, which has room for n bytes; its length.
 * A zeroed struct is the state at the start of a direction. */
size_t nc_telnet_strip(struct nc_telnet_iac *t, const uint8_t *in, size_t n,
    uint8_t *out);

#endif
