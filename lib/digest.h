/* The message digests the toolkit uses, looked up once.
 *
 * With OpenSSL 3, EVP_md5() and its like return a stand-in that makes
 * every EVP_DigestInit_ex and EVP_Digest fetch the algorithm again from
 * the provider: for a short list (JA3, HASSH) or a small file that
 * lookup costs about as much as the hashing.  These are fetched at the
 * first call, from any thread, and kept for the life of the process. */
#ifndef NC_DIGEST_H
#define NC_DIGEST_H

#include <openssl/evp.h>

const EVP_MD *nc_md5(void);
const EVP_MD *nc_sha1(void);
const EVP_MD *nc_sha256(void);

#endif
