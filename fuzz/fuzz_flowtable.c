/* libFuzzer harness for the flow table (lib/flow/table.c): lookups,
 * closes and clock steps on a table of 16 flows.  Input: records of an
 * operation byte (low 2 bits: 0 and 1 a packet, 2 a close, 3 a clock
 * step; the rest picks the flow: one of 64 endpoint pairs over four
 * protocols, or the step in seconds) and a time byte (seconds, added
 * to the clock; a packet may also come from up to 255 s back).  Checks
 * that the cap holds, that a new flow's data is zero although ended
 * flows left theirs stamped, and that every flow made ends once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX 16
#define SEC 1000000000LL

static uint64_t ended;

static void
on_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	(void)arg;
	(void)why;
	/* The data block is the owner's: stamp it so reuse shows. */
	memset(nc_flow_data(f), 0x5a, 24);
	ended++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t protos[4] = { 6, 17, 1, 132 };
	struct nc_flow_opts o = { .max_flows = MAX };
	struct nc_flow_table *t;
	struct nc_flow *f;
	int64_t now = 0;
	int isnew, dir;

	if ((t = nc_flow_table_new(&o, 24, on_end, NULL)) == NULL)
		abort();
	ended = 0;
	for (; size >= 2; data += 2, size -= 2) {
		unsigned op = data[0] & 3, pick = data[0] >> 2;
		uint8_t a[4] = { 10, 0, 0, (uint8_t)(pick & 15) };
		uint8_t b[4] = { 10, 0, 1, (uint8_t)(pick >> 4) };
		struct nc_flow_key k;
		uint8_t *d;

		now += data[1] * SEC / 4;
		if (op == 3) {
			nc_flow_advance(t, now + (int64_t)pick * SEC * 8);
			continue;
		}
		nc_flow_key_make(&k, a, b, 4, 1000, 80, protos[pick & 3], &dir);
		f = nc_flow_get(t, pick & 7, &k, op == 1 ? now - data[1] * SEC :
		    now, &isnew);
		if (f == NULL)
			abort();
		d = nc_flow_data(f);
		if (isnew && (d[0] != 0 || d[23] != 0))
			abort();
		d[0] = 1;
		if (op == 2)
			nc_flow_close_at(t, f, now + SEC);
		if (nc_flow_stats(t)->live > MAX)
			abort();
	}
	nc_flow_flush(t);
	if (ended != nc_flow_stats(t)->created || nc_flow_stats(t)->live != 0)
		abort();
	nc_flow_table_free(t);
	return 0;
}
