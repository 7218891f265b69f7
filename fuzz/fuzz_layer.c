/* libFuzzer harness for one decoder at a time, reached directly rather
 * than through the layers a frame would need below it.  The layer is
 * named by NC_FUZZ_LAYER ("DNS", "GRE", ...: the layer names of the
 * dispatch table, lib/decode/dispatch.h); fuzz/run runs this once per
 * directory fuzz/seeds/layer-NAME.  Input: source port, destination port
 * (2 bytes each, used by application layers), then the layer's bytes.
 * Without NC_FUZZ_LAYER a first byte picks the layer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nc_decoder d;
	static const char *name;
	static size_t nlayers;
	static int ready;
	const char *layer;
	uint8_t *copy;
	unsigned sport, dport;

	if (!ready) {
		if (nc_decoder_init(&d, 1, NULL, 1, fuzz_emit, NULL) < 0)
			abort();
		name = getenv("NC_FUZZ_LAYER");
		while (nc_decode_layer_name(nlayers) != NULL)
			nlayers++;
		ready = 1;
	}
	layer = name;
	if (layer == NULL) {
		if (size < 1)
			return 0;
		layer = nc_decode_layer_name(data[0] % nlayers);
		data++, size--;
	}
	if (size < 4)
		return 0;
	sport = (unsigned)data[0] << 8 | data[1];
	dport = (unsigned)data[2] << 8 | data[3];
	data += 4, size -= 4;
	/* A copy of exactly size bytes, so AddressSanitizer sees any read
	 * past the end. */
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, data, size);
	if (nc_decode_layer(&d, layer, copy, size, sport, dport) < 0) {
		fprintf(stderr, "fuzz_layer: no layer %s\n", layer);
		abort();
	}
	free(copy);
	return 0;
}
