/* Unit tests for the DNS (mDNS, LLMNR) and NBNS decoders: messages built
 * byte by byte, well-formed and damaged, decoded through nc_decode_layer;
 * every record is packed and unpacked again before its fields are
 * checked. */
#include "dectest.h"

/* "www.example.com" as labels and the root; "" is the root alone. */
static void
name(struct pkt *p, const char *s)
{
	const char *dot;
	size_t len;

	while (*s != '\0') {
		dot = strchr(s, '.');
		len = dot != NULL ? (size_t)(dot - s) : strlen(s);
		u8(p, (unsigned)len);
		raw(p, s, len);
		s += len;
		if (*s == '.')
			s++;
	}
	u8(p, 0);
}

static void
ptr(struct pkt *p, unsigned off)
{
	be16(p, 0xc000 | off);
}

static void
header(struct pkt *p, unsigned id, unsigned flags, unsigned qd, unsigned an,
    unsigned ns, unsigned ar)
{
	p->n = 0;
	be16(p, id);
	be16(p, flags);
	be16(p, qd);
	be16(p, an);
	be16(p, ns);
	be16(p, ar);
}

/* Type, class, TTL and an rdlength patched by rr_end. */
static size_t
rr_begin(struct pkt *p, unsigned type, unsigned class, uint32_t ttl)
{
	be16(p, type);
	be16(p, class);
	be32(p, ttl);
	be16(p, 0);
	return p->n;
}

static void
rr_end(struct pkt *p, size_t at)
{
	set16(p, at - 2, (unsigned)(p->n - at));
}

/* --- decoding and looking at the records ------------------------------- */

static Netcap__DNS *
dns(int nth)
{
	return get(NETCAP__RECORD__RECORD_DNS, nth);
}

/* --- DNS --------------------------------------------------------------- */

static const uint8_t a4[4] = { 203, 0, 113, 10 };
static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x11 };

static void
test_query(void)
{
	static const uint8_t src[4] = { 192, 0, 2, 1 }, dst[4] = { 192, 0, 2, 2 };
	struct pkt p;
	Netcap__DNS *m;

	header(&p, 0xbeef, 0x0130, 1, 0, 0, 0);	/* RD, AD, CD */
	name(&p, "www.example.com");
	be16(&p, 28);
	be16(&p, 1);
	layer("DNS", &p, 40000, 53);
	m = dns(0);
	ok(order_is("DNS"), "query: one DNS record");
	ok(m != NULL && m->ts == 1 && m->packet == 1 &&
	    bin_is(m->src_ip, src, 4) && bin_is(m->dst_ip, dst, 4) &&
	    m->src_port == 40000 && m->dst_port == 53 && m->flow != 0,
	    "query: ts, packet, endpoints, flow");
	ok(m != NULL && str_is(m->flavour, "DNS") &&
	    m->_tcp_length_case == NETCAP__DNS___TCP_LENGTH__NOT_SET,
	    "query: flavour DNS, no TCP length");
	ok(m != NULL && m->id == 0xbeef && !m->qr && m->op_code == 0 &&
	    !m->aa && !m->tc && m->rd && !m->ra && !m->z && m->ad && m->cd &&
	    m->response_code == 0, "query: header flags");
	ok(m != NULL && m->qd_count == 1 && m->an_count == 0 &&
	    m->ns_count == 0 && m->ar_count == 0, "query: counts");
	ok(m != NULL && m->n_questions == 1 &&
	    str_is(m->questions[0]->name, "www.example.com") &&
	    m->questions[0]->type == 28 && m->questions[0]->class_ == 1 &&
	    !m->questions[0]->unicast_response, "query: question");

	/* Every header bit on its own. */
	header(&p, 1, 0xffff, 0, 0, 0, 0);
	layer("DNS", &p, 53, 53);
	m = dns(0);
	ok(m != NULL && m->qr && m->op_code == 15 && m->aa && m->tc &&
	    m->rd && m->ra && m->z && m->ad && m->cd && m->response_code == 15 &&
	    order_is("DNS"), "all header bits set");
}

