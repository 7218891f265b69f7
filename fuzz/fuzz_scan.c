/* libFuzzer harness for reading fields in place (lib/scan.c): any bytes
 * as a frame.  Checks that every bytes field it hands out lies inside
 * the input (the sanitizers check every read on the way). */
#include <stdint.h>
#include <stdlib.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nc_scan s;
	const uint8_t *b;
	size_t len;
	unsigned f;

	if (nc_scan_record(&s, data, size) < 0)
		return 0;
	for (f = 0; f < NC_SCAN_FIELDS; f++) {
		if ((b = nc_scan_bytes(&s, f, &len)) == NULL || len == 0)
			continue;
		if (b < data || b + len > data + size)
			abort();
	}
	return 0;
}
