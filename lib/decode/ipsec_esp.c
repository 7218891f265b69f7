/* IP Encapsulating Security Payload, RFC 4303 section 2.
 *
 *	+---------------------------------------------------------------+
 *	|               Security Parameters Index (SPI)                 |
 *	|                      Sequence Number                          |
 *	|   IV, payload data, padding, pad length, next header, ICV ... |
 *	+---------------------------------------------------------------+
 *
 * Everything after the sequence number is ciphertext (or integrity-only
 * data that cannot be told apart from it without the SA): its length is
 * recorded and the bytes themselves only with nc-decode -P.  It is not
 * Undecoded, since nothing more could be decoded without the keys. */
#include "decode/internal.h"

enum { ESP_HDR = 8 };

void
nc_dec_ipsec_esp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__IPSecESP e = NETCAP__IPSEC_ESP__INIT;
	struct nc_cur start = *c;

	e.spi = nc_cur_be32(c);
	e.seq = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "IPSecESP", &start, ESP_HDR);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_IPSEC_ESP))
		return;
	NC_DEC_IP_FLOW(&e, k, ip, 0, 0, 50);
	/* On the wire, even where the snap length cut the capture. */
	e.len_encrypted = ip->declared > ESP_HDR ?
	    (uint32_t)(ip->declared - ESP_HDR) : 0;
	if (k->d->payload)
		e.encrypted.data = (uint8_t *)nc_cur_rest(c, &e.encrypted.len);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_IPSEC_ESP, &e.base);
}
