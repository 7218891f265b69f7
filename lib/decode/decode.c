/* The decoder front: link-type dispatch, record emission and the
 * Undecoded record that keeps whatever a decoder could not parse. */
#include "decode/internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Raw IP has two DLT_ values besides its LINKTYPE_ value; the decoders of
 * every link type are in the table (dispatch.h). */
enum {
	DLT_RAW_ = 12,		/* raw IP (14 on OpenBSD) */
	DLT_RAW_OPENBSD_ = 14,
	LINKTYPE_RAW_ = 101,
};

int
nc_decode_linktype_supported(int dlt)
{
	return nc_dispatch_link(dlt) != NULL;
}

/* Tables derived from the compiled-in schema alone: the types the
 * decoders produce, and where each type's "inner" and "quoted" fields live
 * (their offset plus one, 0 if it has none), so that emitting stays
 * generic.  Built once (pthread_once: any thread may be first) and only
 * read afterwards, so every decoder of the process shares them. */
static struct {
	int ids[NC_TYPE_MAX + 1];
	size_t count;
	size_t inner_at[NC_TYPE_MAX + 1];
	size_t quoted_at[NC_TYPE_MAX + 1];
} schema;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

/* The offset plus one of a uint32 field of a type, 0 if it has none. */
static size_t
u32_field_at(const ProtobufCMessageDescriptor *desc, const char *name)
{
	const ProtobufCFieldDescriptor *f;

	f = protobuf_c_message_descriptor_get_field_by_name(desc, name);
	return f != NULL && f->type == PROTOBUF_C_TYPE_UINT32 &&
	    f->label != PROTOBUF_C_LABEL_REPEATED ? f->offset + 1 : 0;
}

static void
schema_fill(void)
{
	const struct nc_type *t;
	size_t i, nt;

	t = nc_types(&nt);
	for (i = 0; i < nt && i < NC_TYPE_MAX + 1; i++) {
		schema.ids[i] = t[i].id;
		schema.inner_at[t[i].id] = u32_field_at(t[i].desc, "inner");
		schema.quoted_at[t[i].id] = u32_field_at(t[i].desc, "quoted");
	}
	schema.count = i;
}

/* Every type of the schema: the decoders produce them all. */
const int *
nc_decode_types(size_t *n)
{
	pthread_once(&schema_once, schema_fill);
	*n = schema.count;
	return schema.ids;
}

int
nc_decode_linktype(int dlt)
{
	if (dlt == DLT_RAW_ || dlt == DLT_RAW_OPENBSD_)
		return LINKTYPE_RAW_;
	return dlt;
}

int
nc_decoder_init(struct nc_decoder *d, int dlt, const struct nc_typeset *want,
    int payload, nc_emit_fn *emit, void *ctx)
{
	memset(d, 0, sizeof *d);
	if (!nc_decode_linktype_supported(dlt)) {
		errno = EINVAL;
		return -1;
	}
	pthread_once(&schema_once, schema_fill);
	d->s = calloc(1, sizeof *d->s);
	if (d->s == NULL)
		return -1;
	nc_entropy_init(&d->s->ent);
	d->s->dns = nc_dns_new();
	d->s->snmp = nc_snmp_new();
	d->s->quic = nc_quic_new();
	d->ipfrag = nc_ipfrag_new();
	if (d->s->dns == NULL || d->s->snmp == NULL || d->s->quic == NULL ||
	    d->ipfrag == NULL) {
		nc_decoder_free(d);
		errno = ENOMEM;
		return -1;
	}
	d->dlt = dlt;
	if (want != NULL)
		d->want = *want;
	else
		nc_typeset_all(&d->want);
	d->payload = payload;
	d->emit = emit;
	d->ctx = ctx;
	return 0;
}

int
nc_decoder_set_dlt(struct nc_decoder *d, int dlt)
{
	if (!nc_decode_linktype_supported(dlt)) {
		errno = EINVAL;
		return -1;
	}
	d->dlt = dlt;
	return 0;
}

void
nc_decoder_free(struct nc_decoder *d)
{
	if (d->s != NULL) {
		nc_dns_free(d->s->dns);
		nc_snmp_free(d->s->snmp);
		nc_quic_free(d->s->quic);
	}
	free(d->s);
	d->s = NULL;
	nc_ipfrag_free(d->ipfrag);
	d->ipfrag = NULL;
}

