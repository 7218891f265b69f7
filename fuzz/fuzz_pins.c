/* libFuzzer harness for a line of a list of pinned keys (lib/link/tls.c,
 * nc-recv -a, nc-send -s): any bytes as one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_pin pin;
	char why[160];

	if (nc_pins_parse_line((const char *)data, size, &pin, why,
	    sizeof why) == 1 && (strlen(pin.name) > NC_NAME_MAX ||
	    !nc_pin_name_ok(pin.name)))
		abort();
	return 0;
}
