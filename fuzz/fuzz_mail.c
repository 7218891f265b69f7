/* libFuzzer harness for the mail message reader (lib/tcpapp/mail.c): the
 * input is one whole message, as SMTP, POP3 or IMAP hand it over; its
 * Mail record and the File records of its parts are packed (so that
 * every pointer in them is read). */
#include "tcpapp.h"

#include "files/files.h"
#include "tcpapp/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Hashes but no libmagic: it would dominate the time per input. */
	static const struct nc_files_opts fo = { .no_mime = 1 };
	static struct nc_files *fs;
	struct nc_tcpapp_conn conn = {
		.flow = 1, .alen = 4,
		.ip = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } },
		.port = { 40000, 25 },
	};
	struct nc_tcpapp_stats st = { 0 };
	struct nc_tcpapp_opts o = { .body_max = 1 << 16 };
	struct nc_tcpapp_ctx c = {
		.conn = &conn, .ts = 1, .packet = 1, .put = fuzz_put,
		.stats = &st, .opts = &o,
	};

	if (fs == NULL && (fs = nc_files_new(&fo)) == NULL)
		return 0;
	o.files = fs;
	nc_mail_put(data, size, size, 0, &c, "smtp", NC_TCPAPP_ORIG, 1);
	return 0;
}
