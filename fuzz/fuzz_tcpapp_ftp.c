/* libFuzzer harness for the FTP control channel stream parser (lib/tcpapp/ftp.c): both
 * sides' lines in calls of any size, with gaps (fuzz/tcpapp.h). */
#include "tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_tcpapp_ftp.probe(1, data, size);
	nc_tcpapp_ftp.probe(0, data, size);
	fuzz_tcpapp(&nc_tcpapp_ftp, NULL, data, size);
	return 0;
}
