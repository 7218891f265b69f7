/* Fingerprints of TLS hellos: JA3 and JA3S (Salesforce), JA4 and JA4S
 * (FoxIO).  GREASE values (RFC 8701) are left out of every one, as both
 * definitions say; the records keep them. */
#ifndef NC_TLS_FINGERPRINT_H
#define NC_TLS_FINGERPRINT_H

#include <stddef.h>

#include "tls/hello.h"

/* Room for the longest string the hello's lists can make. */
#define NC_TLS_JA3_MAX	2048
#define NC_TLS_MD5_HEX	33
#define NC_TLS_JA4_MAX	64

/* JA3: "version,ciphers,extensions,groups,point formats", decimal values
 * joined by '-' within a field.  Returns its length. */
size_t nc_tls_ja3(const struct nc_tls_hello *h, char out[NC_TLS_JA3_MAX]);
/* JA3S: "version,cipher,extensions". */
size_t nc_tls_ja3s(const struct nc_tls_hello *h, char out[NC_TLS_JA3_MAX]);
/* The MD5 of s in lower-case hex; "" when libcrypto fails. */
void nc_tls_md5(const char *s, size_t n, char out[NC_TLS_MD5_HEX]);
/* JA4 of a ClientHello; proto 't' (TCP), 'q' (QUIC) or 'd' (DTLS). */
void nc_tls_ja4(const struct nc_tls_hello *h, char proto,
    char out[NC_TLS_JA4_MAX]);
/* JA4S of a ServerHello. */
void nc_tls_ja4s(const struct nc_tls_hello *h, char proto,
    char out[NC_TLS_JA4_MAX]);

#endif
