/* Unit tests for the QUIC decoder (lib/decode/quic.c, quic_crypto.c):
 * Initial key derivation and packet decryption against the worked
 * examples of RFC 9001 and RFC 9369, frames and TLS hellos of Initials
 * built here (protected with the same keys), and damaged packets: cut at
 * every length, lying lengths and counts.  Every record is packed and
 * unpacked again before its fields are checked. */
#include <openssl/evp.h>

#include "decode/quic.h"
#include "dectest.h"
#include "quic_vectors.h"

static struct nc_decoder dec;
static struct nc_quic_crypto *qc;	/* keys and masks the tests make */

static void
run(const uint8_t *p, size_t n, unsigned sport, unsigned dport)
{
	clear();
	if (nc_decode_layer(&dec, "QUIC", p, n, sport, dport) != 0)
		abort();
}

static Netcap__QUIC *
quic(int i)
{
	return get(NETCAP__RECORD__RECORD_QUIC, i);
}

static Netcap__Undecoded *
und(void)
{
	return get(NETCAP__RECORD__RECORD_UNDECODED, 0);
}

static int
eqhex(const uint8_t *p, size_t n, const char *h)
{
	uint8_t b[64];
	size_t m = unhex(h, b);

	return m == n && memcmp(p, b, n) == 0;
}

/* --- building protected Initials ---------------------------------------- */

/* An Initial (v1, 2-byte packet number) for plaintext pl, padded with
 * zeros to at least pad bytes of plaintext; keys of key_dcid. */
static void
seal(struct pkt *out, uint32_t version, const uint8_t *dcid, size_t dl,
    const uint8_t *scid, size_t sl, const uint8_t *key_dcid, size_t kl,
    int server, unsigned pn, const uint8_t *pl, size_t n, size_t pad)
{
	struct nc_quic_keys k;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t plain[4096], nonce[12], mask[5];
	size_t len, pn_off, i;
	int l;

	if (nc_quic_initial_keys(qc, version, key_dcid, kl, server, &k) == -1)
		abort();
	memcpy(plain, pl, n);
	if (n < pad) {
		memset(plain + n, 0, pad - n);
		n = pad;
	}
	out->n = 0;
	u8(out, 0xc1 | (version == NC_QUIC_V2 ? 0x10 : 0));
	u8(out, version >> 24);
	u8(out, version >> 16);
	u8(out, version >> 8);
	u8(out, version);
	u8(out, (unsigned)dl);
	raw(out, dcid, dl);
	u8(out, (unsigned)sl);
	raw(out, scid, sl);
	u8(out, 0);				/* token length */
	len = 2 + n + 16;
	be16(out, 0x4000 | (unsigned)len);
	pn_off = out->n;
	be16(out, pn);
	memcpy(nonce, k.iv, 12);
	nonce[10] ^= (uint8_t)(pn >> 8);
	nonce[11] ^= (uint8_t)pn;
	if (EVP_EncryptInit_ex(c, EVP_aes_128_gcm(), NULL, k.key, nonce) != 1 ||
	    EVP_EncryptUpdate(c, NULL, &l, out->b, (int)out->n) != 1 ||
	    EVP_EncryptUpdate(c, out->b + out->n, &l, plain, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, out->b + out->n + n, &l) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16,
	    out->b + out->n + n) != 1)
		abort();
	EVP_CIPHER_CTX_free(c);
	out->n += n + 16;
	if (nc_quic_hp_mask(qc, &k, out->b + pn_off + 4, mask) == -1)
		abort();
	out->b[0] ^= mask[0] & 0x0f;
	for (i = 0; i < 2; i++)
		out->b[pn_off + i] ^= mask[1 + i];
}

static const uint8_t cid8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void
seal_client(struct pkt *out, const uint8_t *pl, size_t n)
{
	seal(out, NC_QUIC_V1, cid8, 8, NULL, 0, cid8, 8, 0, 0, pl, n, 1162);
}

/* --- tests --------------------------------------------------------------- */

