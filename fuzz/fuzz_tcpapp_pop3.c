/* libFuzzer harness for the POP3 stream parser (lib/tcpapp/pop3.c): both
 * sides' lines in calls of any size, with gaps (fuzz/tcpapp.h). */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_tcpapp_pop3.probe(1, data, size);
	nc_tcpapp_pop3.probe(0, data, size);
	fuzz_tcpapp(&nc_tcpapp_pop3, NULL, data, size);
	return 0;
}
