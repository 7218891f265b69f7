/* Simple Network Management Protocol: RFC 1157 (v1), RFC 1901 (v2c),
 * RFC 3416 (PDUs), RFC 3412 (v3 message) and RFC 3414 (USM), in the
 * BER of X.690 restricted to what SNMP uses.
 *
 *	Message ::= SEQUENCE { version INTEGER, community OCTET STRING,
 *	    data PDU }				(v1, v2c)
 *	PDU ::= [n] IMPLICIT SEQUENCE { request-id, error-status,
 *	    error-index INTEGER, variable-bindings SEQUENCE OF
 *	    SEQUENCE { name OID, value } }
 *	Trap-PDU ::= [4] IMPLICIT SEQUENCE { enterprise OID, agent-addr
 *	    IpAddress, generic-trap, specific-trap INTEGER, time-stamp
 *	    TimeTicks, variable-bindings }
 *	SNMPv3Message ::= SEQUENCE { msgVersion, msgGlobalData SEQUENCE {
 *	    msgID, msgMaxSize, msgFlags OCTET STRING, msgSecurityModel },
 *	    msgSecurityParameters OCTET STRING (USM: a SEQUENCE inside),
 *	    msgData: ScopedPDU SEQUENCE { contextEngineID, contextName,
 *	    PDU } or encryptedPDU OCTET STRING }
 *
 * Only definite lengths of at most 4 bytes and single-byte tags, as SNMP
 * sends them; anything else ends the message as Undecoded.  The grammar
 * has a fixed depth, so the walk nests no deeper than it (5 levels) and
 * never recurses.  At most MAX_VB varbinds are kept; more are Undecoded. */
#include "decode/internal.h"
#include "decode/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_VB = 256,
	MAX_SUBIDS = 128,		/* RFC 2578 7.1.3 */
	POOL = 65536			/* varbind text: OIDs and names */
};

enum {
	T_INT = 0x02, T_OCTETS = 0x04, T_NULL = 0x05, T_OID = 0x06,
	T_SEQ = 0x30, T_IPADDR = 0x40, T_COUNTER = 0x41, T_GAUGE = 0x42,
	T_TICKS = 0x43, T_OPAQUE = 0x44, T_COUNTER64 = 0x46,
	T_NOSUCHOBJ = 0x80, T_NOSUCHINST = 0x81, T_ENDOFMIB = 0x82,
	T_TRAP = 0xa4, T_PDU0 = 0xa0, T_PDU8 = 0xa8
};

static const struct {
	unsigned tag;
	const char *name;
} types[] = {
	{ T_INT, "INTEGER" }, { T_OCTETS, "OCTET STRING" },
	{ T_NULL, "NULL" }, { T_OID, "OID" }, { T_IPADDR, "IpAddress" },
	{ T_COUNTER, "Counter32" }, { T_GAUGE, "Gauge32" },
	{ T_TICKS, "TimeTicks" }, { T_OPAQUE, "Opaque" },
	{ T_COUNTER64, "Counter64" }, { T_NOSUCHOBJ, "noSuchObject" },
	{ T_NOSUCHINST, "noSuchInstance" }, { T_ENDOFMIB, "endOfMibView" },
};

struct snmp_scratch {
	Netcap__SNMPVarBind vb[MAX_VB];
	Netcap__SNMPVarBind *vbp[MAX_VB];
	char pool[POOL];
	size_t used;
};

/* About 100 KB, too much for a decoder's stack, so each decoder owns one
 * (nc_decoder_init makes it).  The record points into it only until it is
 * emitted, before nc_dec_snmp returns, and nothing it calls decodes SNMP
 * again, so one per decoder is enough. */
struct nc_snmp {
	struct snmp_scratch s;
};

struct nc_snmp *
nc_snmp_new(void)
{
	return calloc(1, sizeof(struct nc_snmp));
}

void
nc_snmp_free(struct nc_snmp *s)
{
	free(s);
}

/* Reads one TLV: its tag, and its contents as a window split off c.
 * Returns 0 (and sets c->err) when it is not BER SNMP can send. */
static int
tlv(struct nc_cur *c, unsigned *tag, struct nc_cur *v)
{
	size_t len, i, n;

	*tag = nc_cur_u8(c);
	len = nc_cur_u8(c);
	if (c->err || (*tag & 0x1f) == 0x1f)
		goto bad;
	if (len & 0x80) {
		n = len & 0x7f;
		if (n == 0 || n > 4)
			goto bad;	/* indefinite, or absurd */
		for (len = 0, i = 0; i < n; i++)
			len = len << 8 | nc_cur_u8(c);
	}
	*v = nc_cur_sub(c, len);
	return !c->err;
bad:
	c->err = 1;
	return 0;
}

