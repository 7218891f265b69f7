/* Domain names as DNS (RFC 1035 3.1, 4.1.4) and NetBIOS (RFC 1002 4.1)
 * messages carry them: reading with decompression, and presentation form.
 * Private to lib/decode (dns.c, nbns.c; dhcpv6.c escapes with it). */
#ifndef NC_DECODE_DNSNAME_H
#define NC_DECODE_DNSNAME_H

#include <stddef.h>
#include <stdint.h>

#include "decode/cursor.h"

#define NC_DNS_NAME_MAX		255	/* wire bytes, length bytes included */
#define NC_DNS_HOPS_MAX		64	/* compression pointers in one name */
/* Presentation form of the longest name: every byte as \DDD, and a NUL. */
#define NC_DNS_TEXT_MAX		(4 * NC_DNS_NAME_MAX + 1)

struct nc_dns_name {
	uint8_t wire[NC_DNS_NAME_MAX];	/* labels, each after its length
					 * byte, ending with the root's 0 */
	size_t len;
};

/* Reads the name at c, a window inside the message msg (compression
 * pointers count from msg's start), and steps c over the name's bytes in
 * place.  Returns NULL, or why the name is bad (c is then unusable). */
const char *nc_dns_name_read(const struct nc_cur *msg, struct nc_cur *c,
    struct nc_dns_name *n);
/* Writes n's presentation form ("www.example.com", "." for the root) to
 * out, which has room for NC_DNS_TEXT_MAX bytes; returns its length. */
size_t nc_dns_name_text(const struct nc_dns_name *n, char *out);
/* Writes p[0..len) escaped to out (room for 4 * len + 1 bytes) and returns
 * the length: "\\" and bytes outside 0x21-0x7e (label, also ".") or
 * 0x20-0x7e (text) become \DDD or a backslash pair. */
size_t nc_dns_escape(const uint8_t *p, size_t len, int label, char *out);

#endif