static void
test_keys(void)
{
	static const uint8_t dcid[8] = {
		0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08,
	};
	struct nc_quic_keys k;
	uint8_t sample[16], mask[5];

	ok(nc_quic_initial_keys(qc, NC_QUIC_V1, dcid, 8, 0, &k) == 0 &&
	    eqhex(k.key, 16, "1f369613dd76d5467730efcbe3b1a22d") &&
	    eqhex(k.iv, 12, "fa044b2f42a3fd3b46fb255c") &&
	    eqhex(k.hp, 16, "9f50449e04a0e810283a1e9933adedd2"),
	    "keys: v1 client key, iv, hp as RFC 9001 A.1");
	unhex("d1b1c98dd7689fb8ec11d242b123dc9b", sample);
	ok(nc_quic_hp_mask(qc, &k, sample, mask) == 0 &&
	    eqhex(mask, 5, "437b9aec36"), "keys: v1 header protection mask "
	    "as RFC 9001 A.2");
	ok(nc_quic_initial_keys(qc, NC_QUIC_V1, dcid, 8, 1, &k) == 0 &&
	    eqhex(k.key, 16, "cf3a5331653c364c88f0f379b6067e37") &&
	    eqhex(k.iv, 12, "0ac1493ca1905853b0bba03e") &&
	    eqhex(k.hp, 16, "c206b8d9b9f0f37644430b490eeaa314"),
	    "keys: v1 server key, iv, hp as RFC 9001 A.1");
	ok(nc_quic_initial_keys(qc, NC_QUIC_V2, dcid, 8, 0, &k) == 0 &&
	    eqhex(k.key, 16, "8b1a0bc121284290a29e0971b5cd045d") &&
	    eqhex(k.iv, 12, "91f73e2351d8fa91660e909f") &&
	    eqhex(k.hp, 16, "45b95e15235d6f45a6b19cbcb0294ba9"),
	    "keys: v2 client key, iv, hp as RFC 9369 A.1");
	unhex("ffe67b6abcdb4298b485dd04de806071", sample);
	ok(nc_quic_hp_mask(qc, &k, sample, mask) == 0 &&
	    eqhex(mask, 5, "94a0c95e80"), "keys: v2 header protection mask "
	    "as RFC 9369 A.2");
	ok(nc_quic_initial_keys(qc, NC_QUIC_V2, dcid, 8, 1, &k) == 0 &&
	    eqhex(k.key, 16, "82db637861d55e1d011f19ea71d5d2a7") &&
	    eqhex(k.iv, 12, "dd13c276499c0249d3310652") &&
	    eqhex(k.hp, 16, "edf6d05c83121201b436e16877593c3a"),
	    "keys: v2 server key, iv, hp as RFC 9369 A.1");
	ok(nc_quic_initial_keys(qc, 0x12345678, dcid, 8, 0, &k) == -1,
	    "keys: none for an unknown version");
	ok(nc_quic_known(0xff00001d) && nc_quic_known(0xff000020) &&
	    !nc_quic_known(0xff00001c), "keys: draft-29 to draft-32 known");
}