/* A TLV of the tag wanted. */
static int
expect(struct nc_cur *c, unsigned want, struct nc_cur *v)
{
	unsigned tag;

	if (!tlv(c, &tag, v))
		return 0;
	if (tag != want) {
		c->err = 1;
		return 0;
	}
	return 1;
}

/* Two's complement contents, at most 8 bytes (9 for an unsigned 64-bit
 * value with a leading zero). */
static int
integer(const struct nc_cur *v, int is_unsigned, uint64_t *out)
{
	struct nc_cur c = *v;
	size_t n = nc_cur_left(&c), i;
	uint64_t x;

	if (n == 0 || n > 9 || (n == 9 && (!is_unsigned ||
	    nc_cur_peek(&c, 0) != 0)))
		return 0;
	x = !is_unsigned && (nc_cur_peek(&c, 0) & 0x80) ? UINT64_MAX : 0;
	for (i = 0; i < n; i++)
		x = x << 8 | nc_cur_u8(&c);
	*out = x;
	return !c.err;
}

static int
int_tlv(struct nc_cur *c, int64_t *out)
{
	struct nc_cur v;
	uint64_t x;

	if (!expect(c, T_INT, &v) || !integer(&v, 0, &x)) {
		c->err = 1;
		return 0;
	}
	*out = (int64_t)x;
	return 1;
}

/* Takes n bytes from the pool, or NULL. */
static char *
take(struct snmp_scratch *s, size_t n)
{
	char *p;

	if (n > POOL - s->used)
		return NULL;
	p = s->pool + s->used;
	s->used += n;
	return p;
}

/* Dotted decimal of an OID's contents, in the pool; NULL when it is
 * malformed or the pool is spent. */
static char *
oid(const struct nc_cur *v, struct snmp_scratch *s)
{
	struct nc_cur c = *v;
	/* Each sub-id takes at most 20 digits and a dot; the first holds
	 * two arcs. */
	char buf[MAX_SUBIDS * 21 + 32], *out;
	size_t at = 0, nsub = 0;
	uint64_t sub;
	uint8_t b;
	int first = 1;

	if (nc_cur_left(&c) == 0)
		return NULL;
	while (nc_cur_left(&c) > 0) {
		sub = 0;
		do {
			b = nc_cur_u8(&c);
			if (sub > UINT64_MAX >> 7 || c.err)
				return NULL;
			sub = sub << 7 | (b & 0x7f);
		} while (b & 0x80);
		if (++nsub > MAX_SUBIDS)
			return NULL;
		if (first) {
			/* The first byte packs two arcs: 40 * X + Y. */
			unsigned x = sub < 40 ? 0 : sub < 80 ? 1 : 2;

			at += (size_t)snprintf(buf + at, sizeof buf - at,
			    "%u.%llu", x, (unsigned long long)(sub - 40 * x));
			first = 0;
		} else
			at += (size_t)snprintf(buf + at, sizeof buf - at,
			    ".%llu", (unsigned long long)sub);
		if (at >= sizeof buf)
			return NULL;
	}
	if ((out = take(s, at + 1)) == NULL)
		return NULL;
	memcpy(out, buf, at + 1);
	return out;
}

/* An OCTET STRING for a [text] field: every byte, the packet bounds it. */
static ProtobufCBinaryData
span(const struct nc_cur *v)
{
	const uint8_t *p;
	size_t n;

	p = nc_cur_rest(v, &n);
	return nc_dec_span(p, n, n);
}

static const char *
type_name(unsigned tag)
{
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].tag == tag)
			return types[i].name;
	return "unknown";
}

/* One varbind's value; 0 if it is malformed. */
static int
value(Netcap__SNMPVarBind *b, unsigned tag, const struct nc_cur *v,
    struct snmp_scratch *s)
{
	uint64_t x;
	size_t n = nc_cur_left(v);

