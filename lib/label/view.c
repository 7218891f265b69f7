/* What matching reads of a record, found by field name in its type's
 * descriptor, so that a type added to the schema with endpoints, ts,
 * label and labels is labelled with no code here: src_ip/dst_ip (or
 * Connection's orig_ip/resp_ip), the ports likewise, protocol or proto,
 * community_id, and a duration for the records that span a flow. */
#include <stdlib.h>
#include <string.h>

#include "label/internal.h"

#define TIME_MAX	((int64_t)1 << 62)

struct nc_view_fields {
	const ProtobufCFieldDescriptor *ts, *a, *b, *pa, *pb, *proto, *cid,
	    *dur_s, *dur_ms, *label, *labels;
	uint8_t proto_default;
};

static const ProtobufCFieldDescriptor *
field(const ProtobufCMessageDescriptor *d, const char *name,
    ProtobufCType type, int repeated)
{
	const ProtobufCFieldDescriptor *f;

	f = protobuf_c_message_descriptor_get_field_by_name(d, name);
	if (f == NULL || f->type != type ||
	    (f->label == PROTOBUF_C_LABEL_REPEATED) != repeated)
		return NULL;
	return f;
}

static const ProtobufCFieldDescriptor *
either(const ProtobufCMessageDescriptor *d, const char *n1, const char *n2,
    ProtobufCType type)
{
	const ProtobufCFieldDescriptor *f = field(d, n1, type, 0);

	return f != NULL ? f : field(d, n2, type, 0);
}

/* Types without a protocol field whose name says it. */
static uint8_t
proto_by_name(const char *name)
{
	static const struct { const char *name; uint8_t proto; } tab[] = {
		{ "TCP", 6 }, { "UDP", 17 }, { "ICMPv4", 1 },
		{ "ICMPv6", 58 }, { "SSH", 6 }, { "TLSClientHello", 6 },
		{ "TLSServerHello", 6 }, { "TLSCertificate", 6 },
		{ "HTTP", 6 }, { "File", 6 }, { "FTP", 6 }, { "SMTP", 6 },
		{ "POP3", 6 }, { "IMAP", 6 }, { "Credentials", 6 },
		{ "Mail", 6 }, { "Software", 6 }, { "Service", 6 },
	};
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].proto;
	return 0;
}

const struct nc_view_fields *
nc_view_fields(struct nc_labeler *l, const struct nc_type *t)
{
	const ProtobufCMessageDescriptor *d = t->desc;
	struct nc_view_fields *vf;

	if (l->views[t->id] != NULL)
		return l->views[t->id];
	if ((vf = calloc(1, sizeof *vf)) == NULL)
		return NULL;
	vf->ts = field(d, "ts", PROTOBUF_C_TYPE_SFIXED64, 0);
	vf->a = either(d, "src_ip", "orig_ip", PROTOBUF_C_TYPE_BYTES);
	vf->b = either(d, "dst_ip", "resp_ip", PROTOBUF_C_TYPE_BYTES);
	vf->pa = either(d, "src_port", "orig_port", PROTOBUF_C_TYPE_UINT32);
	vf->pb = either(d, "dst_port", "resp_port", PROTOBUF_C_TYPE_UINT32);
	vf->proto = either(d, "protocol", "proto", PROTOBUF_C_TYPE_UINT32);
	vf->cid = field(d, "community_id", PROTOBUF_C_TYPE_STRING, 0);
	vf->dur_s = field(d, "duration", PROTOBUF_C_TYPE_DOUBLE, 0);
	vf->dur_ms = field(d, "bidirectional_duration_ms",
	    PROTOBUF_C_TYPE_DOUBLE, 0);
	vf->label = field(d, "label", PROTOBUF_C_TYPE_STRING, 0);
	vf->labels = field(d, "labels", PROTOBUF_C_TYPE_STRING, 1);
	vf->proto_default = proto_by_name(t->name);
	return l->views[t->id] = vf;
}

int
nc_view_labelable(const struct nc_view_fields *vf)
{
	return vf != NULL && vf->ts != NULL && vf->a != NULL &&
	    vf->b != NULL && vf->label != NULL && vf->labels != NULL;
}

int
nc_labeler_labelable(struct nc_labeler *l, const struct nc_type *t)
{
	return nc_view_labelable(nc_view_fields(l, t));
}

static const void *
at(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m;

	if (f == NULL)
		return NULL;
	/* A member of a oneof that is not the one set reads as absent. */
	if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
	    *(const uint32_t *)(const void *)(base + f->quantifier_offset) !=
	    f->id)
		return NULL;
	return base + f->offset;
}

static uint32_t
u32(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const uint32_t *p = at(m, f);

	return p != NULL ? *p : 0;
}

static double
dbl(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const double *p = at(m, f);

	return p != NULL ? *p : 0;
}

int
nc_view_read(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m, struct nc_view *v)
{
	const struct nc_view_fields *vf = nc_view_fields(l, t);
	const ProtobufCBinaryData *a, *b;
	const int64_t *ts;
	const char *const *cid;
	double span;

	if (!nc_view_labelable(vf))
		return -1;
	ts = at(m, vf->ts);
	a = at(m, vf->a);
	b = at(m, vf->b);
	memset(v, 0, sizeof *v);
	/* A hostile stream's times are clamped so that adding a span or the
	 * tolerance cannot overflow: 2^62 ns is the year 2116. */
	v->r0 = ts != NULL ? *ts : 0;
	if (v->r0 > TIME_MAX || v->r0 < -TIME_MAX)
		v->r0 = v->r0 < 0 ? -TIME_MAX : TIME_MAX;
	v->r1 = v->r0;
	span = dbl(m, vf->dur_s) * 1e9 + dbl(m, vf->dur_ms) * 1e6;
	if (span > 0)
		v->r1 = v->r0 + (span < (double)(TIME_MAX / 2) ?
		    (int64_t)span : TIME_MAX / 2);
	if (a != NULL && b != NULL && a->len == b->len &&
	    (a->len == 4 || a->len == 16)) {
		v->a = a->data;
		v->b = b->data;
		v->alen = a->len;
	}
	v->pa = (uint16_t)u32(m, vf->pa);
	v->pb = (uint16_t)u32(m, vf->pb);
	v->proto = vf->proto != NULL ? (uint8_t)u32(m, vf->proto) :
	    vf->proto_default;
	cid = at(m, vf->cid);
	if (cid != NULL && *cid != NULL && **cid != '\0')
		v->cid = *cid;
	return 0;
}

int
nc_labeler_has_labels(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const struct nc_view_fields *vf = nc_view_fields(l, t);
	const char *base = (const char *)m;
	const char *const *s;

	if (!nc_view_labelable(vf))
		return 0;
	s = at(m, vf->label);
	return (s != NULL && *s != NULL && **s != '\0') ||
	    *(const size_t *)(const void *)(base +
	    vf->labels->quantifier_offset) > 0;
}
