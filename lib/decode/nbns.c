/* NetBIOS Name Service messages, RFC 1001 14-15 and RFC 1002 4.2, on UDP
 * port 137.
 *
 *	 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *	+--+-----------+--+--+--+--+--+--+--+-----------+
 *	|                 NAME_TRN_ID                   |
 *	| R|  opcode   |AA|TC|RD|RA| 0| 0| B|   rcode   |
 *	|    QDCOUNT    ANCOUNT    NSCOUNT    ARCOUNT    |
 *	+-----------------------------------------------+
 *
 * The layout is DNS's.  A NetBIOS name travels as a DNS name whose first
 * label is 32 letters 'A'-'P', each the high or low nibble of one byte of
 * the 16-byte name (15 characters padded with spaces, then the suffix
 * byte: the service); the labels after it are the scope.  NB records
 * hold 6-byte entries (flags, IPv4 address), NBSTAT records a name table
 * and adapter statistics. */
#include "decode/internal.h"
#include "decode/dnsname.h"

#include <stdio.h>
#include <string.h>

enum { NBNS_HDR = 12 };

#define NBNS_MAX_Q	16
#define NBNS_MAX_RR	64
#define NBNS_MAX_ADDR	256	/* NB entries of all records */
#define NBNS_MAX_NODE	256	/* NBSTAT names of all records */
#define NBNS_POOL	16384

enum { T_A = 1, T_NB = 0x20, T_NBSTAT = 0x21 };

struct nbns {
	const struct nc_cur *msg;
	Netcap__NBNSQuestion q[NBNS_MAX_Q];
	Netcap__NBNSQuestion *qp[NBNS_MAX_Q];
	Netcap__NBNSResourceRecord rr[NBNS_MAX_RR];
	Netcap__NBNSResourceRecord *rrp[NBNS_MAX_RR];
	ProtobufCBinaryData addr[NBNS_MAX_ADDR];
	uint32_t nbflags[NBNS_MAX_ADDR];
	char *node[NBNS_MAX_NODE];
	uint32_t nodeflags[NBNS_MAX_NODE];
	size_t nq, nrr, naddr, nnode, used;
	char pool[NBNS_POOL];
};

static char *
room(struct nbns *d, size_t len)
{
	return NBNS_POOL - d->used < 4 * len + 8 ? NULL : d->pool + d->used;
}

/* The 16 bytes a 32-letter first label stands for; -1 if it is not one. */
static int
first_level(const uint8_t *label, size_t len, uint8_t out[16])
{
	size_t i;

	if (len != 32)
		return -1;
	for (i = 0; i < 32; i++)
		if (label[i] < 'A' || label[i] > 'P')
			return -1;
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)((label[2 * i] - 'A') << 4 |
		    (label[2 * i + 1] - 'A'));
	return 0;
}

/* name, suffix (-1 for none) and scope of the name at c, in the pool. */
static const char *
nbname(struct nbns *d, struct nc_cur *c, char **name, char **scope,
    int *suffix)
{
	struct nc_dns_name n, rest;
	uint8_t raw[16];
	size_t len, l0;
	const char *why;
	char *s;

	if ((why = nc_dns_name_read(d->msg, c, &n)) != NULL)
		return why;
	if ((s = room(d, n.len)) == NULL)
		return "names exceed the 16384-byte buffer";
	l0 = n.wire[0];
	*suffix = -1;
	*scope = (char *)protobuf_c_empty_string;
	if (l0 == 0 || first_level(n.wire + 1, l0, raw) < 0) {
		len = nc_dns_name_text(&n, s);
		*name = s;
		d->used += len + 1;
		return NULL;
	}
	for (len = 15; len > 0 && raw[len - 1] == ' '; len--)
		;
	len = nc_dns_escape(raw, len, 0, s);
	*name = s;
	*suffix = raw[15];
	d->used += len + 1;
	if (n.len > 1 + l0 + 1) {
		rest.len = n.len - 1 - l0;
		memcpy(rest.wire, n.wire + 1 + l0, rest.len);
		s = d->pool + d->used;
		*scope = s;
		d->used += nc_dns_name_text(&rest, s) + 1;
	}
	return NULL;
}