static void
test_rfc9001(void)
{
	static const uint32_t ext[] = {
		0, 0xff01, 10, 16, 5, 51, 43, 13, 45, 28, 57,
	};
	uint8_t p[1300];
	size_t n = unhex(rfc9001_a2, p), i;
	Netcap__QUIC *q;
	int good;

	run(p, n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL, "A.2: one QUIC record, no Undecoded");
	if (q == NULL)
		return;
	ok(q->ts == 1 && q->packet == 1 && q->src_port == 50000 &&
	    q->dst_port == 443 && q->src_ip.len == 4 && q->flow != 0,
	    "A.2: ts, packet, endpoints, flow");
	ok(q->index == 0 && q->header_form == 1 && q->fixed_bit == 1,
	    "A.2: index 0, long header, fixed bit");
	ok(q->_long_packet_type_case ==
	    NETCAP__QUIC___LONG_PACKET_TYPE_LONG_PACKET_TYPE &&
	    q->long_packet_type == 0 && strcmp(q->packet_type, "Initial") == 0,
	    "A.2: long packet type 0, Initial");
	ok(q->_version_case == NETCAP__QUIC___VERSION_VERSION &&
	    q->version == 1, "A.2: version 1");
	ok(q->dcid_len == 8 && bin_hex(q->dcid, "8394c8f03e515708") &&
	    q->_scid_len_case == NETCAP__QUIC___SCID_LEN_SCID_LEN &&
	    q->scid_len == 0 && q->scid.len == 0, "A.2: DCID and empty SCID");
	ok(q->_token_length_case == NETCAP__QUIC___TOKEN_LENGTH_TOKEN_LENGTH &&
	    q->token_length == 0 && q->_length_case ==
	    NETCAP__QUIC___LENGTH_LENGTH && q->length == 0x49e &&
	    q->payload_length == 0x49e, "A.2: token length 0, length 1182");
	ok(q->_decrypted_case == NETCAP__QUIC___DECRYPTED_DECRYPTED &&
	    q->decrypted && q->decrypt_error[0] == '\0', "A.2: decrypted");
	ok(q->_packet_number_case ==
	    NETCAP__QUIC___PACKET_NUMBER_PACKET_NUMBER &&
	    q->packet_number == 2 && q->packet_number_length == 4,
	    "A.2: packet number 2 in 4 bytes");
	ok(q->n_frame_types == 2 && q->frame_types[0] == 6 &&
	    q->frame_types[1] == 0 && q->padding_length == 917,
	    "A.2: CRYPTO then 917 bytes of PADDING");
	ok(q->n_crypto_offsets == 1 && q->crypto_offsets[0] == 0 &&
	    q->n_crypto_lengths == 1 && q->crypto_lengths[0] == 241,
	    "A.2: CRYPTO offset 0 length 241");
	ok(q->tls_handshake_type == 1 && q->tls_version == 0x0303 &&
	    q->_hello_complete_case ==
	    NETCAP__QUIC___HELLO_COMPLETE_HELLO_COMPLETE && q->hello_complete,
	    "A.2: complete ClientHello, legacy version 0x0303");
	ok(bin_hex(q->tls_random, "ebf8fa56f12939b9584a3896472ec40bb863cfd3e86804"
	    "fe3a47f06a2b69484c") && q->tls_session_id.len == 0,
	    "A.2: random, empty session id");
	ok(q->n_cipher_suites == 2 && q->cipher_suites[0] == 0x1301 &&
	    q->cipher_suites[1] == 0x1302, "A.2: cipher suites");
	good = q->n_extensions == sizeof ext / sizeof ext[0];
	for (i = 0; good && i < q->n_extensions; i++)
		good = q->extensions[i] == ext[i];
	ok(good, "A.2: extension types in order");
	ok(!txtcmp(q->sni, "example.com"), "A.2: SNI example.com");
	ok(q->n_alpns == 1 && !txtcmp(q->alpns[0], "alpn"),
	    "A.2: ALPN \"alpn\"");
	ok(q->n_supported_versions_tls == 1 &&
	    q->supported_versions_tls[0] == 0x0304 &&
	    q->n_supported_groups == 3 && q->supported_groups[0] == 0x1d,
	    "A.2: supported versions and groups");
	ok(q->transport_parameters.len == 50 &&
	    q->transport_parameters.data[0] == 0x04,
	    "A.2: transport parameters raw, 50 bytes");

	/* The server's answer (A.3) finds the keys of the client's DCID
	 * through the client's (empty) SCID.  nc_decode_layer's addresses
	 * are fixed, so the answer keeps the client's port order to stay in
	 * the same flow. */
	n = unhex(rfc9001_a3, p);
	run(p, n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->decrypted && q->packet_number == 1 &&
	    q->packet_number_length == 2, "A.3: server Initial decrypted, "
	    "packet number 1");
	if (q == NULL)
		return;
	ok(q->dcid_len == 0 && bin_hex(q->scid, "f067a5502a4262b5") &&
	    q->length == 0x75, "A.3: empty DCID, SCID, length");
	ok(q->n_frame_types == 2 && q->frame_types[0] == 2 &&
	    q->frame_types[1] == 6 && q->_ack_largest_case ==
	    NETCAP__QUIC___ACK_LARGEST_ACK_LARGEST && q->ack_largest == 0,
	    "A.3: ACK (largest 0) and CRYPTO");
	ok(q->tls_handshake_type == 2 && q->hello_complete &&
	    q->n_cipher_suites == 1 && q->cipher_suites[0] == 0x1301 &&
	    q->n_supported_versions_tls == 1 &&
	    q->supported_versions_tls[0] == 0x0304 &&
	    bin_hex(q->tls_random, "eefce7f7b37ba1d1632e96677825ddf73988cfc79825"
	    "df566dc5430b9a045a12"), "A.3: ServerHello fields");
	/* A later short header to the server starts with the connection
	 * ID the server's Initial chose: its length is known now. */
	{
		uint8_t sh[40] = { 0x41, 0xf0, 0x67, 0xa5, 0x50, 0x2a, 0x42,
		    0x62, 0xb5, 0x12, 0x34 };

		run(sh, sizeof sh, 50000, 443);
		q = quic(0);
		ok(q != NULL && strcmp(q->packet_type, "1-RTT") == 0 &&
		    q->_dcid_len_case && q->dcid_len == 8 &&
		    bin_hex(q->dcid, "f067a5502a4262b5") &&
		    q->short_header_raw.len == 0,
		    "1-RTT: DCID length from the flow's Initials");
		run(sh, sizeof sh, 50002, 443);
		q = quic(0);
		ok(q != NULL && !q->_dcid_len_case && q->dcid.len == 0 &&
		    q->short_header_raw.len == 20,
		    "1-RTT: another flow's: DCID length unknown, raw bytes");
	}
	/* Without the client's packet the server's cannot be opened. */
	run(p, n, 443, 50001);
	q = quic(0);
	ok(q != NULL && q->_decrypted_case ==
	    NETCAP__QUIC___DECRYPTED_DECRYPTED && !q->decrypted &&
	    strstr(q->decrypt_error, "authentication failed") != NULL &&
	    q->tls_handshake_type == 0, "A.3: unseen client: decrypted=false "
	    "with the reason");
}

static void
test_rfc9369(void)
{
	uint8_t p[1300];
	size_t n = unhex(rfc9369_a2, p);
	Netcap__QUIC *q;

	run(p, n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->version == NC_QUIC_V2 &&
	    q->long_packet_type == 1 && strcmp(q->packet_type, "Initial") == 0,
	    "v2: type bits 01 are Initial");
	if (q == NULL)
		return;
	ok(q->decrypted && q->packet_number == 2 &&
	    !txtcmp(q->sni, "example.com") && q->hello_complete,
	    "v2: decrypted, SNI");
	/* A v2 packet type 0 is Retry. */
	p[0] = 0xc0;
	run(p, n, 50000, 443);
	q = quic(0);
	ok(q != NULL && strcmp(q->packet_type, "Retry") == 0 &&
	    q->retry_integrity_tag.len == 16 && q->token.len == n - 6 - 9 - 16,
	    "v2: type bits 00 are Retry: token and tag");
}

