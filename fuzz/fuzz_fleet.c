/* libFuzzer harness for what nc-recv takes from a NATS message in fleet
 * mode (lib/link/fleet.c): any bytes as a message body, parsed as the
 * collector does before writing, and as the Nc-Key and Nc-Sig headers.
 * A body taken must hold exactly the records it counts, numbered
 * without a gap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link/fleet.h"
#include "link/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
headers(const uint8_t *data, size_t size)
{
	static EVP_MD_CTX *mc;
	static EVP_PKEY *k;
	uint8_t pin[NC_PIN_LEN] = { 0 };
	char text[256];
	EVP_PKEY *got;

	if (mc == NULL) {
		mc = EVP_MD_CTX_new();
		k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		if (mc == NULL || k == NULL)
			abort();
	}
	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	/* No key hashes to a pin of zeros. */
	if ((got = nc_fleet_key_parse(text, pin)) != NULL)
		abort();
	if (nc_fleet_verify(mc, k, data, size, text))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_wire_msg m;
	const char *why;
	uint64_t stream, first = 0;
	size_t off, cap = 4096;
	long n, k, i = 0;

	if (size > 0 && data[0] == '#') {
		headers(data + 1, size - 1);
		return 0;
	}
	n = nc_fleet_parse(data, size, cap, &stream, &first, &why);
	if (n < 0) {
		if (why == NULL)
			abort();
		return 0;
	}
	/* Taken: the collector walks it again without checks. */
	off = (size_t)nc_wire_parse(data, size, cap, &m, &why);
	while (off < size) {
		k = nc_wire_parse(data + off, size - off, cap, &m, &why);
		if (k <= 0 || m.kind != NC_WIRE_RECORD ||
		    m.seq != first + (uint64_t)i || m.len > cap)
			abort();
		off += (size_t)k;
		i++;
	}
	if (i != n || off != size)
		abort();
	return 0;
}