/* NB entries; what is left over stays in data. */
static void
nb(struct nbns *d, struct nc_cur *rd, Netcap__NBNSResourceRecord *r)
{
	r->nb_flags = d->nbflags + d->naddr;
	r->addresses_ip = d->addr + d->naddr;
	while (nc_cur_left(rd) >= 6 && d->naddr < NBNS_MAX_ADDR) {
		d->nbflags[d->naddr] = nc_cur_be16(rd);
		d->addr[d->naddr].data = (uint8_t *)nc_cur_bytes(rd, 4);
		d->addr[d->naddr].len = 4;
		d->naddr++;
		r->n_nb_flags++;
	}
	r->n_addresses_ip = r->n_nb_flags;
}

static void
nbstat(struct nbns *d, struct nc_cur *rd, Netcap__NBNSResourceRecord *r)
{
	unsigned num, i;
	const uint8_t *p;
	size_t len;
	char *s;

	num = nc_cur_u8(rd);
	r->node_names = d->node + d->nnode;
	r->name_flags = d->nodeflags + d->nnode;
	for (i = 0; i < num && nc_cur_left(rd) >= 18; i++) {
		if (d->nnode == NBNS_MAX_NODE || (s = room(d, 16)) == NULL)
			break;
		p = nc_cur_bytes(rd, 15);	/* the name, then its suffix */
		for (len = 15; len > 0 && p[len - 1] == ' '; len--)
			;
		len = nc_dns_escape(p, len, 0, s);
		len += (size_t)snprintf(s + len, 5, "<%02x>", nc_cur_u8(rd));
		d->used += len + 1;
		d->node[d->nnode] = s;
		d->nodeflags[d->nnode++] = nc_cur_be16(rd);
		r->n_node_names++;
	}
	r->n_name_flags = r->n_node_names;
	if (i == num && nc_cur_left(rd) >= 6) {
		r->unit_id_mac.data = (uint8_t *)nc_cur_bytes(rd, 6);
		r->unit_id_mac.len = 6;
	}
}

static const char *
rr(struct nbns *d, struct nc_cur *c, Netcap__NBNSResourceRecord *r)
{
	struct nc_cur rd;
	const char *why;
	int suffix;

	*r = (Netcap__NBNSResourceRecord)NETCAP__NBNSRESOURCE_RECORD__INIT;
	if ((why = nbname(d, c, &r->name, &r->scope, &suffix)) != NULL)
		return why;
	if (suffix >= 0) {
		NC_DEC_SET(r, NBNSRESOURCE_RECORD, suffix, SUFFIX,
		    (uint32_t)suffix);
	}
	r->type = nc_cur_be16(c);
	r->class_ = nc_cur_be16(c);
	r->ttl = nc_cur_be32(c);
	r->data_length = nc_cur_be16(c);
	if (c->err)
		return "truncated";
	rd = nc_cur_sub(c, r->data_length);
	if (c->err)
		return "rdata longer than the message";
	if (r->type == T_NB)
		nb(d, &rd, r);
	else if (r->type == T_NBSTAT)
		nbstat(d, &rd, r);
	else if (r->type == T_A && nc_cur_left(&rd) == 4 &&
	    d->naddr < NBNS_MAX_ADDR) {
		d->addr[d->naddr].data = (uint8_t *)rd.p;
		d->addr[d->naddr].len = 4;
		r->addresses_ip = d->addr + d->naddr++;
		r->n_addresses_ip = 1;
		nc_cur_skip(&rd, 4);
	}
	r->data.data = (uint8_t *)rd.p;
	r->data.len = nc_cur_left(&rd);
	return NULL;
}

