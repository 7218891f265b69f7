/* Digests fetched once (digest.h). */
#include "digest.h"

#include <pthread.h>

#include <openssl/opensslv.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const EVP_MD *md5, *sha1, *sha256;

static void
fetch(void)
{
#if OPENSSL_VERSION_MAJOR >= 3
	md5 = EVP_MD_fetch(NULL, "MD5", NULL);
	sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
#endif
	/* A provider without them (a FIPS one has no MD5): the stand-ins
	 * fail the same way where used. */
	if (md5 == NULL)
		md5 = EVP_md5();
	if (sha1 == NULL)
		sha1 = EVP_sha1();
	if (sha256 == NULL)
		sha256 = EVP_sha256();
}

const EVP_MD *
nc_md5(void)
{
	pthread_once(&once, fetch);
	return md5;
}

const EVP_MD *
nc_sha1(void)
{
	pthread_once(&once, fetch);
	return sha1;
}

const EVP_MD *
nc_sha256(void)
{
	pthread_once(&once, fetch);
	return sha256;
}
