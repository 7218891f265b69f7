/* Extensible Authentication Protocol, RFC 3748, as carried in EAPOL
 * (802.1X) packets of type 0.
 *
 *	+------+----+------------+------+---------------
 *	| code | id | length (2) | type | type data ...    type only in
 *	+------+----+------------+------+---------------   Request/Response
 *
 * Codes 1 Request and 2 Response carry a type (RFC 6696's 5 Initiate and
 * 6 Finish do too); 3 Success and 4 Failure are the 4-byte header.  The
 * identity of an Identity Response is kept as sent, cut at 255 bytes (as
 * the reason says). */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	EAP_HDR = 4,
	EAP_REQUEST = 1,
	EAP_RESPONSE = 2,
	EAP_INITIATE = 5,
	EAP_FINISH = 6,
	TYPE_IDENTITY = 1,
	IDENTITY_MAX = 256,
};


void
nc_dec_eap(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__EAP e = NETCAP__EAP__INIT;
	struct nc_cur at = *c;
	struct nc_issue is = { 0 };
	const uint8_t *p;
	size_t n;

	e.code = nc_cur_u8(c);
	e.id = nc_cur_u8(c);
	e.length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "EAP", &at, EAP_HDR);
		return;
	}
	if (e.code < EAP_REQUEST || e.code > EAP_FINISH) {
		nc_dec_undecoded(k, "EAP", &at, "not EAP: code %u", e.code);
		return;
	}
	if (e.length < EAP_HDR) {
		nc_dec_undecoded(k, "EAP", &at, "bad length %u", e.length);
		return;
	}
	if (e.length > nc_cur_left(&at))
		nc_dec_issue(&is, "EAP", &at, "truncated: %zu of %u bytes",
		    nc_cur_left(&at), e.length);
	else
		nc_cur_limit(c, e.length - EAP_HDR);
	if (e.code == EAP_REQUEST || e.code == EAP_RESPONSE ||
	    e.code == EAP_INITIATE || e.code == EAP_FINISH) {
		if (nc_cur_left(c) > 0) {
			NC_DEC_SET(&e, EAP, type, TYPE, nc_cur_u8(c));
		} else if (e.code <= EAP_RESPONSE)
			nc_dec_issue(&is, "EAP", &at, "%s without a type",
			    e.code == EAP_REQUEST ? "request" : "response");
	}
	p = nc_cur_rest(c, &n);
	e.type_data.data = (uint8_t *)p;
	e.type_data.len = n;
	if (e.code == EAP_RESPONSE && e._type_case != 0 &&
	    e.type == TYPE_IDENTITY) {
		if (n >= IDENTITY_MAX) {
			nc_dec_issue(&is, "EAP", c, "identity cut to %d bytes",
			    IDENTITY_MAX - 1);
			n = IDENTITY_MAX - 1;
		}
		e.identity = nc_dec_span(p, n, IDENTITY_MAX - 1);
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_EAP)) {
		e.ts = k->ts;
		e.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_EAP, &e.base);
	}
	nc_dec_flush_issue(k, &is);
}
