/* Fields read straight from a frame (lib/scan.c): the same values
 * protobuf-c packed, scalars of each wire type and bytes, fields 100 and
 * 101, absent fields as 0, and every truncation refused. */
#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "scan.h"
#include "tap.h"

int
main(void)
{
	static const uint8_t src[4] = { 10, 0, 0, 1 }, dst[4] = { 10, 0, 0, 2 };
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__Record r = NETCAP__RECORD__INIT;
	struct nc_scan s;
	uint8_t *buf;
	size_t n, len, i;
	const uint8_t *b;
	int bad = 0;

	t.ts = -5;			/* sfixed64: wire type 1 */
	t.packet = 300;
	t.src_ip.data = (uint8_t *)src;
	t.src_ip.len = 4;
	t.dst_ip.data = (uint8_t *)dst;
	t.dst_ip.len = 4;
	t.src_port = 40000;
	t.seq = 0xfffffff0;
	t.flags = 0x12;
	t.payload_entropy = 1.5;	/* double: wire type 1 too */
	t.flow = 0x8000000000000001ULL;	/* fixed64 */
	t.inner = 3;
	r.record_case = NETCAP__RECORD__RECORD_TCP;
	r.tcp = &t;
	n = protobuf_c_message_get_packed_size(&r.base);
	if ((buf = malloc(n)) == NULL)
		return 1;
	protobuf_c_message_pack(&r.base, buf);

	ok(nc_scan_record(&s, buf, n) == 0, "a packed TCP record scans");
	ok((int64_t)nc_scan_u(&s, 1) == -5 && nc_scan_u(&s, 2) == 300,
	    "ts (sfixed64) and packet (varint)");
	b = nc_scan_bytes(&s, 3, &len);
	ok(b != NULL && len == 4 && memcmp(b, src, 4) == 0, "src_ip bytes");
	ok(nc_scan_u(&s, 5) == 40000 && nc_scan_u(&s, 7) == 0xfffffff0 &&
	    nc_scan_u(&s, 10) == 0x12, "ports, sequence number, flags");
	ok(nc_scan_u(&s, 23) == 0x8000000000000001ULL, "flow (fixed64)");
	ok(nc_scan_u(&s, 100) == 3 && !nc_scan_has(&s, 101) &&
	    nc_scan_u(&s, 101) == 0, "inner 3; quoted absent reads 0");
	ok(!nc_scan_has(&s, 6) && nc_scan_bytes(&s, 24, &len) == NULL &&
	    len == 0, "absent scalars and bytes");
	for (i = 0; i < n; i++)
		if (nc_scan_record(&s, buf, i) != -1)
			bad++;
	ok(bad == 0, "every truncation of the frame is refused");
	{
		/* src_ip (field 3) as a varint, after a record that had
		 * bytes there: no bytes, and no stale pointer. */
		static const uint8_t v[] = { 0x5a, 0x02, 0x18, 0x07 };

		ok(nc_scan_record(&s, v, sizeof v) == 0 &&
		    nc_scan_bytes(&s, 3, &len) == NULL && len == 0 &&
		    nc_scan_u(&s, 3) == 7, "a scalar where bytes were: no bytes");
	}
	{
		/* Field 0 (not allowed) and field 200 (past the table) are
		 * stepped over; field 5 twice, the second wins; a field seen
		 * in the record before is absent from this one. */
		static const uint8_t v[] = { 0x5a, 0x09, 0x00, 0x09, 0xc0,
		    0x0c, 0x2a, 0x28, 0x01, 0x28, 0x02 };

		ok(nc_scan_record(&s, v, sizeof v) == 0 &&
		    !nc_scan_has(&s, 0) && nc_scan_u(&s, 0) == 0 &&
		    nc_scan_u(&s, 5) == 2 && !nc_scan_has(&s, 3) &&
		    !nc_scan_has(&s, 1) && nc_scan_bytes(&s, 0, &len) == NULL,
		    "fields 0 and 200 stepped over, the last of two wins");
	}
	buf[0] = 0x58;			/* the envelope as a varint field */
	ok(nc_scan_record(&s, buf, n) == -1, "an envelope not of bytes");
	free(buf);
	return tap_done();
}
