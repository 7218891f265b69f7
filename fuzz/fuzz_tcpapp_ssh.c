/* libFuzzer harness for the SSH stream parser (lib/tcpapp/ssh.c): both
 * sides' bytes in calls of any size, with gaps (fuzz/tcpapp.h). */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_tcpapp_ssh.probe(0, data, size);
	fuzz_tcpapp(&nc_tcpapp_ssh, NULL, data, size);
	return 0;
}
