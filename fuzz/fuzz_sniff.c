/* libFuzzer harness for the first look at a file's head
 * (lib/files/sniff.c): any bytes as a head.  The sanitizers check every
 * read; a name, when there is one, must be text/html. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = nc_sniff_mime(data, size);

	if (t != NULL && strcmp(t, "text/html") != 0)
		abort();
	return 0;
}