/* A response with one record of each decoded type; returns the offset
 * of the question name (12). */
static void
response(struct pkt *p)
{
	size_t at;

	header(p, 0x1234, 0x8580, 1, 5, 2, 4);	/* QR AA RD RA */
	name(p, "www.example.com");		/* at 12 */
	be16(p, 1);
	be16(p, 1);
	/* answers: CNAME, A, AAAA, TXT, MX */
	ptr(p, 12);
	at = rr_begin(p, 5, 1, 300);
	u8(p, 3);				/* cdn.<www.example.com> */
	raw(p, "cdn", 3);
	ptr(p, 12);
	rr_end(p, at);
	ptr(p, 12);
	at = rr_begin(p, 1, 1, 60);
	raw(p, a4, 4);
	rr_end(p, at);
	ptr(p, 12);
	at = rr_begin(p, 28, 1, 60);
	raw(p, a6, 16);
	rr_end(p, at);
	ptr(p, 12);
	at = rr_begin(p, 16, 1, 5);
	u8(p, 5);
	raw(p, "v=spf", 5);
	u8(p, 0);				/* an empty string */
	u8(p, 4);
	raw(p, "a\\\x01\x7f", 4);
	rr_end(p, at);
	ptr(p, 16);				/* example.com */
	at = rr_begin(p, 15, 1, 3600);
	be16(p, 10);
	name(p, "mx.example.com");
	rr_end(p, at);
	/* authority: NS, SOA */
	ptr(p, 16);
	at = rr_begin(p, 2, 1, 86400);
	name(p, "ns1.example.com");
	rr_end(p, at);
	ptr(p, 16);
	at = rr_begin(p, 6, 1, 900);
	ptr(p, 16);
	name(p, "hostmaster");
	be32(p, 2024010101);
	be32(p, 7200);
	be32(p, 3600);
	be32(p, 1209600);
	be32(p, 300);
	rr_end(p, at);
	/* additional: SRV, PTR, type 99 (raw), OPT */
	name(p, "_sip._tcp.example.com");
	at = rr_begin(p, 33, 1, 10);
	be16(p, 1);
	be16(p, 2);
	be16(p, 5060);
	name(p, "sip.example.com");
	rr_end(p, at);
	name(p, "10.113.0.203.in-addr.arpa");
	at = rr_begin(p, 12, 1, 10);
	ptr(p, 12);
	rr_end(p, at);
	ptr(p, 12);
	at = rr_begin(p, 99, 1, 10);
	raw(p, "xyz", 3);
	rr_end(p, at);
	u8(p, 0);				/* root */
	at = rr_begin(p, 41, 1232, 0x01008000); /* ext rcode 1, DO */
	be16(p, 8);				/* ECS: IPv4 /24 scope 0 */
	be16(p, 7);
	be16(p, 1);
	u8(p, 24);
	u8(p, 0);
	u8(p, 198);
	u8(p, 51);
	u8(p, 100);
	be16(p, 10);				/* cookie */
	be16(p, 8);
	raw(p, "\1\2\3\4\5\6\7\x08", 8);
	rr_end(p, at);
}

