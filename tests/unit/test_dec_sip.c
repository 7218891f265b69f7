/* Unit tests for the SIP decoder: payloads built byte by byte and handed
 * to one decoder through layer_n(); every record is packed and unpacked
 * again before its fields are checked.  Damaged payloads (cut at every
 * length, lying lengths, oversize counts) must give Undecoded records,
 * never a crash. */
#include "dectest.h"

/* --- SIP ----------------------------------------------------------------- */

static void
test_sip(void)
{
	static const char inv[] =
	    "INVITE sip:bob@example.com SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
	    "via: SIP/2.0/UDP b.example.com\r\n"
	    "Max-Forwards: 70\r\n"
	    "To: Bob <sip:bob@example.com>\r\n"
	    "From : Alice <sip:alice@example.com>;tag=1\r\n"
	    "Call-ID:   abc@host  \r\n"
	    " folded continuation\r\n"
	    "CSeq: 1 INVITE\r\n"
	    "Contact: <sip:alice@192.0.2.1>\r\n"
	    "User-Agent: phone/1\r\n"
	    "Content-Type: application/sdp\r\n"
	    "Content-Length: 5\r\n"
	    "\r\n"
	    "v=0\r\n";
	static const char resp[] =
	    "SIP/2.0 486 Busy Here\n"
	    "i: xyz\nf: <sip:a@b>\nt: <sip:c@d>\nv: SIP/2.0/TCP h\n"
	    "m: <sip:e@f>\nc: text/plain\nl: 0\n\n";
	Netcap__SIP *m;
	struct pkt p;
	int i;

	layer_n("SIP", (const uint8_t *)inv, sizeof inv - 1, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 1 && !m->is_response &&
	    txtcmp(m->method, "INVITE") == 0 &&
	    txtcmp(m->request_uri, "sip:bob@example.com") == 0 &&
	    txtcmp(m->version, "SIP/2.0") == 0 && !m->_status_code_case,
	    "SIP request line");
	if (m == NULL)
		return;
	ok(txtcmp(m->via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1") == 0 &&
	    txtcmp(m->to, "Bob <sip:bob@example.com>") == 0 &&
	    txtcmp(m->from, "Alice <sip:alice@example.com>;tag=1") == 0 &&
	    txtcmp(m->call_id, "abc@host") == 0 &&
	    txtcmp(m->cseq, "1 INVITE") == 0 &&
	    txtcmp(m->contact, "<sip:alice@192.0.2.1>") == 0 &&
	    txtcmp(m->user_agent, "phone/1") == 0 &&
	    txtcmp(m->content_type, "application/sdp") == 0 &&
	    m->content_length == 5 && m->max_forwards == 70,
	    "SIP headers: first Via, trimmed values");
	ok(m->n_headers == 11 && txtcmp(m->headers[0], "Via") == 0 &&
	    txtcmp(m->headers[1], "via") == 0 &&
	    txtcmp(m->headers[4], "From") == 0 && m->body_size == 5,
	    "SIP: every header name in order, body size");
	layer_n("SIP", (const uint8_t *)resp, sizeof resp - 1, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 1 && m->is_response && m->status_code == 486 &&
	    txtcmp(m->reason, "Busy Here") == 0 &&
	    txtcmp(m->call_id, "xyz") == 0 &&
	    txtcmp(m->from, "<sip:a@b>") == 0 &&
	    txtcmp(m->to, "<sip:c@d>") == 0 &&
	    txtcmp(m->via, "SIP/2.0/TCP h") == 0 &&
	    txtcmp(m->contact, "<sip:e@f>") == 0 &&
	    txtcmp(m->content_type, "text/plain") == 0 &&
	    m->_content_length_case && m->content_length == 0,
	    "SIP response, compact headers, bare LF");
	layer_n("SIP", (const uint8_t *)"\x16\x03\x01\r\n", 5, 5060, 5060);
	ok(nrec == 1 && has(reason(0), "not SIP"), "SIP: binary: %s", reason(0));
	/* Keep-alives: a record that says so, nothing Undecoded. */
	layer_n("SIP", (const uint8_t *)"\r\n\r\n", 4, 5060, 5060);
	m = named("SIP");
	ok(nrec == 1 && m != NULL && m->keep_alive && m->method.len == 0 &&
	    !m->is_response && m->src_port == 5060 && m->n_headers == 0,
	    "SIP: CRLFCRLF is a keep-alive record");
	layer_n("SIP", (const uint8_t *)"     ", 5, 5060, 5060);
	m = named("SIP");
	ok(nrec == 1 && m != NULL && m->keep_alive, "SIP: spaces keep alive");
	layer_n("SIP", (const uint8_t *)"\r\nX", 3, 5060, 5060);
	ok(nrec == 1 && named("SIP") == NULL && has(reason(0), "not SIP"),
	    "SIP: CRLF then a byte is not a keep-alive: %s", reason(0));
	p.n = 0;
	str(&p, "INVITE sip:x SIP/2.0\r\n\r\n");
	layer_n("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && !m->keep_alive, "SIP: a message is no keep-alive");
	/* Latin-1, a cut UTF-8 sequence and a NUL in a header: every byte
	 * kept, for the sinks to escape. */
	p.n = 0;
	str(&p, "INVITE sip:x SIP/2.0\r\n");
	str(&p, "User-Agent: caf\xe9 \xc3\xa9 \xe2\x82\r\n");
	str(&p, "From: <sip:a");
	fill(&p, 0, 1);
	str(&p, "hidden@x>\r\n\r\n");
	layer_n("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && txtcmp(m->user_agent, "caf\xe9 \xc3\xa9 \xe2\x82") == 0,
	    "SIP: bytes that are not UTF-8 are kept");
	ok(m != NULL && m->from.len == 16 &&
	    memcmp(m->from.data, "<sip:a\0hidden@x>", 16) == 0,
	    "SIP: a NUL inside a header value does not cut it: %zu",
	    m != NULL ? m->from.len : 0);
	layer_n("SIP", (const uint8_t *)"SIP/2.0 2x0 OK\r\n\r\n", 18, 5060,
	    5060);
	ok(nrec == 1 && has(reason(0), "bad status code"), "SIP: %s", reason(0));
	layer_n("SIP", (const uint8_t *)"INVITE sip:x", 12, 5060, 5060);
	ok(nrec == 1 && has(reason(0), "no line end"), "SIP: %s", reason(0));
	layer_n("SIP", (const uint8_t *)"BYE sip:x SIP/2.0\r\nTo: a\r\nbad\r\n",
	    30, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && nrec == 2 && m->n_headers == 1 &&
	    has(reason(0), "without a colon"), "SIP: header without colon: %s",
	    reason(0));
	p.n = 0;
	str(&p, "OPTIONS sip:x SIP/2.0\r\n");
	for (i = 0; i < 100; i++)
		str(&p, "X-A: 1\r\n");
	str(&p, "Content-Length: 99999999999\r\n\r\n");
	layer_n("SIP", p.b, p.n, 5060, 5060);
	m = named("SIP");
	ok(m != NULL && m->n_headers == 64 && !m->_content_length_case &&
	    has(reason(0), "more than 64 headers"),
	    "SIP: 101 headers: 64 names kept; absurd Content-Length dropped");
	p.n = 0;
	str(&p, inv);
	ok(layer_cuts("SIP", &p, 5060, 5060), "SIP: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
}

int
main(void)
{
	test_sip();
	clear();
	return tap_done();
}
