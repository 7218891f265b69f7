/* Community ID v1 (communityid.h). */
#include "flow/communityid.h"

#include <string.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "decode/decode.h"

enum { ICMP = 1, TCP = 6, UDP = 17, ICMP6 = 58, SCTP = 132 };

/* The type a request or reply pairs with, or -1: a one-way message. */
static int
counterpart(uint8_t proto, uint16_t type)
{
	static const uint8_t v4[][2] = {
		{ 8, 0 }, { 13, 14 }, { 15, 16 }, { 10, 9 }, { 17, 18 },
	};
	static const uint8_t v6[][2] = {
		{ 128, 129 }, { 130, 131 }, { 133, 134 }, { 135, 136 },
		{ 139, 140 }, { 144, 145 },
	};
	const uint8_t (*t)[2] = proto == ICMP ? v4 : v6;
	size_t i, n = proto == ICMP ? sizeof v4 / sizeof v4[0] :
	    sizeof v6 / sizeof v6[0];

	for (i = 0; i < n; i++) {
		if (t[i][0] == type)
			return t[i][1];
		if (t[i][1] == type)
			return t[i][0];
	}
	return -1;
}

char *
nc_community_id(char out[NC_COMMUNITY_ID_LEN], const uint8_t *src,
    const uint8_t *dst, size_t alen, uint8_t proto, uint16_t sport,
    uint16_t dport, uint16_t seed)
{
	uint8_t in[2 + 16 + 16 + 2 + 4], md[SHA_DIGEST_LENGTH], *p = in;
	int ports = proto == TCP || proto == UDP || proto == SCTP ||
	    proto == ICMP || proto == ICMP6;
	int oneway = 0, c;

	if (alen != 4 && alen != 16)
		return NULL;
	if (proto == ICMP || proto == ICMP6) {
		c = counterpart(proto, sport);
		if (c >= 0)
			dport = (uint16_t)c;
		else
			oneway = 1;
	}
	if (!ports)
		sport = dport = 0;
	if (!oneway && nc_flow_swapped(src, dst, alen, sport, dport)) {
		const uint8_t *t = src;
		uint16_t tp = sport;

		src = dst;
		dst = t;
		sport = dport;
		dport = tp;
	}
	*p++ = (uint8_t)(seed >> 8);
	*p++ = (uint8_t)seed;
	memcpy(p, src, alen);
	p += alen;
	memcpy(p, dst, alen);
	p += alen;
	*p++ = proto;
	*p++ = 0;
	if (ports) {
		*p++ = (uint8_t)(sport >> 8);
		*p++ = (uint8_t)sport;
		*p++ = (uint8_t)(dport >> 8);
		*p++ = (uint8_t)dport;
	}
	SHA1(in, (size_t)(p - in), md);
	out[0] = '1';
	out[1] = ':';
	EVP_EncodeBlock((unsigned char *)out + 2, md, sizeof md);
	return out;
}
