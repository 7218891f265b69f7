/* libFuzzer harness for the FTP control channel stream parser
 * (lib/tcpapp/ftp.c): both sides' lines in calls of any size, with gaps
 * (fuzz/tcpapp.h), the data connections it announces going into a table
 * of expected connections (lib/tcpapp/expect.c) that lives across inputs,
 * as nc-tcp's lives across connections. */
#include "tcpapp.h"
#include "tcpapp/expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_expect_key k = { .alen = 4, .orig = { 10, 0, 0, 1 },
	    .resp = { 10, 0, 0, 2 } };
	const uint8_t *name;
	uint64_t h, ctrl;
	size_t n;

	if (fuzz_expect == NULL && (fuzz_expect = nc_expect_new()) == NULL)
		abort();
	nc_tcpapp_ftp.probe(1, data, size);
	nc_tcpapp_ftp.probe(0, data, size);
	fuzz_tcpapp(&nc_tcpapp_ftp, NULL, data, size);
	/* A connection on a port the input may have announced takes it;
	 * its name must be readable whole. */
	k.port = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 21;
	if ((h = nc_expect_take(fuzz_expect, &k, 1)) != 0 &&
	    nc_expect_get(fuzz_expect, h, &ctrl, &name, &n) == 0 &&
	    n > NC_EXPECT_NAME)
		abort();
	return 0;
}
