/* libFuzzer harness for IP fragment reassembly: a sequence of raw IPv4 or
 * IPv6 packets fed to one decoder, then the end of the source.  Input:
 * records of time step (1 byte, in 1/8 s, so that the 30 s expiry is
 * reached), length (2 bytes, big-endian) and that many bytes of packet.
 * Each input ends with nc_decoder_finish, which forgets every held
 * datagram, so an input starts from a clean state and a crash reproduces
 * alone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { DLT_RAW = 12 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nc_decoder d;
	static int ready;
	int64_t ts = 1700000000000000000LL;
	uint64_t no = 0;
	uint8_t *copy;
	size_t n;

	if (!ready) {
		if (nc_decoder_init(&d, DLT_RAW, NULL, 1, fuzz_emit, NULL) < 0)
			abort();
		ready = 1;
	}
	while (size >= 3) {
		ts += data[0] * 125000000LL;
		n = (size_t)data[1] << 8 | data[2];
		data += 3, size -= 3;
		if (n > size)
			n = size;
		/* Exactly n bytes, so AddressSanitizer sees any over-read. */
		if ((copy = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(copy, data, n);
		nc_decode_packet(&d, ts, ++no, copy, n, n);
		free(copy);
		data += n, size -= n;
	}
	nc_decoder_finish(&d);
	return 0;
}
