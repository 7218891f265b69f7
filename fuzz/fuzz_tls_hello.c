/* libFuzzer harness for the TLS hello parser (lib/tls/hello.c) and the
 * fingerprints of what it parsed (lib/tls/fingerprint.c).  Input: one
 * handshake message, parsed as TLS and as an SSL 2.0 CLIENT-HELLO, from a
 * copy of exactly its size so that AddressSanitizer sees its end.  Checks
 * that the lists stay within their limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls/fingerprint.h"
#include "tls/hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
prints(const struct nc_tls_hello *h)
{
	char s[NC_TLS_JA3_MAX], md5[NC_TLS_MD5_HEX], j[NC_TLS_JA4_MAX];
	size_t n;

	if (h->n_suites > NC_TLS_MAX_SUITES || h->n_ext > NC_TLS_MAX_EXT ||
	    h->n_alpn > NC_TLS_MAX_ALPN || h->n_groups > NC_TLS_MAX_GROUPS ||
	    h->n_sigalgs > NC_TLS_MAX_SIGALGS)
		abort();
	n = h->type == NC_TLS_SERVER_HELLO ? nc_tls_ja3s(h, s) :
	    nc_tls_ja3(h, s);
	if (n >= NC_TLS_JA3_MAX || strlen(s) != n)
		abort();
	nc_tls_md5(s, n, md5);
	nc_tls_ja4(h, 't', j);
	nc_tls_ja4s(h, 't', j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_tls_hello h;
	uint8_t *copy = malloc(size + 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (nc_tls_hello_parse(&h, copy, size) == 0)
		prints(&h);
	if (nc_tls_hello_sslv2(&h, copy, size) == 0)
		prints(&h);
	free(copy);
	return 0;
}
