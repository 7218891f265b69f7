/* libFuzzer harness for the first look at a file's head
 * (lib/files/sniff.c): any bytes as a head.  The sanitizers check every
 * read; a name, when there is one, must be one the sniffer knows, and
 * the prefix that gives it must be there. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		const char *mime, *magic;
		size_t len;
	} want[] = {
		{ "image/jpeg", "\xff\xd8\xff", 3 },
		{ "image/png", "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16 },
		{ "image/gif", "GIF8", 4 },
		{ "application/pdf", "%PDF-", 5 },
	};
	const char *t = nc_sniff_mime(data, size);
	size_t i;

	if (t == NULL || strcmp(t, "text/html") == 0)
		return 0;
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (strcmp(t, want[i].mime) == 0) {
			if (size < 16 || memcmp(data, want[i].magic,
			    want[i].len) != 0 || memchr(data, 0, size) == NULL)
				abort();
			return 0;
		}
	abort();
}
