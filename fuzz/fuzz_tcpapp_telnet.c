/* libFuzzer harness for the Telnet stream parser (lib/tcpapp/telnet.c):
 * negotiation, prompts and typing of both sides in calls of any size,
 * with gaps (fuzz/tcpapp.h). */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_tcpapp_telnet.probe(1, data, size);
	nc_tcpapp_telnet.probe(0, data, size);
	fuzz_tcpapp(&nc_tcpapp_telnet, NULL, data, size);
	return 0;
}