	b->tag = tag;
	b->value_type = (char *)type_name(tag);
	switch (tag) {
	case T_INT:
		if (!integer(v, 0, &x))
			return 0;
		NC_DEC_SET(b, SNMPVAR_BIND, value_int, VALUE_INT, (int64_t)x);
		break;
	case T_COUNTER:
	case T_GAUGE:
	case T_TICKS:
	case T_COUNTER64:
		if (!integer(v, 1, &x) ||
		    (tag != T_COUNTER64 && x > UINT32_MAX))
			return 0;
		b->value_uint = x;
		b->_value_uint_case =
		    NETCAP__SNMPVAR_BIND___VALUE_UINT_VALUE_UINT;
		break;
	case T_OID:
		if ((b->value_oid = oid(v, s)) == NULL)
			return 0;
		break;
	case T_IPADDR:
		if (n != 4)
			return 0;
		b->value_ip.data = (uint8_t *)v->p;
		b->value_ip.len = 4;
		break;
	case T_NULL:
	case T_NOSUCHOBJ:
	case T_NOSUCHINST:
	case T_ENDOFMIB:
		if (n != 0)
			return 0;
		break;
	default:			/* OCTET STRING, Opaque, unknown */
		b->value_octets.data = (uint8_t *)v->p;
		b->value_octets.len = n;
		break;
	}
	return 1;
}

/* The variable-bindings list; returns 0 and says why in *bad. */
static int
varbinds(Netcap__SNMP *m, struct nc_cur *c, struct snmp_scratch *s,
    const char **bad)
{
	struct nc_cur list, vb, name, v;
	Netcap__SNMPVarBind *b;
	unsigned tag;
	size_t n = 0;

	if (!expect(c, T_SEQ, &list)) {
		*bad = "bad variable-bindings";
		return 0;
	}
	m->varbinds = s->vbp;
	while (nc_cur_left(&list) > 0) {
		if (n == MAX_VB) {
			*bad = "more varbinds than kept";
			return 0;
		}
		if (!expect(&list, T_SEQ, &vb) || !expect(&vb, T_OID, &name) ||
		    !tlv(&vb, &tag, &v) || nc_cur_left(&vb) != 0) {
			*bad = "bad varbind";
			return 0;
		}
		b = &s->vb[n];
		netcap__snmpvar_bind__init(b);
		if ((b->oid = oid(&name, s)) == NULL ||
		    !value(b, tag, &v, s)) {
			*bad = "bad varbind value";
			return 0;
		}
		s->vbp[n] = b;
		m->n_varbinds = ++n;
	}
	return 1;
}

/* A PDU of any type; returns 0 and says why in *bad. */
static int
pdu(Netcap__SNMP *m, struct nc_cur *c, struct snmp_scratch *s,
    const char **bad)
{
	struct nc_cur p, v;
	unsigned tag;
	int64_t x, y, z;
	uint64_t t;
	char *e;

	if (!tlv(c, &tag, &p) || tag < T_PDU0 || tag > T_PDU8) {
		*bad = "bad PDU tag";
		return 0;
	}
	NC_DEC_SET(m, SNMP, pdu_type, PDU_TYPE, tag - T_PDU0);
	if (tag == T_TRAP) {
		if (!expect(&p, T_OID, &v) || (e = oid(&v, s)) == NULL) {
			*bad = "bad trap enterprise";
			return 0;
		}
		m->enterprise = e;
		if (!expect(&p, T_IPADDR, &v) || nc_cur_left(&v) != 4) {
			*bad = "bad trap agent-addr";
			return 0;
		}
		m->agent_addr_ip.data = (uint8_t *)v.p;
		m->agent_addr_ip.len = 4;
		if (!int_tlv(&p, &x) || !int_tlv(&p, &y) ||
		    !expect(&p, T_TICKS, &v) || !integer(&v, 1, &t) ||
		    t > UINT32_MAX) {
			*bad = "bad trap header";
			return 0;
		}
		NC_DEC_SET(m, SNMP, generic_trap, GENERIC_TRAP, (int32_t)x);
		NC_DEC_SET(m, SNMP, specific_trap, SPECIFIC_TRAP, (int32_t)y);
		NC_DEC_SET(m, SNMP, time_stamp, TIME_STAMP, (uint32_t)t);
	} else {
		if (!int_tlv(&p, &x) || !int_tlv(&p, &y) || !int_tlv(&p, &z)) {
			*bad = "bad PDU header";
			return 0;
		}
		NC_DEC_SET(m, SNMP, request_id, REQUEST_ID, (int32_t)x);
		NC_DEC_SET(m, SNMP, error_status, ERROR_STATUS, (int32_t)y);
		NC_DEC_SET(m, SNMP, error_index, ERROR_INDEX, (int32_t)z);
	}
	return varbinds(m, &p, s, bad);
}