static void
test_damaged(void)
{
	uint8_t p[1300], c[1300];
	size_t n = unhex(rfc9001_a2, p), i;
	Netcap__QUIC *q;
	Netcap__Undecoded *u;
	int good = 1;

	/* Cut at every length: a record or an Undecoded, never both missing,
	 * never a crash (ASan build). */
	for (i = 1; i < n; i++) {
		memcpy(c, p, i);
		run(c, i, 50000, 443);
		if (nrec == 0 || (quic(0) != NULL && quic(0)->decrypted))
			good = 0;
	}
	ok(good, "cut: every length from 1 to 1199 gives records, none "
	    "decrypted");
	run(p, 30, 50000, 443);
	q = quic(0);
	u = und();
	ok(q != NULL && !q->decrypted && q->length == 0x49e &&
	    q->payload_length == 30 - 18 && u != NULL &&
	    strstr(u->reason, "beyond") != NULL,
	    "cut: length beyond the datagram: record and Undecoded");
	run(p, 10, 50000, 443);
	u = und();
	ok(quic(0) == NULL && u != NULL && strcmp(u->layer, "QUIC") == 0 &&
	    strstr(u->reason, "not QUIC: truncated") != NULL,
	    "cut: in the DCID: Undecoded \"not QUIC\"");
	memcpy(c, p, n);
	c[n - 1] ^= 1;
	run(c, n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->_decrypted_case ==
	    NETCAP__QUIC___DECRYPTED_DECRYPTED && !q->decrypted &&
	    strcmp(q->decrypt_error, "authentication failed") == 0 &&
	    q->n_frame_types == 0 && q->sni.len == 0,
	    "bad tag: decrypted=false, the reason, no Undecoded");
	memcpy(c, p, n);
	c[5] = 21;			/* DCID length */
	run(c, n, 50000, 443);
	u = und();
	ok(quic(0) == NULL && u != NULL && strstr(u->reason, "above 20"),
	    "DCID length 21 in v1: Undecoded");
	memcpy(c, p, n);
	c[5] = 0;			/* shifts the rest: garbage lengths */
	run(c, n, 50000, 443);
	ok(nrec >= 1, "DCID length 0: decoded without crash");
	memcpy(c, p, n);
	c[16] = 0x7f;			/* length 0x3f9e > datagram */
	run(c, n, 50000, 443);
	q = quic(0);
	ok(q != NULL && und() != NULL &&
	    strcmp(q->decrypt_error, "packet shorter than its length") == 0,
	    "length larger than the datagram: reason and Undecoded");
}

static void
test_headers(void)
{
	uint8_t p[1300], b[256];
	struct pkt x;
	size_t n = unhex(rfc9001_a2, p), i;
	Netcap__QUIC *q;
	Netcap__Undecoded *u;

	/* Short header alone: DCID length unknown. */
	memset(b, 0xab, sizeof b);
	b[0] = 0x60;
	run(b, 40, 50000, 443);
	q = quic(0);
	ok(q != NULL && q->header_form == 0 && q->fixed_bit == 1 &&
	    q->_spin_bit_case == NETCAP__QUIC___SPIN_BIT_SPIN_BIT &&
	    q->spin_bit == 1 && strcmp(q->packet_type, "1-RTT") == 0 &&
	    q->_dcid_len_case == NETCAP__QUIC___DCID_LEN__NOT_SET &&
	    q->short_header_raw.len == 20 && q->payload_length == 39 &&
	    q->_version_case == NETCAP__QUIC___VERSION__NOT_SET,
	    "short: spin bit, raw bytes, no DCID length");
	/* After a long header in the same datagram the DCID is known. */
	memcpy(x.b, p, n);
	x.n = n;
	u8(&x, 0x40);
	raw(&x, cid8, 8);
	raw(&x, b, 30);
	run(x.b, x.n, 50000, 443);
	q = quic(1);
	ok(nrec == 2 && q != NULL && q->index == 1 && q->dcid_len == 8 &&
	    q->dcid.len == 8 && q->short_header_raw.len == 0 &&
	    q->payload_length == 30, "coalesced: short header after an "
	    "Initial: DCID of the Initial's length");
	/* Fixed bit clear and no gQUIC version where a client's should be. */
	b[0] = 0x09;
	run(b, 40, 50000, 443);
	u = und();
	ok(quic(0) == NULL && u != NULL && strstr(u->reason, "not QUIC"),
	    "fixed bit clear, no gQUIC version: Undecoded \"not QUIC\"");
	/* Zero padding after a packet. */
	memcpy(x.b, p, n);
	memset(x.b + n, 0, 20);
	run(x.b, n + 20, 50000, 443);
	u = und();
	ok(count(NETCAP__RECORD__RECORD_QUIC) == 1 && u != NULL &&
	    strstr(u->reason, "after coalesced") && u->data.len == 20,
	    "trailing zeros: one record, Undecoded for the 20 bytes");
	/* Version Negotiation. */
	x.n = 0;
	u8(&x, 0x80);
	raw(&x, "\0\0\0\0", 4);
	u8(&x, 4);
	raw(&x, cid8, 4);
	u8(&x, 0);
	raw(&x, "\0\0\0\1\x6b\x33\x43\xcf\xff\0\0\x1d", 12);
	run(x.b, x.n, 443, 50000);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->version == 0 &&
	    strcmp(q->packet_type, "VersionNegotiation") == 0 &&
	    q->n_supported_versions == 3 && q->supported_versions[0] == 1 &&
	    q->supported_versions[1] == NC_QUIC_V2 &&
	    q->supported_versions[2] == 0xff00001d &&
	    q->_long_packet_type_case ==
	    NETCAP__QUIC___LONG_PACKET_TYPE__NOT_SET,
	    "VN: supported versions");
	u8(&x, 1);
	run(x.b, x.n, 443, 50000);
	ok(count(NETCAP__RECORD__RECORD_QUIC) == 1 && und() != NULL,
	    "VN: odd trailing byte: Undecoded");
	/* Retry v1. */
	x.n = 0;
	u8(&x, 0xf0);
	raw(&x, "\0\0\0\1", 4);
	u8(&x, 0);
	u8(&x, 8);
	raw(&x, cid8, 8);
	raw(&x, "tok", 3);
	memset(x.b + x.n, 0xee, 16);
	x.n += 16;
	run(x.b, x.n, 443, 50000);
	q = quic(0);
	ok(q != NULL && strcmp(q->packet_type, "Retry") == 0 &&
	    bin_hex(q->token, "746f6b") && q->retry_integrity_tag.len == 16 &&
	    q->_decrypted_case == NETCAP__QUIC___DECRYPTED__NOT_SET,
	    "Retry: token and tag");
	x.n = 20;
	run(x.b, x.n, 443, 50000);
	ok(count(NETCAP__RECORD__RECORD_QUIC) == 1 && und() != NULL,
	    "Retry shorter than its tag: record and Undecoded");
	/* Unknown version: invariants only. */
	x.n = 0;
	u8(&x, 0xc0);
	raw(&x, "\x1a\x2a\x3a\x4a", 4);
	u8(&x, 30);
	memset(x.b + x.n, 1, 30);
	x.n += 30;
	u8(&x, 0);
	raw(&x, b, 10);
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->version == 0x1a2a3a4a &&
	    q->dcid_len == 30 && q->packet_type[0] == '\0' &&
	    q->payload_length == 10, "unknown version: 30-byte DCID allowed, "
	    "no type name");
	x.b[0] = 0x80;
	run(x.b, x.n, 50000, 443);
	u = und();
	ok(quic(0) == NULL && u != NULL &&
	    strstr(u->reason, "not QUIC: fixed bit clear, unknown version"),
	    "unknown version with the fixed bit clear: Undecoded");
	/* 17 coalesced Handshake packets: 16 records and an Undecoded. */
	x.n = 0;
	for (i = 0; i < 17; i++) {
		u8(&x, 0xe0);
		raw(&x, "\0\0\0\1", 4);
		u8(&x, 0);
		u8(&x, 0);
		u8(&x, 2);
		raw(&x, "\0\0", 2);
	}
	run(x.b, x.n, 50000, 443);
	q = quic(15);
	u = und();
	ok(count(NETCAP__RECORD__RECORD_QUIC) == 16 && q != NULL &&
	    q->index == 15 && strcmp(q->packet_type, "Handshake") == 0 &&
	    u != NULL && strstr(u->reason, "more than 16"),
	    "17 coalesced packets: 16 records, Undecoded for the rest");
}

