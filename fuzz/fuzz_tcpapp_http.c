/* libFuzzer harness for the HTTP stream parser (lib/tcpapp/http.c, over
 * libhtp): both sides' bytes in calls of any size, with gaps
 * (fuzz/tcpapp.h), the probe on the first call's bytes, and a small cap
 * on decoded bodies so that a bomb ends quickly. */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void *shared;

	if (shared == NULL && (shared = nc_tcpapp_http.init()) == NULL)
		abort();
	nc_tcpapp_http.probe(0, data, size);
	nc_tcpapp_http.probe(1, data, size);
	fuzz_tcpapp(&nc_tcpapp_http, shared, data, size);
	return 0;
}
