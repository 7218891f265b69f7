/* Fields of a flat record read from its frame (scan.h).  The protobuf
 * wire format: each field is a varint key (number << 3 | wire type), then
 * a varint (0), 8 bytes (1), a varint length and that many bytes (2), or
 * 4 bytes (5), little-endian.  Every read goes through the cursor. */
#include "scan.h"

#include "decode/cursor.h"

#include <string.h>

int
nc_scan_record(struct nc_scan *s, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n), m;
	uint64_t key, len, v;
	const uint8_t *q;
	unsigned f;
	uint8_t kind;

	memset(s->kind, 0, sizeof s->kind);
	/* The envelope: one length-delimited member. */
	key = nc_cur_varint(&c);
	if (c.err || (key & 7) != 2)
		return -1;
	len = nc_cur_varint(&c);
	if (c.err || len != nc_cur_left(&c))
		return -1;
	m = nc_cur_make(nc_cur_bytes(&c, (size_t)len), (size_t)len);
	while (nc_cur_left(&m) > 0) {
		key = nc_cur_varint(&m);
		f = key >> 3 < NC_SCAN_FIELDS ? (unsigned)(key >> 3) : 0;
		v = len = 0;
		q = NULL;
		kind = NC_SCAN_SCALAR;
		switch (key & 7) {
		case 0:
			v = nc_cur_varint(&m);
			break;
		case 1:
			v = nc_cur_le64(&m);
			break;
		case 2:
			len = nc_cur_varint(&m);
			if (m.err || len > nc_cur_left(&m))
				return -1;
			q = nc_cur_bytes(&m, (size_t)len);
			kind = NC_SCAN_BYTES;
			break;
		case 5:
			v = nc_cur_le32(&m);
			break;
		default:
			return -1;
		}
		if (m.err)
			return -1;
		/* A later occurrence of a field wins, of either kind.  Every
		 * store is made, as testing which one is needed costs
		 * more. */
		s->kind[f] = kind;
		s->v[f] = v;
		s->b[f] = q;
		s->blen[f] = (uint32_t)len;
	}
	return 0;
}