/* TLS and frames of Initials built here. */
static void
test_frames(void)
{
	struct pkt pl, x, y;
	Netcap__QUIC *q;
	Netcap__Undecoded *u;
	size_t hs, i;

	/* A ClientHello with SNI, two ALPNs, over two coalesced Initials,
	 * CRYPTO frames out of order. */
	pl.n = 0;
	u8(&pl, 1);
	u8(&pl, 0);
	be16(&pl, 0);			/* length, set below */
	be16(&pl, 0x0303);
	memset(pl.b + pl.n, 0x55, 32);
	pl.n += 32;
	u8(&pl, 0);
	be16(&pl, 4);
	be16(&pl, 0x1301);
	be16(&pl, 0x1303);
	u8(&pl, 1);
	u8(&pl, 0);
	be16(&pl, 9 + 4 + 14 + 4);	/* extensions */
	be16(&pl, 0);			/* server_name */
	be16(&pl, 9);
	be16(&pl, 7);
	u8(&pl, 0);
	be16(&pl, 4);
	raw(&pl, "a.io", 4);
	be16(&pl, 16);			/* ALPN */
	be16(&pl, 10);
	be16(&pl, 8);
	u8(&pl, 2);
	raw(&pl, "h3", 2);
	u8(&pl, 4);
	raw(&pl, "hq-x", 4);
	hs = pl.n;
	pl.b[3] = (uint8_t)(hs - 4);
	{
		uint8_t f[512];
		size_t m = 0;

		/* first Initial: bytes 20.. then 0..20; second: none */
		f[m++] = 6;
		f[m++] = 20;
		f[m++] = 0x40;
		f[m++] = (uint8_t)(hs - 20);
		memcpy(f + m, pl.b + 20, hs - 20);
		m += hs - 20;
		f[m++] = 1;		/* PING */
		f[m++] = 6;
		f[m++] = 0;
		f[m++] = 20;
		memcpy(f + m, pl.b, 20);
		m += 20;
		seal_client(&x, f, m);
	}
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->decrypted && q->n_crypto_offsets == 2 &&
	    q->crypto_offsets[0] == 20 && q->crypto_offsets[1] == 0 &&
	    q->n_frame_types == 4 && q->frame_types[1] == 1,
	    "frames: CRYPTO, PING, CRYPTO, PADDING");
	ok(q != NULL && q->hello_complete && !txtcmp(q->sni, "a.io") &&
	    q->n_alpns == 2 && !txtcmp(q->alpns[0], "h3") &&
	    !txtcmp(q->alpns[1], "hq-x") && q->n_cipher_suites == 2 &&
	    q->n_extensions == 2, "frames: out-of-order CRYPTO reassembled: "
	    "SNI, ALPNs");

	/* The same hello over two Initials in one datagram. */
	{
		uint8_t f[512];
		size_t m = 0;

		f[m++] = 6;
		f[m++] = 0;
		f[m++] = 30;
		memcpy(f + m, pl.b, 30);
		m += 30;
		seal(&x, NC_QUIC_V1, cid8, 8, NULL, 0, cid8, 8, 0, 0, f, m, 0);
		m = 0;
		f[m++] = 6;
		f[m++] = 30;
		f[m++] = (uint8_t)(hs - 30);
		memcpy(f + m, pl.b + 30, hs - 30);
		m += hs - 30;
		seal(&y, NC_QUIC_V1, cid8, 8, NULL, 0, cid8, 8, 0, 1, f, m, 900);
		raw(&x, y.b, y.n);
	}
	run(x.b, x.n, 50000, 443);
	ok(count(NETCAP__RECORD__RECORD_QUIC) == 2 && quic(0)->hello_complete &&
	    !txtcmp(quic(0)->sni, "a.io") && quic(1)->sni.len == 0 &&
	    quic(1)->packet_number == 1, "coalesced Initials: hello "
	    "reassembled, fields on the first");
	/* Only the first of them (the other in another datagram). */
	{
		uint8_t f[64];

		f[0] = 6;
		f[1] = 0;
		f[2] = 50;
		memcpy(f + 3, pl.b, 50);
		seal(&x, NC_QUIC_V1, cid8, 8, NULL, 0, cid8, 8, 0, 0, f, 53,
		    1100);
	}
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	ok(q != NULL && q->_hello_complete_case ==
	    NETCAP__QUIC___HELLO_COMPLETE_HELLO_COMPLETE &&
	    !q->hello_complete && q->tls_handshake_type == 1 &&
	    q->n_cipher_suites == 2 && q->sni.len == 0 &&
	    und() == NULL, "split hello: hello_complete=false with what "
	    "was there");

	/* Lying frames: ACK with a huge range count, CRYPTO longer than the
	 * packet, unknown frame, CONNECTION_CLOSE. */
	seal_client(&x, (const uint8_t *)"\x02\x05\x00\xbf\xff\xff\xff"
	    "\xff\xff\xff\xff\x00\x01\x02", 14);
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	u = und();
	ok(q != NULL && q->decrypted && q->ack_largest == 5 && u != NULL &&
	    strstr(u->reason, "0x2 truncated") != NULL, "ACK: a range count "
	    "of 2^30 ends at the end of the plaintext, Undecoded");
	seal_client(&x, (const uint8_t *)"\x06\x00\x7f\xff\x01", 5);
	run(x.b, x.n, 50000, 443);
	u = und();
	ok(quic(0) != NULL && u != NULL && strstr(u->reason, "truncated") &&
	    quic(0)->n_crypto_offsets == 0, "CRYPTO longer than the packet: "
	    "Undecoded");
	seal_client(&x, (const uint8_t *)"\x06\x80\x00\x40\x00\x03" "abc", 10);
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	ok(q != NULL && q->n_crypto_offsets == 1 &&
	    q->crypto_offsets[0] == 0x4000 && q->tls_handshake_type == 0 &&
	    und() == NULL, "CRYPTO beyond the reassembly buffer: "
	    "offset kept, no hello");
	seal_client(&x, (const uint8_t *)"\x01\x08\x00", 3);
	run(x.b, x.n, 50000, 443);
	u = und();
	ok(quic(0) != NULL && u != NULL && strstr(u->reason, "0x8 not "
	    "allowed"), "STREAM frame in an Initial: Undecoded");
	seal_client(&x, (const uint8_t *)"\x1c\x0a\x06\x05oops!", 9);
	run(x.b, x.n, 50000, 443);
	q = quic(0);
	ok(q != NULL && q->close_error_code == 10 && q->close_frame_type == 6 &&
	    !txtcmp(q->close_reason, "oops!"), "CONNECTION_CLOSE: code, "
	    "frame type, reason");
	/* A hello whose inner lengths lie, at every length of the hello. */
	for (i = 4; i < hs; i++) {
		uint8_t f[600];

		memcpy(f + 3, pl.b, hs);
		f[0] = 6;
		f[1] = 0;
		f[2] = (uint8_t)hs;
		f[3 + i] ^= 0xff;
		seal_client(&x, f, hs + 3);
		run(x.b, x.n, 50000, 443);
		if (quic(0) == NULL || !quic(0)->decrypted)
			break;
	}
	ok(i == hs, "hello: every byte flipped in turn decodes without "
	    "crash");
}

