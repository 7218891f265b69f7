/* libFuzzer harness for the software version parser
 * (lib/tcpapp/version.c), the SSH identification cleaner, and the
 * Software and Service tracker's greeting reader (lib/tcpapp/software.c):
 * any bytes as a banner, header value, identification or greeting. */
#include <stddef.h>
#include <stdint.h>

#include "tcpapp/software.h"
#include "tcpapp/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
put(void *arg, int type, const ProtobufCMessage *m)
{
	(void)arg;
	(void)type;
	/* Every record must serialize. */
	return protobuf_c_message_get_packed_size(m) > 0 ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small, so that it fills and the cap's path runs too. */
	static struct nc_software *w;
	static const struct nc_tcpapp_conn conn = { 1, 4,
	    { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } }, { 40000, 25 }, 0 };
	struct nc_tcpapp_ctx c = { .conn = &conn, .ts = 1, .packet = 1 };
	struct nc_version v;
	uint8_t clean[NC_VERSION_TEXT];
	size_t n;

	nc_version_parse(data, size, &v);
	if (v.nname > NC_VERSION_TEXT || v.naddl > NC_VERSION_TEXT)
		__builtin_trap();
	n = nc_version_ssh_clean(data, size, 2, clean, sizeof clean);
	if (n > sizeof clean)
		__builtin_trap();
	nc_version_parse(clean, n, &v);
	if (w == NULL && (w = nc_software_new(64, put, NULL)) == NULL)
		return 0;
	if (nc_software_greeting(w, &c, "smtp", data, size) < 0 ||
	    nc_software_answered(w, &conn, "unknown", 1, 1, data, size) < 0)
		__builtin_trap();
	return 0;
}
