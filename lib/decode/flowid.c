/* The bidirectional flow id carried by transport records (ncap(5)).
 *
 * flow = XXH64(key, seed 0), where key is the canonical 5-tuple
 *
 *	addrA || addrB || portA || portB || protocol
 *
 * addrA and addrB are the two IP addresses as on the wire (4 bytes each
 * for IPv4, 16 for IPv6), portA and portB are 16-bit big-endian port
 * numbers, protocol is the one-byte IP protocol number (6 TCP, 17 UDP,
 * 1 ICMP, 58 ICMPv6, 2 IGMP); ICMP, ICMPv6 and IGMP use port 0 on both
 * sides.  (addrA, portA) is the smaller of the two endpoints: addresses
 * are compared first, as byte strings (memcmp), then ports.  The key is
 * 13 bytes long for IPv4 and 37 for IPv6, and the id is the same for both
 * directions of a conversation. */
#include "decode.h"

#include <string.h>
#include <xxhash.h>

int
nc_flow_swapped(const uint8_t *a, const uint8_t *b, size_t alen, uint16_t pa,
    uint16_t pb)
{
	int c = memcmp(a, b, alen);

	return c > 0 || (c == 0 && pa > pb);
}

uint64_t
nc_flow_id(const uint8_t *a, const uint8_t *b, size_t alen, uint16_t pa,
    uint16_t pb, uint8_t proto)
{
	uint8_t key[16 + 16 + 2 + 2 + 1], *k = key;

	if (alen > 16)
		alen = 16;
	if (nc_flow_swapped(a, b, alen, pa, pb)) {
		const uint8_t *t = a;
		uint16_t tp = pa;

		a = b;
		b = t;
		pa = pb;
		pb = tp;
	}
	memcpy(k, a, alen);
	k += alen;
	memcpy(k, b, alen);
	k += alen;
	*k++ = (uint8_t)(pa >> 8);
	*k++ = (uint8_t)pa;
	*k++ = (uint8_t)(pb >> 8);
	*k++ = (uint8_t)pb;
	*k++ = proto;
	return XXH64(key, (size_t)(k - key), 0);
}
