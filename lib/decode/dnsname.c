/* Domain names in DNS and NetBIOS messages, RFC 1035 3.1 and 4.1.4.
 *
 * A name is a sequence of labels, each a length byte (0-63) and that many
 * bytes, ending with the zero-length root label; a byte with the top two
 * bits set starts a two-byte compression pointer to the rest of the name
 * elsewhere in the message.  Hostile pointers loop or jump around, so
 * each must point below the previous one (as BIND's dns_name_fromwire
 * requires): reading always ends, and a hop limit bounds the work. */
#include "decode/dnsname.h"

#include <string.h>

const char *
nc_dns_name_read(const struct nc_cur *msg, struct nc_cur *c,
    struct nc_dns_name *n)
{
	struct nc_cur r = *c;
	size_t below = nc_cur_offset(c, msg->p), off;
	const uint8_t *p;
	int hops = 0;
	uint8_t len;

	n->len = 0;
	for (;;) {
		len = nc_cur_u8(&r);
		if (r.err)
			return "truncated name";
		if ((len & 0xc0) == 0xc0) {
			off = (size_t)(len & 0x3f) << 8 | nc_cur_u8(&r);
			if (r.err)
				return "truncated name";
			if (hops == 0)
				*c = r;		/* the name ends at its first pointer */
			if (++hops > NC_DNS_HOPS_MAX)
				return "too many compression pointers";
			if (off >= below)
				return "compression pointer does not point back";
			below = off;
			r = *msg;
			nc_cur_skip(&r, off);
			continue;
		}
		/* 0x40 and 0x80: extended and binary labels, RFC 6891 5,
		 * RFC 2673 (historic). */
		if (len & 0xc0)
			return "unsupported label type";
		if (n->len + 1 + len > NC_DNS_NAME_MAX)
			return "name longer than 255 bytes";
		n->wire[n->len++] = len;
		if (len == 0)
			break;
		if ((p = nc_cur_bytes(&r, len)) == NULL)
			return "truncated name";
		memcpy(n->wire + n->len, p, len);
		n->len += len;
	}
	if (hops == 0)
		*c = r;
	return NULL;
}

/* Which bytes nc_dns_escape must escape: bit 0 in a label, bit 1 in
 * text.  A table, as one lookup is cheaper than the four tests it
 * replaces on every byte of every name. */
#define ESC_LABEL	1
#define ESC_TEXT	2
static const uint8_t esc[256] = {
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

size_t
nc_dns_escape(const uint8_t *p, size_t len, int label, char *out)
{
	unsigned mask = label ? ESC_LABEL : ESC_TEXT, b;
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		b = p[i];
		if ((esc[b] & mask) == 0)
			out[o++] = (char)b;
		else if (b == '\\' || b == '.') {
			out[o++] = '\\';
			out[o++] = (char)b;
		} else {
			out[o++] = '\\';
			out[o++] = (char)('0' + b / 100);
			out[o++] = (char)('0' + b / 10 % 10);
			out[o++] = (char)('0' + b % 10);
		}
	}
	out[o] = '\0';
	return o;
}

/* Whether no byte of n's labels needs an escape. */
static int
plain(const struct nc_dns_name *n)
{
	size_t i = 0, j, end;
	unsigned acc = 0;

	while (i < n->len && n->wire[i] != 0) {
		end = i + 1 + n->wire[i];
		for (j = i + 1; j < end; j++)
			acc |= esc[n->wire[j]];
		i = end;
	}
	return (acc & ESC_LABEL) == 0;
}

size_t
nc_dns_name_text(const struct nc_dns_name *n, char *out)
{
	size_t i = 0, o = 0, len;

	/* Nearly every name needs no escape: its text is then its wire form
	 * without the first length byte and the root, each inner length byte
	 * turned into a dot.  One copy instead of a byte loop per label. */
	if (n->len >= 2 && plain(n)) {
		len = n->len - 2;
		memcpy(out, n->wire + 1, len);
		for (i = n->wire[0]; i < len; i += 1u + n->wire[i + 1])
			out[i] = '.';
		out[len] = '\0';
		return len;
	}

	while (i < n->len && (len = n->wire[i]) != 0) {
		if (o > 0)
			out[o++] = '.';
		o += nc_dns_escape(n->wire + i + 1, len, 1, out + o);
		i += 1 + len;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return o;
}
