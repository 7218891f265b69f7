/* Product and version from a banner or header value, as Zeek's software
 * framework parses them (Software::parse in base/frameworks/software):
 * "Apache/2.4.41 (Ubuntu)" is Apache 2.4.41 with addl "Ubuntu", a
 * browser's User-Agent is the browser it names ("Mozilla/5.0 ...
 * Firefox/89.0" is Firefox 89.0).  Zeek's regular expressions are
 * followed by hand, including where they are odd, so that the records
 * compare with Zeek's software.log; nothing is allocated. */
#ifndef NC_TCPAPP_VERSION_H
#define NC_TCPAPP_VERSION_H

#include <stddef.h>
#include <stdint.h>

#define NC_VERSION_TEXT	256	/* bytes of a banner read; the rest is cut */

enum { NC_V_MAJOR = 1, NC_V_MINOR = 2, NC_V_MINOR2 = 4, NC_V_MINOR3 = 8 };

struct nc_version {
	/* The product; may be empty.  Percent escapes are decoded first
	 * (as Zeek's unescape_URI), so it need not be a slice of the input. */
	uint8_t name[NC_VERSION_TEXT];
	size_t nname;
	unsigned has;			/* NC_V_* of the numbers found */
	uint64_t num[4];		/* major, minor, minor2, minor3 */
	uint8_t addl[NC_VERSION_TEXT];
	size_t naddl;
};

/* Parses the n bytes at p into v (the first NC_VERSION_TEXT of them). */
void nc_version_parse(const uint8_t *p, size_t n, struct nc_version *v);

/* The SSH identification "SSH-2.0-OpenSSH_8.2p1 x" without its protocol
 * part, as Zeek hands it to the parser: the first "SSH" and the run of
 * digits, dots and dashes after it (at least min bytes of them: Zeek asks
 * 1 of a client's, 2 of a server's) are cut out.  Writes at most cap
 * bytes to out and returns how many. */
size_t nc_version_ssh_clean(const uint8_t *p, size_t n, size_t min,
    uint8_t *out, size_t cap);

#endif
