/* X.509 certificates (RFC 5280) through libcrypto, with the renderings
 * Zeek's x509.log uses, so that the two line up: names printed with
 * XN_FLAG_RFC2253, the serial as i2a_ASN1_INTEGER writes it (upper-case
 * hex), algorithms by their OpenSSL long names, the curve by its short
 * name.  libcrypto allocates while it parses: once per certificate, never
 * per packet. */
#include "tls/cert.h"

#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "digest.h"

static void
hexdigest(const EVP_MD *md, const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0, i;

	out[0] = '\0';
	if (!EVP_Digest(p, n, d, &dn, md, NULL))
		return;
	for (i = 0; i < dn; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * dn] = '\0';
}

/* What a memory BIO holds, as a C string cut to cap. */
static void
drain(BIO *bio, char *out, size_t cap)
{
	int k = BIO_read(bio, out, (int)cap - 1);

	out[k > 0 ? k : 0] = '\0';
}

static void
name(BIO *bio, const X509_NAME *nm, char *out, size_t cap)
{
	(void)BIO_reset(bio);
	out[0] = '\0';
	if (nm != NULL && X509_NAME_print_ex(bio, nm, 0, XN_FLAG_RFC2253) >= 0)
		drain(bio, out, cap);
}

static int64_t
ns(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return (int64_t)timegm(&tm) * 1000000000;
}

static void
key(Netcap__TLSCertificate *r, struct nc_tls_cert *b, X509 *x)
{
	X509_PUBKEY *pub = X509_get_X509_PUBKEY(x);
	ASN1_OBJECT *alg = NULL;
	EVP_PKEY *pk;
	size_t len = 0;

	if (pub != NULL && X509_PUBKEY_get0_param(&alg, NULL, NULL, NULL,
	    pub) && alg != NULL && OBJ_obj2txt(b->key_alg, sizeof b->key_alg,
	    alg, 0) > 0)
		r->key_alg = b->key_alg;
	pk = X509_get0_pubkey(x);
	if (pk == NULL)
		return;
	r->key_length = EVP_PKEY_get_bits(pk) > 0 ?
	    (uint32_t)EVP_PKEY_get_bits(pk) : 0;
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		r->key_type = "rsa";
		break;
	case EVP_PKEY_DSA:
		r->key_type = "dsa";
		break;
	case EVP_PKEY_DH:
		r->key_type = "dh";
		break;
	case EVP_PKEY_EC:
		r->key_type = "ecdsa";	/* Zeek's name for any EC key */
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, b->curve, sizeof b->curve,
		    &len))
			r->curve = b->curve;
		break;
	case EVP_PKEY_ED25519:
		r->key_type = "ed25519";
		break;
	}
}

/* A copy of a SAN's bytes in the pool; empty when it is full. */
static ProtobufCBinaryData
keep(struct nc_tls_cert *b, const ASN1_STRING *s)
{
	ProtobufCBinaryData d = { 0, NULL };
	int n = ASN1_STRING_length(s);

	if (n <= 0 || (size_t)n > sizeof b->pool - b->used)
		return d;
	memcpy(b->pool + b->used, ASN1_STRING_get0_data(s), (size_t)n);
	d.data = b->pool + b->used;
	d.len = (size_t)n;
	b->used += (size_t)n;
	return d;
}

static void
sans(Netcap__TLSCertificate *r, struct nc_tls_cert *b, X509 *x)
{
	GENERAL_NAMES *gs = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL);
	ProtobufCBinaryData d;
	int i, n = gs != NULL ? sk_GENERAL_NAME_num(gs) : 0;

	r->san_dns = b->dns;
	r->san_uri = b->uri;
	r->san_email = b->email;
	r->san_ip = b->ip;
	for (i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gs, i);

		switch (g->type) {
		case GEN_DNS:
			d = keep(b, g->d.dNSName);
			if (d.len > 0 && r->n_san_dns < NC_TLS_CERT_SANS)
				b->dns[r->n_san_dns++] = d;
			break;
		case GEN_URI:
			d = keep(b, g->d.uniformResourceIdentifier);
			if (d.len > 0 && r->n_san_uri < NC_TLS_CERT_SANS)
				b->uri[r->n_san_uri++] = d;
			break;
		case GEN_EMAIL:
			d = keep(b, g->d.rfc822Name);
			if (d.len > 0 && r->n_san_email < NC_TLS_CERT_SANS)
				b->email[r->n_san_email++] = d;
			break;
		case GEN_IPADD:
			d = keep(b, g->d.iPAddress);
			if ((d.len == 4 || d.len == 16) &&
			    r->n_san_ip < NC_TLS_CERT_SANS)
				b->ip[r->n_san_ip++] = d;
			break;
		}
	}
	GENERAL_NAMES_free(gs);
}

int
nc_tls_cert_parse(Netcap__TLSCertificate *r, struct nc_tls_cert *b,
    const uint8_t *der, size_t n)
{
	const unsigned char *q = der;
	BASIC_CONSTRAINTS *bc;
	BIO *bio;
	X509 *x;

	b->used = 0;
	r->length = (uint32_t)n;
	hexdigest(nc_sha256(), der, n, b->sha256);
	hexdigest(nc_sha1(), der, n, b->sha1);
	r->sha256 = b->sha256;
	r->sha1 = b->sha1;
	x = n <= 0x7fffffff ? d2i_X509(NULL, &q, (long)n) : NULL;
	if (x == NULL) {
		r->parse_error = "not an X.509 certificate";
		return 0;
	}
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL) {
		X509_free(x);
		return -1;
	}
	r->cert_version = (uint32_t)X509_get_version(x) + 1;
	if (i2a_ASN1_INTEGER(bio, X509_get0_serialNumber(x)) > 0) {
		drain(bio, b->serial, sizeof b->serial);
		r->serial = b->serial;
	}
	name(bio, X509_get_subject_name(x), b->subject, sizeof b->subject);
	name(bio, X509_get_issuer_name(x), b->issuer, sizeof b->issuer);
	r->subject.data = (uint8_t *)b->subject;
	r->subject.len = strlen(b->subject);
	r->issuer.data = (uint8_t *)b->issuer;
	r->issuer.len = strlen(b->issuer);
	r->not_before = ns(X509_get0_notBefore(x));
	r->not_after = ns(X509_get0_notAfter(x));
	key(r, b, x);
	if (OBJ_obj2txt(b->sig_alg, sizeof b->sig_alg,
	    OBJ_nid2obj(X509_get_signature_nid(x)), 0) > 0)
		r->sig_alg = b->sig_alg;
	sans(r, b, x);
	bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	if (bc != NULL) {
		r->_is_ca_case = NETCAP__TLSCERTIFICATE___IS_CA_IS_CA;
		r->is_ca = bc->ca != 0;
		BASIC_CONSTRAINTS_free(bc);
	}
	BIO_free(bio);
	X509_free(x);
	return 0;
}