static void
test_response(void)
{
	static const uint8_t ecs[4] = { 198, 51, 100, 0 };
	Netcap__DNSResourceRecord **an, **ns, **ar;
	Netcap__DNS *m;
	struct pkt p;

	response(&p);
	layer("DNS", &p, 53, 40000);
	m = dns(0);
	ok(order_is("DNS"), "response: one DNS record, nothing undecoded");
	if (m == NULL || m->n_answers != 5 || m->n_authorities != 2 ||
	    m->n_additionals != 4) {
		ok(0, "response: section sizes");
		return;
	}
	ok(m->qr && m->aa && m->rd && m->ra && m->an_count == 5 &&
	    m->ns_count == 2 && m->ar_count == 4, "response: header");
	an = m->answers;
	ns = m->authorities;
	ar = m->additionals;
	ok(str_is(an[0]->name, "www.example.com") && an[0]->type == 5 &&
	    an[0]->class_ == 1 && an[0]->ttl == 300 && an[0]->data_length == 6 &&
	    str_is(an[0]->cname, "cdn.www.example.com") && an[0]->data.len == 0,
	    "CNAME through a pointer inside the rdata");
	ok(an[1]->type == 1 && bin_is(an[1]->address_ip, a4, 4) &&
	    an[1]->data_length == 4 && an[1]->data.len == 0, "A");
	ok(an[2]->type == 28 && bin_is(an[2]->address_ip, a6, 16), "AAAA");
	ok(an[3]->n_txts == 3 && str_is(an[3]->txts[0], "v=spf") &&
	    str_is(an[3]->txts[1], "") && str_is(an[3]->txts[2],
	    "a\\\\\\001\\127"), "TXT strings, escaped");
	ok(str_is(an[4]->name, "example.com") && an[4]->mx != NULL &&
	    an[4]->mx->preference == 10 &&
	    str_is(an[4]->mx->name, "mx.example.com"), "MX");
	ok(ns[0]->type == 2 && str_is(ns[0]->ns, "ns1.example.com") &&
	    ns[0]->ttl == 86400, "NS");
	ok(ns[1]->soa != NULL && str_is(ns[1]->soa->mname, "example.com") &&
	    str_is(ns[1]->soa->rname, "hostmaster") &&
	    ns[1]->soa->serial == 2024010101 && ns[1]->soa->refresh == 7200 &&
	    ns[1]->soa->retry == 3600 && ns[1]->soa->expire == 1209600 &&
	    ns[1]->soa->minimum == 300, "SOA");
	ok(str_is(ar[0]->name, "_sip._tcp.example.com") && ar[0]->srv != NULL &&
	    ar[0]->srv->priority == 1 && ar[0]->srv->weight == 2 &&
	    ar[0]->srv->port == 5060 && str_is(ar[0]->srv->name,
	    "sip.example.com"), "SRV");
	ok(str_is(ar[1]->name, "10.113.0.203.in-addr.arpa") &&
	    str_is(ar[1]->ptr, "www.example.com"), "PTR");
	ok(ar[2]->type == 99 && bin_is(ar[2]->data, "xyz", 3) &&
	    ar[2]->data_length == 3, "unknown type: raw rdata");
	ok(str_is(ar[3]->name, ".") && ar[3]->type == 41 &&
	    ar[3]->class_ == 1232 && ar[3]->ttl == 0x01008000 &&
	    ar[3]->_udp_payload_size_case != 0 &&
	    ar[3]->udp_payload_size == 1232 && ar[3]->ext_rcode == 1 &&
	    ar[3]->_edns_version_case != 0 && ar[3]->edns_version == 0 &&
	    ar[3]->dnssec_ok, "OPT: payload size, ext rcode, version, DO");
	ok(ar[3]->n_opt == 2 && ar[3]->opt[0]->code == 8 &&
	    ar[3]->opt[0]->data.len == 7 && ar[3]->opt[0]->ecs_family == 1 &&
	    ar[3]->opt[0]->ecs_source_prefix == 24 &&
	    ar[3]->opt[0]->_ecs_scope_prefix_case != 0 &&
	    ar[3]->opt[0]->ecs_scope_prefix == 0 &&
	    bin_is(ar[3]->opt[0]->ecs_ip, ecs, 4), "OPT: client subnet");
	ok(ar[3]->opt[1]->code == 10 &&
	    bin_is(ar[3]->opt[1]->data, "\1\2\3\4\5\6\7\x08", 8) &&
	    ar[3]->opt[1]->_ecs_family_case == 0 &&
	    ar[3]->opt[1]->ecs_ip.len == 0, "OPT: cookie as code and bytes");

	/* Typed data that does not fill its rdata stays raw. */
	header(&p, 1, 0x8000, 0, 2, 0, 0);
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	be32(&p, 1);
	be16(&p, 3);
	raw(&p, "\1\2\3", 3);
	u8(&p, 0);
	be16(&p, 5);
	be16(&p, 1);
	be32(&p, 1);
	be16(&p, 4);
	raw(&p, "\3www", 4);			/* name runs off the rdata */
	layer("DNS", &p, 53, 1);
	m = dns(0);
	ok(order_is("DNS") && m->n_answers == 2 &&
	    m->answers[0]->address_ip.len == 0 &&
	    bin_is(m->answers[0]->data, "\1\2\3", 3) &&
	    str_is(m->answers[1]->cname, "") &&
	    bin_is(m->answers[1]->data, "\3www", 4),
	    "A of 3 bytes and a CNAME cut in its rdata stay raw");
}

