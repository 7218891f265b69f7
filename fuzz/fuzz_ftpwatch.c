/* libFuzzer harness for nc-conn's watch of FTP control connections
 * (lib/flow/ftpwatch.c) and the address parsing it shares with nc-tcp
 * (lib/tcpapp/ftpaddr.c).  Input: a byte of bits (0 from the server,
 * 1 IPv6), then one segment's payload.  The watch lives across inputs, as
 * nc-conn's lives across segments, so that its table fills and evicts;
 * a connection on the port the payload's first two bytes name then
 * tries to take an announcement. */
#include <stdint.h>
#include <stdlib.h>

#include "flow/ftpwatch.h"
#include "tcpapp/ftpaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nc_ftpwatch *w;
static int64_t now;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t c[16] = { 192, 0, 2, 1 }, s[16] = { 192, 0, 2, 2 };
	uint8_t ip[16], alen;
	uint16_t port;
	int server;

	if (w == NULL && (w = nc_ftpwatch_new()) == NULL)
		abort();
	if (size == 0)
		return 0;
	server = data[0] & 1;
	alen = data[0] & 2 ? 16 : 4;
	data++;
	size--;
	now += 1000000000;
	if (server)
		nc_ftpwatch_segment(w, s, c, alen, 21, 40000, data, size, 1,
		    now);
	else
		nc_ftpwatch_segment(w, c, s, alen, 40000, 21, data, size, 1,
		    now);
	/* The parsers alone, on the whole payload as one argument. */
	(void)nc_ftpaddr_active(data, size, 0, alen, ip, &port);
	(void)nc_ftpaddr_active(data, size, 1, alen, ip, &port);
	(void)nc_ftpaddr_passive(227, data, size, alen, s, ip, &port);
	(void)nc_ftpaddr_passive(229, data, size, alen, s, ip, &port);
	port = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 20;
	(void)nc_ftpwatch_take(w, c, 40001, s, port, alen, now);
	(void)nc_ftpwatch_take(w, s, 20, c, port, alen, now);
	return 0;
}
