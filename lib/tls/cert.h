/* One X.509 certificate of a TLS Certificate message, parsed by
 * libcrypto (d2i_X509 on the DER the message holds) into a TLSCertificate
 * record.  The record's strings point into a struct nc_tls_cert, which
 * must outlive it. */
#ifndef NC_TLS_CERT_H
#define NC_TLS_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "netcap.pb-c.h"

enum {
	NC_TLS_CERT_NAME = 1024,	/* subject or issuer kept */
	NC_TLS_CERT_SANS = 256,		/* SAN entries kept, all kinds */
	NC_TLS_CERT_POOL = 16384,	/* bytes of SAN text kept */
};

struct nc_tls_cert {
	char sha256[65], sha1[41], serial[129], error[64];
	char subject[NC_TLS_CERT_NAME], issuer[NC_TLS_CERT_NAME];
	char key_alg[64], key_type[16], sig_alg[64], curve[64];
	ProtobufCBinaryData dns[NC_TLS_CERT_SANS], uri[NC_TLS_CERT_SANS],
	    email[NC_TLS_CERT_SANS], ip[NC_TLS_CERT_SANS];
	uint8_t pool[NC_TLS_CERT_POOL];
	size_t used;
};

/* Fills r (made with NETCAP__TLSCERTIFICATE__INIT; the caller sets the
 * endpoints and index) from the n bytes of DER at der.  A certificate
 * libcrypto cannot parse gets its hashes and parse_error.  Returns 0,
 * or -1 when libcrypto is out of memory. */
int nc_tls_cert_parse(Netcap__TLSCertificate *r, struct nc_tls_cert *b,
    const uint8_t *der, size_t n);

#endif
