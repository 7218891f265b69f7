/* Community ID v1 (lib/flow/communityid.c) against the published test
 * values (Zeek's testing/btest community_id test, seeds 0 and 1, and the
 * spec's examples): both directions give one ID, ICMP requests pair with
 * their replies, protocols without ports hash without them. */
#include <string.h>

#include "flow/communityid.h"
#include "tap.h"

static const uint8_t A[4] = { 1, 2, 3, 4 }, B[4] = { 5, 6, 7, 8 };
static const uint8_t A6[16] = { 0xfe, 0x80, 0x00, 0x01, 0x02, 0x03, 0x04,
    0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d };
static const uint8_t B6[16] = { 0xfe, 0x80, 0x10, 0x11, 0x12, 0x13, 0x14,
    0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d };

static void
is(const uint8_t *s, const uint8_t *d, size_t alen, uint8_t proto,
    uint16_t sp, uint16_t dp, uint16_t seed, const char *want,
    const char *what)
{
	char id[NC_COMMUNITY_ID_LEN] = "";

	ok(nc_community_id(id, s, d, alen, proto, sp, dp, seed) != NULL &&
	    strcmp(id, want) == 0, "%s: %s (got %s)", what, want, id);
}

int
main(void)
{
	char id[NC_COMMUNITY_ID_LEN];

	is(A, B, 4, 6, 1122, 3344, 0, "1:wCb3OG7yAFWelaUydu0D+125CLM=", "TCP");
	is(B, A, 4, 6, 3344, 1122, 0, "1:wCb3OG7yAFWelaUydu0D+125CLM=",
	    "TCP, the other way");
	is(A, B, 4, 17, 1122, 3344, 0, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=", "UDP");
	is(A, B, 4, 1, 8, 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
	    "ICMP echo request");
	is(B, A, 4, 1, 0, 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
	    "ICMP echo reply, the same");
	is(A6, B6, 16, 58, 128, 0, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
	    "ICMPv6 echo request");
	is(B6, A6, 16, 58, 129, 0, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
	    "ICMPv6 echo reply, the same");
	is(A, B, 4, 46, 0, 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768=",
	    "RSVP: no ports");
	is(A, B, 4, 6, 1122, 3344, 1, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
	    "TCP, seed 1");
	is(A, B, 4, 17, 1122, 3344, 1, "1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
	    "UDP, seed 1");
	is(A, B, 4, 1, 8, 0, 1, "1:9pr4ZGTICiuZoIh90RRYE2RyXpU=",
	    "ICMP, seed 1");
	is(A6, B6, 16, 58, 128, 0, 1, "1:IO27GQzPuCtNnwFvjWALMHu5tJE=",
	    "ICMPv6, seed 1");
	ok(nc_community_id(id, A, B, 6, 6, 1, 2, 0) == NULL,
	    "an address of 6 bytes is refused");
	return tap_done();
}
