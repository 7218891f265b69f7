/* libFuzzer harness for the packet decoders.  The first input byte picks
 * the link type (low bits) and -P (top bit); the rest is the frame.  Every
 * record is packed and its strings checked (emit.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "decode/decode.h"
#include "emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The index into dlts[] is the seeds' first byte (and DLTS in
 * fuzz/seeds-from-pcaps): a link type added to the dispatch table goes at
 * the end, so that the seeds keep their link type. */
static const int dlts[] = { 0, 1, 12, 14, 101, 105, 108, 113, 127, 189,
    220, 228, 229, 276, 9, 50, 51, 104, 204 };

/* Every link type the decoder supports is one the harness can pick. */
static void
check_dlts(void)
{
	size_t i;
	int dlt;

	for (dlt = 0; dlt < 65536; dlt++) {
		if (!nc_decode_linktype_supported(dlt))
			continue;
		for (i = 0; i < sizeof dlts / sizeof dlts[0]; i++)
			if (dlts[i] == dlt)
				break;
		if (i == sizeof dlts / sizeof dlts[0]) {
			fprintf(stderr, "fuzz_decode: link type %d is "
			    "missing from dlts[]\n", dlt);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nc_decoder d;
	static int ready;
	const uint8_t *frame;
	size_t len, wire;
	int dlt;

	if (size < 1)
		return 0;
	dlt = dlts[(data[0] & 0x3f) % (sizeof dlts / sizeof dlts[0])];
	if (!ready) {
		check_dlts();
		if (nc_decoder_init(&d, dlt, NULL, 0, fuzz_emit, NULL) < 0)
			abort();
		ready = 1;
	}
	if (nc_decoder_set_dlt(&d, dlt) < 0)
		abort();
	d.payload = (data[0] & 0x80) != 0;
	/* Copy the frame so AddressSanitizer sees a read past its end. */
	len = size - 1;
	frame = malloc(len > 0 ? len : 1);
	if (frame == NULL)
		abort();
	__builtin_memcpy((void *)frame, data + 1, len);
	/* Half the time, pretend a snap length cut a longer frame. */
	wire = (data[0] & 0x40) ? len + 1500 : len;
	nc_decode_packet(&d, 1, 1, frame, len, wire);
	free((void *)frame);
	return 0;
}