static const char *const section[] = { "answer", "authority", "additional" };

void
nc_dec_nbns(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__NBNS x = NETCAP__NBNS__INIT;
	struct nc_issue is = { 0 };
	struct nbns d;
	struct nc_cur start = *c, at;
	const char *why;
	unsigned flags, count[3], i, s;
	size_t first[3], n[3];
	int suffix;

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_NBNS) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	if (nc_cur_left(c) < NBNS_HDR) {
		nc_dec_truncated(k, "NBNS", c, NBNS_HDR);
		return;
	}
	d.msg = &start;
	d.nq = d.nrr = d.naddr = d.nnode = d.used = 0;
	x.id = nc_cur_be16(c);
	flags = nc_cur_be16(c);
	x.response = flags >> 15;
	x.op_code = flags >> 11 & 0xf;
	x.aa = flags >> 10 & 1;
	x.tc = flags >> 9 & 1;
	x.rd = flags >> 8 & 1;
	x.ra = flags >> 7 & 1;
	x.broadcast = flags >> 4 & 1;
	x.response_code = flags & 0xf;
	x.qd_count = nc_cur_be16(c);
	x.an_count = count[0] = nc_cur_be16(c);
	x.ns_count = count[1] = nc_cur_be16(c);
	x.ar_count = count[2] = nc_cur_be16(c);

	for (i = 0; i < x.qd_count && is.at == NULL; i++) {
		Netcap__NBNSQuestion *q = &d.q[d.nq];

		at = *c;
		if (d.nq == NBNS_MAX_Q) {
			nc_dec_issue(&is, "NBNS", &at, "more than %d questions",
			    NBNS_MAX_Q);
			break;
		}
		*q = (Netcap__NBNSQuestion)NETCAP__NBNSQUESTION__INIT;
		if ((why = nbname(&d, c, &q->name, &q->scope, &suffix)) ==
		    NULL) {
			q->type = nc_cur_be16(c);
			q->class_ = nc_cur_be16(c);
			why = c->err ? "truncated" : NULL;
		}
		if (why != NULL) {
			nc_dec_issue(&is, "NBNS", &at, "question %u: %s", i + 1,
			    why);
			break;
		}
		if (suffix >= 0) {
			NC_DEC_SET(q, NBNSQUESTION, suffix, SUFFIX,
			    (uint32_t)suffix);
		}
		d.qp[d.nq++] = q;
	}
	for (s = 0; s < 3; s++) {
		first[s] = d.nrr;
		for (i = 0; i < count[s] && is.at == NULL; i++) {
			at = *c;
			if (d.nrr == NBNS_MAX_RR) {
				nc_dec_issue(&is, "NBNS", &at, "more than %d "
				    "resource records", NBNS_MAX_RR);
				break;
			}
			if ((why = rr(&d, c, &d.rr[d.nrr])) != NULL) {
				nc_dec_issue(&is, "NBNS", &at, "%s %u: %s",
				    section[s], i + 1, why);
				break;
			}
			d.rrp[d.nrr] = &d.rr[d.nrr];
			d.nrr++;
		}
		n[s] = d.nrr - first[s];
	}
	if (is.at == NULL && nc_cur_left(c) > 0)
		nc_dec_issue(&is, "NBNS", c, "%zu bytes after the last record",
		    nc_cur_left(c));

	if (nc_dec_want(k, NETCAP__RECORD__RECORD_NBNS)) {
		NC_DEC_APP_ENDS(&x, k, a);
		x.n_questions = d.nq;
		x.questions = d.qp;
		x.n_answers = n[0];
		x.answers = d.rrp + first[0];
		x.n_authorities = n[1];
		x.authorities = d.rrp + first[1];
		x.n_additionals = n[2];
		x.additionals = d.rrp + first[2];
		nc_dec_emit(k, NETCAP__RECORD__RECORD_NBNS, &x.base);
	}
	nc_dec_flush_issue(k, &is);
}
