/* libFuzzer harness for the DNS-over-TCP stream parser (lib/tcpapp/dns.c):
 * both sides' bytes in calls of any size, with gaps (fuzz/tcpapp.h); bit
 * 2 of the first byte puts port 53 on the other side. */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void *shared;

	if (shared == NULL && (shared = nc_tcpapp_dns.init()) == NULL)
		abort();
	fuzz_tcpapp(&nc_tcpapp_dns, shared, data, size);
	return 0;
}