int
nc_decode_packet(struct nc_decoder *d, int64_t ts_ns, uint64_t packet,
    const uint8_t *data, size_t caplen, size_t wirelen)
{
	const struct nc_dispatch *link;
	struct nc_pkt k;
	struct nc_cur c = nc_cur_make(data, caplen);

	k.d = d;
	k.ts = ts_ns;
	k.packet = packet;
	k.frame = data;
	k.caplen = caplen;
	k.wirelen = wirelen > caplen ? wirelen : caplen;
	k.rc = 0;
	k.depth = 0;
	k.inner = 0;
	k.quoted = 0;
	link = nc_dispatch_link(d->dlt);
	if (link != NULL)
		link->frame(&k, &c);
	else
		nc_dec_undecoded(&k, "pcap", &c, "unsupported link type %d",
		    d->dlt);
	return k.rc;
}

/* Sets the uint32 field at offset at - 1 of msg (nothing for at 0). */
static void
mark(const ProtobufCMessage *msg, size_t at, int v)
{
	if (at != 0)
		*(uint32_t *)((char *)msg + at - 1) = (uint32_t)v;
}

void
nc_dec_emit(struct nc_pkt *k, int type, const ProtobufCMessage *msg)
{
	if (k->rc != 0)
		return;
	/* The record is the caller's, built for this call: marking it as
	 * inner or quoted here saves every decoder from doing it.  The
	 * schema table is complete: nc_decoder_init built it. */
	if ((k->inner > 0 || k->quoted > 0) && type >= 0 &&
	    type <= NC_TYPE_MAX) {
		if (k->inner > 0)
			mark(msg, schema.inner_at[type], k->inner);
		if (k->quoted > 0)
			mark(msg, schema.quoted_at[type], k->quoted);
	}
	k->rc = k->d->emit(k->d->ctx, type, msg);
}

static void
vundecoded(struct nc_pkt *k, const char *layer, const struct nc_cur *at,
    const char *fmt, va_list ap)
{
	Netcap__Undecoded u = NETCAP__UNDECODED__INIT;
	char reason[96];
	size_t off = nc_cur_offset(at, k->frame);

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	vsnprintf(reason, sizeof reason, fmt, ap);
	u.ts = k->ts;
	u.packet = k->packet;
	u.layer = (char *)layer;
	u.offset = (uint32_t)off;
	u.reason = reason;
	/* From the layer's start to the end of the capture, past any window
	 * a declared length narrowed. */
	u.data.data = (uint8_t *)at->p;
	u.data.len = off <= k->caplen ? k->caplen - off : 0;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_UNDECODED, &u.base);
}

void
nc_dec_undecoded(struct nc_pkt *k, const char *layer, const struct nc_cur *at,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vundecoded(k, layer, at, fmt, ap);
	va_end(ap);
}

void
nc_dec_truncated(struct nc_pkt *k, const char *layer, const struct nc_cur *at,
    size_t need)
{
	nc_dec_undecoded(k, layer, at, "truncated header: %zu of %zu bytes",
	    nc_cur_left(at), need);
}

void
nc_dec_issue(struct nc_issue *is, const char *layer, const struct nc_cur *at,
    const char *fmt, ...)
{
	va_list ap;

	if (is->at != NULL)
		return;		/* the first problem is the one that counts */
	is->layer = layer;
	is->at = at->p;
	va_start(ap, fmt);
	vsnprintf(is->reason, sizeof is->reason, fmt, ap);
	va_end(ap);
}

void
nc_dec_flush_issue(struct nc_pkt *k, const struct nc_issue *is)
{
	struct nc_cur at;

	if (is->at == NULL)
		return;
	at = nc_cur_make(is->at, 0);
	nc_dec_undecoded(k, is->layer, &at, "%s", is->reason);
}

double
nc_dec_entropy(struct nc_pkt *k, const uint8_t *p, size_t n)
{
	return nc_entropy(&k->d->s->ent, p, n);
}

uint64_t
nc_dec_flow(const struct nc_ip *ip, uint16_t sport, uint16_t dport,
    uint8_t proto)
{
	return nc_flow_id(ip->src, ip->dst, ip->alen, sport, dport, proto);
}