/* The plaintext layer the fuzzer uses to reach frames and hellos. */
static void
test_plain(void)
{
	static const uint8_t close[] = "\x1c\x0a\x06\x05oops!";
	uint8_t b[300];
	Netcap__QUIC *q;
	size_t i;

	clear();
	ok(nc_decode_layer(&dec, "QUICPlain", close, sizeof close - 1, 50000,
	    443) == 0 && (q = quic(0)) != NULL && q->decrypted &&
	    !txtcmp(q->close_reason, "oops!"), "QUICPlain: frames of a "
	    "plaintext Initial payload");
	/* A CRYPTO frame holding a hello whose lengths are all 0xff. */
	memset(b, 0xff, sizeof b);
	b[0] = 6;
	b[1] = 0;
	b[2] = 0x41;
	b[3] = 0x00;
	b[4] = 1;
	for (i = 5; i < sizeof b; i++) {
		clear();
		if (nc_decode_layer(&dec, "QUICPlain", b, i, 50000, 443) != 0)
			break;
	}
	q = quic(0);
	ok(i == sizeof b && q != NULL && q->tls_handshake_type == 1 &&
	    !q->hello_complete && q->tls_version == 0xffff,
	    "QUICPlain: a hello of 0xff bytes at every length");
	{
		Netcap__Undecoded *u;
		uint8_t f[200];

		/* 70 PINGs: 64 frame types kept, an Undecoded says so. */
		memset(f, 1, 70);
		clear();
		nc_decode_layer(&dec, "QUICPlain", f, 70, 50000, 443);
		u = und();
		ok((q = quic(0)) != NULL && q->n_frame_types == 64 && u != NULL &&
		    strstr(u->reason, "more than 64 frames"),
		    "QUICPlain: 70 frames: 64 kept and an Undecoded");
		/* 40 one-byte CRYPTO frames: 32 kept, the hello bytes all
		 * reassembled. */
		for (i = 0; i < 40; i++) {
			f[4 * i] = 6;
			f[4 * i + 1] = (uint8_t)i;
			f[4 * i + 2] = 1;
			f[4 * i + 3] = i == 0 ? 1 : 0;
		}
		clear();
		nc_decode_layer(&dec, "QUICPlain", f, 160, 50000, 443);
		q = quic(0);
		ok(q != NULL && q->n_crypto_offsets == 32 &&
		    q->tls_handshake_type == 1 && und() != NULL,
		    "QUICPlain: 40 CRYPTO frames: 32 kept, data reassembled");
	}
}