static void
test_names(void)
{
	static const uint8_t odd[] = { 3, 'a', '.', 'b', 3, ' ', 0xff, '\\',
	    2, '"', 'x', 0 };
	struct pkt p;
	Netcap__DNS *m;

	header(&p, 1, 0, 2, 0, 0, 0);
	raw(&p, odd, sizeof odd);
	be16(&p, 1);
	be16(&p, 1);
	u8(&p, 0);
	be16(&p, 2);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	m = dns(0);
	ok(m != NULL && m->n_questions == 2 &&
	    str_is(m->questions[0]->name, "a\\.b.\\032\\255\\\\.\"x"),
	    "dots, spaces, high bytes and backslashes in labels escaped");
	ok(m != NULL && m->n_questions == 2 &&
	    str_is(m->questions[1]->name, "."), "the root name is \".\"");

	/* 63-byte labels up to exactly 255 bytes: 4 * 63 + 3. */
	header(&p, 1, 0, 1, 0, 0, 0);
	for (int i = 0; i < 4; i++) {
		u8(&p, i < 3 ? 63 : 61);
		memset(p.b + p.n, 'a' + i, i < 3 ? 63 : 61);
		p.n += i < 3 ? 63 : 61;
	}
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	m = dns(0);
	ok(order_is("DNS") && m->n_questions == 1 &&
	    strlen(m->questions[0]->name) == 253, "a 255-byte name is whole");
	p.b[12 + 3 * 64] = 62;			/* one more byte: 256 */
	memmove(p.b + 12 + 3 * 64 + 63, p.b + 12 + 3 * 64 + 62, 5);
	p.b[12 + 3 * 64 + 62] = 'd';
	p.n++;
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && dns(0)->n_questions == 0 &&
	    undecoded(0, "DNS", 12, "question 1: name longer than 255"),
	    "a 256-byte name is Undecoded");
}

static void
test_pointers(void)
{
	struct pkt p;
	size_t i, at;

	/* A pointer to itself. */
	header(&p, 1, 0, 1, 0, 0, 0);
	ptr(&p, 12);
	be16(&p, 1);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && undecoded(0, "DNS", 12,
	    "question 1: compression pointer does not point back"),
	    "pointer to itself");

	/* Two pointers to each other (a loop through a label). */
	header(&p, 1, 0, 2, 0, 0, 0);
	u8(&p, 1);
	u8(&p, 'a');
	ptr(&p, 20);
	be16(&p, 1);
	be16(&p, 1);
	ptr(&p, 12);				/* at 20 */
	be16(&p, 1);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && dns(0)->n_questions == 0 &&
	    undecoded(0, "DNS", 12, "question 1: compression pointer"),
	    "forward pointer into a loop");

	/* A chain of 70 pointers, each one back, in an rdata at 23. */
	header(&p, 1, 0x8000, 0, 2, 0, 0);
	u8(&p, 0);				/* 12: root */
	at = rr_begin(&p, 99, 1, 0);
	ptr(&p, 12);				/* 23 */
	for (i = 1; i < 70; i++)
		ptr(&p, (unsigned)(23 + 2 * (i - 1)));
	rr_end(&p, at);
	ptr(&p, 23 + 2 * 69);			/* answer 2 at 163 */
	at = rr_begin(&p, 1, 1, 0);
	raw(&p, a4, 4);
	rr_end(&p, at);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && dns(0)->n_answers == 1 &&
	    undecoded(0, "DNS", 163, "answer 2: too many compression"),
	    "71 chained pointers: too many");

	/* Extended label type 0x40. */
	header(&p, 1, 0, 1, 0, 0, 0);
	u8(&p, 0x41);
	u8(&p, 'x');
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && undecoded(0, "DNS", 12,
	    "question 1: unsupported label type"), "label type 0x40");

	/* Pointer past the end of the message. */
	header(&p, 1, 0, 1, 0, 0, 0);
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	header(&p, 1, 0, 0, 1, 0, 0);
	ptr(&p, 0x3fff);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && undecoded(0, "DNS", 12,
	    "answer 1: compression pointer"), "pointer past the end");
}