/* v3: header data, USM parameters, scoped PDU. */
static int
v3(Netcap__SNMP *m, struct nc_cur *c, struct snmp_scratch *s,
    const char **bad)
{
	struct nc_cur g, sp, usm, v, scoped;
	int64_t x;
	unsigned tag;

	if (!expect(c, T_SEQ, &g) || !int_tlv(&g, &x)) {
		*bad = "bad msgGlobalData";
		return 0;
	}
	NC_DEC_SET(m, SNMP, msg_id, MSG_ID, (int32_t)x);
	if (!int_tlv(&g, &x)) {
		*bad = "bad msgMaxSize";
		return 0;
	}
	NC_DEC_SET(m, SNMP, msg_max_size, MSG_MAX_SIZE, (int32_t)x);
	if (!expect(&g, T_OCTETS, &v) || nc_cur_left(&v) != 1) {
		*bad = "bad msgFlags";
		return 0;
	}
	NC_DEC_SET(m, SNMP, msg_flags, MSG_FLAGS, nc_cur_peek(&v, 0));
	if (!int_tlv(&g, &x)) {
		*bad = "bad msgSecurityModel";
		return 0;
	}
	NC_DEC_SET(m, SNMP, msg_security_model, MSG_SECURITY_MODEL, (int32_t)x);
	if (!expect(c, T_OCTETS, &sp)) {
		*bad = "bad msgSecurityParameters";
		return 0;
	}
	if (m->msg_security_model == 3 && nc_cur_left(&sp) > 0) {
		if (!expect(&sp, T_SEQ, &usm) ||
		    !expect(&usm, T_OCTETS, &v)) {
			*bad = "bad USM parameters";
			return 0;
		}
		m->engine_id.data = (uint8_t *)nc_cur_rest(&v, &m->engine_id.len);
		if (!int_tlv(&usm, &x)) {
			*bad = "bad USM engine boots";
			return 0;
		}
		NC_DEC_SET(m, SNMP, engine_boots, ENGINE_BOOTS, (int32_t)x);
		if (!int_tlv(&usm, &x)) {
			*bad = "bad USM engine time";
			return 0;
		}
		NC_DEC_SET(m, SNMP, engine_time, ENGINE_TIME, (int32_t)x);
		if (!expect(&usm, T_OCTETS, &v)) {
			*bad = "bad USM user name";
			return 0;
		}
		m->user_name = span(&v);
	}
	if (!tlv(c, &tag, &scoped)) {
		*bad = "bad msgData";
		return 0;
	}
	if (tag == T_OCTETS) {
		m->encrypted = 1;
		return 1;
	}
	if (tag != T_SEQ || !expect(&scoped, T_OCTETS, &v)) {
		*bad = "bad scoped PDU";
		return 0;
	}
	m->context_engine_id.data = (uint8_t *)nc_cur_rest(&v,
	    &m->context_engine_id.len);
	if (!expect(&scoped, T_OCTETS, &v)) {
		*bad = "bad contextName";
		return 0;
	}
	m->context_name = span(&v);
	return pdu(m, &scoped, s, bad);
}

void
nc_dec_snmp(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct snmp_scratch *s = &k->d->s->snmp->s;
	Netcap__SNMP m = NETCAP__SNMP__INIT;
	struct nc_cur start = *c, msg, v;
	const char *bad = NULL;
	int64_t ver;
	int ok;

	if (!expect(c, T_SEQ, &msg) || !int_tlv(&msg, &ver) ||
	    (ver != 0 && ver != 1 && ver != 3)) {
		nc_dec_undecoded(k, "SNMP", &start,
		    "not SNMP: no message header");
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_SNMP))
		return;
	s->used = 0;
	m.version = (uint32_t)ver;
	if (ver == 3)
		ok = v3(&m, &msg, s, &bad);
	else if (!expect(&msg, T_OCTETS, &v)) {
		bad = "bad community";
		ok = 0;
	} else {
		m.community = span(&v);
		ok = pdu(&m, &msg, s, &bad);
	}
	NC_DEC_APP_ENDS(&m, k, a);
	/* What was read before a fault is kept: the header fields are
	 * sound, the varbinds up to the bad one too. */
	nc_dec_emit(k, NETCAP__RECORD__RECORD_SNMP, &m.base);
	if (!ok)
		nc_dec_undecoded(k, "SNMP", &start, "%s", bad);
	else if (nc_cur_left(c) > 0)
		nc_dec_undecoded(k, "SNMP", c, "%zu bytes after the message",
		    nc_cur_left(c));
}