/* Google QUIC public headers, built by hand from the wire layout. */
static void
test_gquic(void)
{
	static const uint8_t cid[8] = { 0x49, 0xbe, 0xe2, 0xd3, 0xf0, 0xed,
	    0xcc, 0xd6 };
	struct pkt x;
	Netcap__QUIC *q;
	Netcap__Undecoded *u;
	int i;

	/* Client hello of Q025: version, CID, 1-byte packet number. */
	x.n = 0;
	u8(&x, 0x0d);
	raw(&x, cid, 8);
	raw(&x, "Q025", 4);
	u8(&x, 1);
	raw(&x, "0123456789abCHLO", 16);
	run(x.b, x.n, 45931, 443);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->gquic && q->public_flags == 0x0d &&
	    strcmp(q->packet_type, "gQUIC") == 0 &&
	    strcmp(q->gquic_version, "Q025") == 0 && q->version == 0x51303235 &&
	    bin_hex(q->dcid, "49bee2d3f0edccd6") && q->packet_number == 1 &&
	    q->packet_number_length == 1 && q->payload_length == 16 &&
	    q->header_form == 0, "gQUIC: client hello, Q025");
	/* The server's answer: no CID, no version. */
	x.n = 0;
	u8(&x, 0x00);
	u8(&x, 7);
	raw(&x, "0123456789ab", 12);
	run(x.b, x.n, 443, 45931);
	q = quic(0);
	ok(nrec == 1 && q != NULL && q->gquic && q->dcid.len == 0 &&
	    strcmp(q->gquic_version, "") == 0 && q->_version_case == 0 &&
	    q->packet_number == 7 && q->payload_length == 12,
	    "gQUIC: server packet without CID");
	/* Q039 and later: packet numbers are big-endian. */
	x.n = 0;
	u8(&x, 0x19);
	raw(&x, cid, 8);
	raw(&x, "Q039", 4);
	be16(&x, 0x0102);
	raw(&x, "0123456789ab", 12);
	run(x.b, x.n, 45931, 443);
	q = quic(0);
	ok(q != NULL && q->packet_number == 0x0102 &&
	    q->packet_number_length == 2, "gQUIC: Q039 big-endian number");
	/* Q025, same flags: little-endian. */
	x.b[11] = '2';
	x.b[12] = '5';
	run(x.b, x.n, 45931, 443);
	q = quic(0);
	ok(q != NULL && strcmp(q->gquic_version, "Q025") == 0 &&
	    q->packet_number == 0x0201, "gQUIC: Q025 little-endian number");
	/* Without a version a 2-byte number's order is unknown: length
	 * only. */
	x.n = 0;
	u8(&x, 0x18);
	raw(&x, cid, 8);
	be16(&x, 0x0102);
	raw(&x, "0123456789ab", 12);
	run(x.b, x.n, 45931, 443);
	q = quic(0);
	ok(q != NULL && q->_packet_number_case == 0 &&
	    q->packet_number_length == 2 && q->payload_length == 12,
	    "gQUIC: no version, 2-byte number: length, no value");
	/* A server's nonce (Q033 on) before the packet number. */
	x.n = 0;
	u8(&x, 0x04);
	raw(&x, "nonce-nonce-nonce-nonce-nonce-32", 32);
	u8(&x, 9);
	raw(&x, "0123456789ab", 12);
	run(x.b, x.n, 443, 45931);
	q = quic(0);
	ok(q != NULL && q->packet_number == 9 && q->payload_length == 12,
	    "gQUIC: server nonce skipped");
	/* A server's 0x0c: old 8-byte CID or CID and nonce: no number. */
	x.n = 0;
	u8(&x, 0x0c);
	raw(&x, cid, 8);
	raw(&x, "0123456789abcdef", 16);
	run(x.b, x.n, 443, 45931);
	q = quic(0);
	ok(q != NULL && q->dcid.len == 8 && q->_packet_number_case == 0 &&
	    q->_packet_number_length_case == 0,
	    "gQUIC: server 0x0c: CID, number left unset");
	/* Public reset and version negotiation. */
	x.n = 0;
	u8(&x, 0x0a);
	raw(&x, cid, 8);
	raw(&x, "PRST", 4);
	run(x.b, x.n, 443, 45931);
	q = quic(0);
	ok(q != NULL && strcmp(q->packet_type, "PublicReset") == 0 &&
	    q->payload_length == 4, "gQUIC: public reset");
	x.n = 0;
	u8(&x, 0x09);
	raw(&x, cid, 8);
	raw(&x, "Q043Q039Q0", 10);
	run(x.b, x.n, 443, 45931);
	q = quic(0);
	ok(q != NULL && strcmp(q->packet_type, "VersionNegotiation") == 0 &&
	    q->n_supported_versions == 2 &&
	    q->supported_versions[0] == 0x51303433 &&
	    q->supported_versions[1] == 0x51303339 && q->payload_length == 2,
	    "gQUIC: version negotiation lists the versions");
	/* Not gQUIC: a bad label, cut short. */
	x.n = 0;
	u8(&x, 0x09);
	raw(&x, cid, 8);
	raw(&x, "QUIC", 4);
	u8(&x, 1);
	run(x.b, x.n, 45931, 443);
	u = und();
	ok(quic(0) == NULL && u != NULL && strstr(u->reason,
	    "not QUIC: short header with fixed bit clear") != NULL,
	    "gQUIC: version label not Qddd: Undecoded");
	x.n = 0;
	u8(&x, 0x08);
	raw(&x, cid, 5);
	run(x.b, x.n, 45931, 443);
	ok(quic(0) == NULL && und() != NULL, "gQUIC: CID cut short");
	/* A reset bit without the PRST message: DTLS 1.0 from OpenSSL. */
	x.n = 0;
	u8(&x, 0x0a);
	raw(&x, cid, 8);
	raw(&x, "CHLO", 4);
	run(x.b, x.n, 443, 45931);
	ok(quic(0) == NULL && und() != NULL,
	    "gQUIC: a reset without PRST is not gQUIC");
	x.n = 0;
	raw(&x, "\x16\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", 11);
	run(x.b, x.n, 33192, 4433);
	ok(quic(0) == NULL, "gQUIC: DTLS 1.0 (OpenSSL) handshake is not "
	    "a public reset");
	x.n = 0;
	raw(&x, "\x14\x01\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x03", 13);
	run(x.b, x.n, 4433, 33192);
	ok(quic(0) == NULL, "gQUIC: DTLS 1.0 (OpenSSL) change cipher spec "
	    "is not gQUIC");
	/* DTLS 1.2 records of each content type on a QUIC port. */
	for (i = 20; i <= 25; i++) {
		x.n = 0;
		u8(&x, (unsigned)i);
		raw(&x, "\xfe\xfd\x00\x00\x00\x00\x00\x00\x00\x01\x00\x10", 12);
		raw(&x, "0123456789abcdef", 16);
		run(x.b, x.n, 4433, 50000);
		if (quic(0) != NULL)
			break;
	}
	ok(i == 26, "gQUIC: DTLS 1.2 records are not gQUIC (%d)", i);
	x.n = 0;
	u8(&x, 0x28);
	raw(&x, cid, 8);
	u8(&x, 1);
	run(x.b, x.n, 45931, 443);
	q = quic(0);
	u = und();
	ok(q != NULL && q->_packet_number_length_case == 0 && u != NULL &&
	    strstr(u->reason, "gQUIC header cut short") != NULL,
	    "gQUIC: 4-byte number cut short: record and Undecoded");
}

int
main(void)
{
	if (nc_decoder_init(&dec, 1, NULL, 0, collect, NULL) == -1 ||
	    (qc = nc_quic_crypto_new()) == NULL)
		abort();
	test_keys();
	test_rfc9001();
	test_rfc9369();
	test_damaged();
	test_headers();
	test_frames();
	test_plain();
	test_gquic();
	clear();
	nc_decoder_free(&dec);
	nc_quic_crypto_free(qc);
	return tap_done();
}