static void
test_truncated(void)
{
	struct pkt p;
	size_t n, full;
	int bad = 0, type;

	response(&p);
	full = p.n;
	for (n = 0; n < full; n++) {
		layer_n("DNS", p.b, n, 53, 1);
		if (n < 12) {
			if (!order_is("Undecoded") ||
			    !undecoded(0, "DNS", 0, "truncated header"))
				bad++;
			continue;
		}
		type = nrec > 0 ? rec[nrec - 1].type : 0;
		if (nrec != 2 || rec[0].type != NETCAP__RECORD__RECORD_DNS ||
		    type != NETCAP__RECORD__RECORD_UNDECODED) {
			printf("# at %zu: %s\n", n, order());
			bad++;
		}
	}
	ok(bad == 0, "response cut at every length: DNS and Undecoded, "
	    "or Undecoded alone below 12 bytes");
	layer_n("DNS", p.b, full - 1, 53, 1);
	ok(undecoded(0, "DNS", (uint32_t)(full - 34), "additional 4: rdata "
	    "longer than the message") && dns(0)->n_additionals == 3,
	    "the last record cut: three additionals kept");
}

static void
test_counts(void)
{
	struct pkt p;
	Netcap__DNS *m;
	size_t i;

	/* The header claims 65535 questions; one is there. */
	header(&p, 1, 0, 65535, 65535, 65535, 65535);
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	layer("DNS", &p, 1, 53);
	m = dns(0);
	ok(order_is("DNS,Undecoded") && m->qd_count == 65535 &&
	    m->an_count == 65535 && m->n_questions == 1 &&
	    undecoded(0, "DNS", 17, "question 2: truncated"),
	    "counts as on the wire, the missing records Undecoded");

	header(&p, 1, 0, 40, 0, 0, 0);
	for (i = 0; i < 40; i++) {
		u8(&p, 0);
		be16(&p, 1);
		be16(&p, 1);
	}
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && dns(0)->n_questions == 32 &&
	    undecoded(0, "DNS", 12 + 32 * 5, "more than 32 questions"),
	    "33rd question: Undecoded");

	header(&p, 1, 0x8000, 0, 100, 50, 10);
	for (i = 0; i < 160; i++) {
		u8(&p, 0);
		be16(&p, 1);
		be16(&p, 1);
		be32(&p, 1);
		be16(&p, 4);
		raw(&p, a4, 4);
	}
	layer("DNS", &p, 1, 53);
	m = dns(0);
	ok(order_is("DNS,Undecoded") && m->n_answers == 100 &&
	    m->n_authorities == 28 && m->n_additionals == 0 &&
	    undecoded(0, "DNS", 12 + 128 * 15, "more than 128 resource"),
	    "129th record: Undecoded");

	/* Names whose text fills the 32 KiB pool: 60 answers naming a
	 * 249-byte name of \DDD bytes (1000 characters), then the last
	 * three of its labels (750 characters each: a pointer to the start
	 * of a name read before would reuse its text). */
	header(&p, 1, 0x8000, 0, 60, 0, 0);
	for (i = 0; i < 60; i++) {
		if (i == 0) {
			for (int l = 0; l < 4; l++) {
				u8(&p, 61);
				memset(p.b + p.n, 0xff, 61);
				p.n += 61;
			}
			u8(&p, 0);
		} else
			ptr(&p, 12 + 62);
		be16(&p, 99);
		be16(&p, 1);
		be32(&p, 1);
		be16(&p, 0);
	}
	layer("DNS", &p, 1, 53);
	m = dns(0);
	ok(order_is("DNS,Undecoded") && m->n_answers > 20 &&
	    m->n_answers < 60 && undecoded(0, "DNS",
	    (uint32_t)(12 + 249 + 10 + (m->n_answers - 1) * 12),
	    "answer"), "names beyond the text buffer: Undecoded");

	/* Bytes after the last record. */
	header(&p, 1, 0, 1, 0, 0, 0);
	u8(&p, 0);
	be16(&p, 1);
	be16(&p, 1);
	raw(&p, "junk", 4);
	layer("DNS", &p, 1, 53);
	ok(order_is("DNS,Undecoded") && dns(0)->n_questions == 1 &&
	    undecoded(0, "DNS", 17, "4 bytes after the last record"),
	    "trailing bytes: Undecoded");
}

