/* libFuzzer harness for TCP reassembly (lib/flow/tcpreasm.c): segments of
 * both directions of one connection under small caps, then the flush.
 * Input: records of flags (1 byte: bit 0 direction, 1 SYN, 2 FIN, 3 a
 * sequence number far from the last), sequence step (2 bytes, signed,
 * big-endian, added to the direction's last sequence number, or with bit
 * 3 the high half of a new one), length (1 byte) and that many payload
 * bytes.  Besides what the sanitizers see, checks that the caps hold
 * within one segment and that the flush frees everything. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/tcpreasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CONN_MAX 512
#define TOTAL_MAX 768

static volatile uint8_t sink;

static void
on_data(void *arg, const uint8_t *p, size_t n)
{
	size_t i;

	(void)arg;
	for (i = 0; i < n; i++)		/* AddressSanitizer checks each */
		sink ^= p[i];
}

static void
on_gap(void *arg, uint64_t n)
{
	(void)arg;
	(void)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_reasm r;
	struct nc_reasm_dir d[2];
	struct nc_reasm_out out[2] = {
		{ on_data, on_gap, NULL }, { on_data, on_gap, NULL },
	};
	uint32_t seq[2] = { 1000, 5000 };
	uint8_t *copy;
	size_t n;
	int i;

	nc_reasm_init(&r, CONN_MAX, TOTAL_MAX);
	memset(d, 0, sizeof d);
	while (size >= 4) {
		int dir = data[0] & 1;
		uint16_t step = (uint16_t)(data[1] << 8 | data[2]);

		if (data[0] & 8)
			seq[dir] = (uint32_t)step << 16;
		else
			seq[dir] += (uint32_t)(int16_t)step;
		n = data[3];
		data += 4, size -= 4;
		if (n > size)
			n = size;
		if ((copy = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(copy, data, n);
		nc_reasm_segment(&r, &d[dir], seq[dir], data[-4] & 2,
		    data[-4] & 4, copy, n, &out[dir]);
		free(copy);
		if (d[dir].waiting > CONN_MAX + 255 ||
		    r.used > TOTAL_MAX + 255)
			abort();
		data += n, size -= n;
	}
	for (i = 0; i < 2; i++)
		nc_reasm_flush(&r, &d[i], &out[i]);
	if (r.used != 0)
		abort();
	return 0;
}