static void
test_flavours(void)
{
	struct pkt p;
	Netcap__DNS *m;
	size_t at;

	header(&p, 0, 0x8400, 1, 1, 0, 0);
	name(&p, "host.local");
	be16(&p, 255);
	be16(&p, 0x8001);			/* QU */
	ptr(&p, 12);
	at = rr_begin(&p, 1, 0x8001, 120);	/* cache flush */
	raw(&p, a4, 4);
	rr_end(&p, at);
	layer("DNS", &p, 5353, 5353);
	m = dns(0);
	ok(m != NULL && str_is(m->flavour, "mDNS") &&
	    m->questions[0]->class_ == 1 && m->questions[0]->unicast_response &&
	    m->answers[0]->class_ == 1 && m->answers[0]->cache_flush,
	    "mDNS: QU and cache-flush bits split from the class");
	layer("DNS", &p, 53, 40000);
	m = dns(0);
	ok(m != NULL && str_is(m->flavour, "DNS") &&
	    m->questions[0]->class_ == 0x8001 &&
	    !m->questions[0]->unicast_response &&
	    m->answers[0]->class_ == 0x8001 && !m->answers[0]->cache_flush,
	    "DNS: the top class bit stays in the class");
	layer("DNS", &p, 5355, 50000);
	m = dns(0);
	ok(m != NULL && str_is(m->flavour, "LLMNR") &&
	    m->questions[0]->class_ == 0x8001, "LLMNR flavour");
}

static void
test_tcp(void)
{
	struct pkt p, q;
	Netcap__DNS *m;
	size_t len;

	response(&q);
	p.n = 0;
	be16(&p, (unsigned)q.n);
	raw(&p, q.b, q.n);
	header(&q, 7, 0x0100, 1, 0, 0, 0);
	name(&q, "example.org");
	be16(&q, 1);
	be16(&q, 1);
	len = q.n;
	be16(&p, (unsigned)len);
	raw(&p, q.b, q.n);
	layer("DNSTCP", &p, 53, 40000);
	m = dns(1);
	ok(order_is("DNS,DNS") && dns(0)->n_answers == 5 &&
	    dns(0)->_tcp_length_case != 0 && dns(0)->tcp_length == p.n - len -
	    4 && m->id == 7 && m->tcp_length == len &&
	    str_is(m->questions[0]->name, "example.org"),
	    "TCP: two messages in one segment");
	/* Compression pointers count from each message's start. */
	ok(str_is(dns(0)->answers[0]->cname, "cdn.www.example.com"),
	    "TCP: pointers relative to the message");

	be16(&p, 40);
	raw(&p, q.b, 10);
	layer("DNSTCP", &p, 53, 40000);
	ok(order_is("DNS,DNS,Undecoded") && undecoded(0, "DNS",
	    (uint32_t)(p.n - 12), "truncated: message of 40 bytes, 10 in"),
	    "TCP: a message cut by the segment end");
	p.n -= 11;
	layer("DNSTCP", &p, 53, 40000);
	ok(order_is("DNS,DNS,Undecoded") && undecoded(0, "DNS",
	    (uint32_t)(p.n - 1), "truncated: 1 byte of the 2-byte length"),
	    "TCP: one byte of a length");
	p.n = 0;
	be16(&p, 5);
	raw(&p, "hello", 5);
	layer("DNSTCP", &p, 53, 40000);
	ok(order_is("Undecoded") && undecoded(0, "DNS", 0,
	    "not DNS: length 5 below the 12-byte header"),
	    "TCP: a length below the header is not DNS");
}

/* --- NBNS -------------------------------------------------------------- */

/* NAME padded to 15 with spaces, then suffix, first-level encoded. */
static void
nbname(struct pkt *p, const char *nm, unsigned suffix, const char *scope)
{
	uint8_t b[16];
	size_t i;

	memset(b, ' ', 15);
	memcpy(b, nm, strlen(nm));
	b[15] = (uint8_t)suffix;
	u8(p, 32);
	for (i = 0; i < 16; i++) {
		u8(p, 'A' + (b[i] >> 4));
		u8(p, 'A' + (b[i] & 15));
	}
	name(p, scope);
}

static void
test_nbns(void)
{
	static const uint8_t ip1[4] = { 10, 0, 0, 5 }, ip2[4] = { 10, 0, 0, 6 };
	static const uint8_t mac[6] = { 0, 0x0c, 0x29, 1, 2, 3 };
	Netcap__NBNS *m;
	struct pkt p;
	size_t at, full, n;
	int bad = 0;

	header(&p, 0x8001, 0x0110, 1, 0, 0, 0);	/* RD, broadcast */
	nbname(&p, "WORKGROUP", 0x1d, "");
	be16(&p, 0x20);
	be16(&p, 1);
	layer("NBNS", &p, 137, 137);
	m = get(NETCAP__RECORD__RECORD_NBNS, 0);
	ok(order_is("NBNS") && m->id == 0x8001 && !m->response &&
	    m->op_code == 0 && m->rd && m->broadcast && !m->aa &&
	    m->qd_count == 1 && m->src_port == 137 && m->flow != 0,
	    "NBNS query: header");
	ok(m->n_questions == 1 && str_is(m->questions[0]->name, "WORKGROUP") &&
	    m->questions[0]->_suffix_case != 0 &&
	    m->questions[0]->suffix == 0x1d &&
	    str_is(m->questions[0]->scope, "") &&
	    m->questions[0]->type == 0x20 && m->questions[0]->class_ == 1,
	    "NBNS query: first-level decoded name and suffix");

	/* Positive response: two NB entries, scope, compression. */
	header(&p, 2, 0x8500, 0, 2, 0, 0);
	nbname(&p, "HOST1", 0x20, "corp.example");
	at = rr_begin(&p, 0x20, 1, 300000);
	be16(&p, 0x6000);
	raw(&p, ip1, 4);
	be16(&p, 0x8000);
	raw(&p, ip2, 4);
	rr_end(&p, at);
	/* NBSTAT with two names and statistics. */
	ptr(&p, 12);
	at = rr_begin(&p, 0x21, 1, 0);
	u8(&p, 2);
	raw(&p, "HOST1          \x00", 16);
	be16(&p, 0x0400);
	raw(&p, "WORKGROUP      \x1e", 16);
	be16(&p, 0x8400);
	raw(&p, mac, 6);
	raw(&p, "stats", 5);
	rr_end(&p, at);
	layer("NBNS", &p, 137, 137);
	m = get(NETCAP__RECORD__RECORD_NBNS, 0);
	ok(order_is("NBNS") && m->response && m->aa && m->n_answers == 2,
	    "NBNS response: two answers");
	if (m != NULL && m->n_answers == 2) {
		Netcap__NBNSResourceRecord *r = m->answers[0], *s = m->answers[1];

		ok(str_is(r->name, "HOST1") && r->suffix == 0x20 &&
		    str_is(r->scope, "corp.example") && r->type == 0x20 &&
		    r->ttl == 300000 && r->data_length == 12 &&
		    r->n_nb_flags == 2 && r->nb_flags[0] == 0x6000 &&
		    r->nb_flags[1] == 0x8000 && r->n_addresses_ip == 2 &&
		    bin_is(r->addresses_ip[0], ip1, 4) &&
		    bin_is(r->addresses_ip[1], ip2, 4) && r->data.len == 0,
		    "NB: scope, flags and addresses");
		ok(str_is(s->name, "HOST1") && s->type == 0x21 &&
		    s->n_node_names == 2 &&
		    str_is(s->node_names[0], "HOST1<00>") &&
		    str_is(s->node_names[1], "WORKGROUP<1e>") &&
		    s->name_flags[0] == 0x0400 && s->name_flags[1] == 0x8400 &&
		    bin_is(s->unit_id_mac, mac, 6) &&
		    bin_is(s->data, "stats", 5), "NBSTAT: names, unit ID");
	} else {
		ok(0, "NB: scope, flags and addresses");
		ok(0, "NBSTAT: names, unit ID");
	}
	full = p.n;
	for (n = 0; n < full; n++) {
		layer_n("NBNS", p.b, n, 137, 137);
		if (n < 12 ? !order_is("Undecoded") :
		    !order_is("NBNS,Undecoded"))
			bad++;
	}
	ok(bad == 0, "NBNS response cut at every length");

	/* A first label that is not first-level encoding. */
	header(&p, 3, 0, 1, 0, 0, 0);
	name(&p, "wpad");
	be16(&p, 0x20);
	be16(&p, 1);
	layer("NBNS", &p, 137, 137);
	m = get(NETCAP__RECORD__RECORD_NBNS, 0);
	ok(m != NULL && str_is(m->questions[0]->name, "wpad") &&
	    m->questions[0]->_suffix_case == 0, "NBNS: a plain name has no "
	    "suffix");

	/* An odd NB rdata: the whole entries and a leftover. */
	header(&p, 4, 0x8000, 0, 1, 0, 0);
	nbname(&p, "X", 0, "");
	at = rr_begin(&p, 0x20, 1, 1);
	be16(&p, 0);
	raw(&p, ip1, 4);
	raw(&p, "ab", 2);
	rr_end(&p, at);
	layer("NBNS", &p, 137, 137);
	m = get(NETCAP__RECORD__RECORD_NBNS, 0);
	ok(m != NULL && m->answers[0]->n_addresses_ip == 1 &&
	    bin_is(m->answers[0]->data, "ab", 2), "NB: leftover bytes in data");

	/* NBSTAT claiming 255 names with two present. */
	header(&p, 5, 0x8000, 0, 1, 0, 0);
	nbname(&p, "*", 0, "");
	at = rr_begin(&p, 0x21, 1, 0);
	u8(&p, 255);
	raw(&p, "HOST1          \x00", 16);
	be16(&p, 0x0400);
	rr_end(&p, at);
	layer("NBNS", &p, 137, 137);
	m = get(NETCAP__RECORD__RECORD_NBNS, 0);
	ok(m != NULL && m->answers[0]->n_node_names == 1 &&
	    m->answers[0]->unit_id_mac.len == 0 &&
	    str_is(m->answers[0]->name, "*"), "NBSTAT: too many names claimed");
}

int
main(void)
{
	test_query();
	test_response();
	test_names();
	test_pointers();
	test_truncated();
	test_counts();
	test_flavours();
	test_tcp();
	test_nbns();
	clear();
	return tap_done();
}
