/* Unpacking flat records without protobuf-c's general machinery.
 *
 * protobuf_c_message_unpack was a third of a sink's time on the LAN mix: it
 * scans every field into a temporary list, looks each number up in the
 * descriptor's ranges and handles every label and type at run time.  The
 * records nc-decode writes are mostly flat (TCP, IPv4, Ethernet ...), and
 * for those two passes over the bytes do the same work: the first checks
 * every tag and length and counts repeated elements, the second stores.
 *
 * What comes out must be exactly what protobuf-c makes (the sinks render
 * the struct, and their output may not change), so this file follows
 * protobuf-c 1.4's rules where it accepts input, and declines, returning
 * NULL, wherever those rules get subtle: strings (left to protobuf-c's own
 * checks), nested messages, unknown fields, tags over two bytes, varints
 * with bits past 64, wire types that do not match the field, packed data
 * that does not divide into elements.  The caller then runs protobuf-c on
 * the same bytes. */
#include "unpack.h"

#include <string.h>

enum { WT_VARINT = 0, WT_64BIT = 1, WT_LEN = 2, WT_32BIT = 5, WT_NONE = 8 };

/* Repeated fields' items are kept until the end, when their arrays can be
 * sized; a record with more of them is left to protobuf-c. */
#define MAX_REPEATED 32

/* By ProtobufCType: the wire type of one value (WT_NONE for the types left
 * to protobuf-c) and its size in the struct. */
static const uint8_t wt_of[] = {
	[PROTOBUF_C_TYPE_INT32] = WT_VARINT,
	[PROTOBUF_C_TYPE_SINT32] = WT_VARINT,
	[PROTOBUF_C_TYPE_SFIXED32] = WT_32BIT,
	[PROTOBUF_C_TYPE_INT64] = WT_VARINT,
	[PROTOBUF_C_TYPE_SINT64] = WT_VARINT,
	[PROTOBUF_C_TYPE_SFIXED64] = WT_64BIT,
	[PROTOBUF_C_TYPE_UINT32] = WT_VARINT,
	[PROTOBUF_C_TYPE_FIXED32] = WT_32BIT,
	[PROTOBUF_C_TYPE_UINT64] = WT_VARINT,
	[PROTOBUF_C_TYPE_FIXED64] = WT_64BIT,
	[PROTOBUF_C_TYPE_FLOAT] = WT_32BIT,
	[PROTOBUF_C_TYPE_DOUBLE] = WT_64BIT,
	[PROTOBUF_C_TYPE_BOOL] = WT_VARINT,
	[PROTOBUF_C_TYPE_ENUM] = WT_VARINT,
	[PROTOBUF_C_TYPE_STRING] = WT_NONE,
	[PROTOBUF_C_TYPE_BYTES] = WT_LEN,
	[PROTOBUF_C_TYPE_MESSAGE] = WT_NONE,
};

static const uint8_t size_of[] = {
	[PROTOBUF_C_TYPE_INT32] = 4,
	[PROTOBUF_C_TYPE_SINT32] = 4,
	[PROTOBUF_C_TYPE_SFIXED32] = 4,
	[PROTOBUF_C_TYPE_INT64] = 8,
	[PROTOBUF_C_TYPE_SINT64] = 8,
	[PROTOBUF_C_TYPE_SFIXED64] = 8,
	[PROTOBUF_C_TYPE_UINT32] = 4,
	[PROTOBUF_C_TYPE_FIXED32] = 4,
	[PROTOBUF_C_TYPE_UINT64] = 8,
	[PROTOBUF_C_TYPE_FIXED64] = 8,
	[PROTOBUF_C_TYPE_FLOAT] = 4,
	[PROTOBUF_C_TYPE_DOUBLE] = 8,
	[PROTOBUF_C_TYPE_BOOL] = sizeof(protobuf_c_boolean),
	[PROTOBUF_C_TYPE_ENUM] = 4,
	[PROTOBUF_C_TYPE_STRING] = sizeof(char *),
	[PROTOBUF_C_TYPE_BYTES] = sizeof(ProtobufCBinaryData),
	[PROTOBUF_C_TYPE_MESSAGE] = sizeof(void *),
};

static int
wire_type(ProtobufCType t)
{
	return (unsigned)t < sizeof wt_of ? wt_of[t] : WT_NONE;
}

/* A varint of at most 10 bytes at p[*i, n).  0 when it runs past n or
 * past 64 bits (a tenth byte above 1), which protobuf-c reads differently
 * for bools. */
static inline int
varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	uint64_t x;
	size_t k = *i;
	int shift;

	if (k < n && p[k] < 0x80) {
		*v = p[k];
		*i = k + 1;
		return 1;
	}
	x = 0;
	for (shift = 0; shift < 70 && k < n; shift += 7, k++) {
		x |= (uint64_t)(p[k] & 0x7f) << shift;
		if ((p[k] & 0x80) == 0) {
			if (shift == 63 && p[k] > 1)
				return 0;
			*v = x;
			*i = k + 1;
			return 1;
		}
	}
	return 0;
}

static uint64_t
le64(const uint8_t *p, size_t i)
{
	uint64_t v = 0;
	int k;

	for (k = 7; k >= 0; k--)
		v = v << 8 | p[i + (size_t)k];
	return v;
}

static uint32_t
le32(const uint8_t *p, size_t i)
{
	return (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
	    (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
}

/* The index of field number id in d, whose fields protoc-c sorts by
 * number; -1 if there is none.  Numbers are mostly dense from 1, so the
 * first guess usually hits. */
static inline int
field_index(const ProtobufCMessageDescriptor *d, uint32_t id)
{
	unsigned lo = 0, hi = d->n_fields, mid;

	if (id - 1 < d->n_fields && d->fields[id - 1].id == id)
		return (int)(id - 1);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->fields[mid].id == id)
			return (int)mid;
		if (d->fields[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Reads one value of f's type at p[*k, end) into dst.  0 when it is not
 * there or not taken here. */
static inline int
store(const ProtobufCFieldDescriptor *f, ProtobufCAllocator *a,
    const uint8_t *p, size_t end, size_t *k, void *dst)
{
	uint64_t v;
	uint32_t u32;
	protobuf_c_boolean b;
	ProtobufCBinaryData bd;

	switch (wt_of[f->type]) {
	case WT_64BIT:
		if (end - *k < 8)
			return 0;
		v = le64(p, *k);
		memcpy(dst, &v, 8);
		*k += 8;
		return 1;
	case WT_32BIT:
		if (end - *k < 4)
			return 0;
		u32 = le32(p, *k);
		memcpy(dst, &u32, 4);
		*k += 4;
		return 1;
	case WT_LEN:
		/* protobuf-c reads at most 5 length bytes. */
		u32 = (uint32_t)*k;
		if (!varint(p, end, k, &v) || *k - u32 > 5 || v > end - *k)
			return 0;
		bd.len = (size_t)v;
		bd.data = NULL;
		if (bd.len > 0) {
			if ((bd.data = a->alloc(a->allocator_data, bd.len)) ==
			    NULL)
				return 0;
			memcpy(bd.data, p + *k, bd.len);
		}
		memcpy(dst, &bd, sizeof bd);
		*k += bd.len;
		return 1;
	case WT_VARINT:
		break;
	default:
		return 0;
	}
	if (!varint(p, end, k, &v))
		return 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_SINT32:
		u32 = (uint32_t)v;
		u32 = (u32 >> 1) ^ ((uint32_t)0 - (u32 & 1));
		memcpy(dst, &u32, 4);
		break;
	case PROTOBUF_C_TYPE_SINT64:
		v = (v >> 1) ^ ((uint64_t)0 - (v & 1));
		/* FALLTHROUGH */
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_UINT64:
		memcpy(dst, &v, 8);
		break;
	case PROTOBUF_C_TYPE_BOOL:
		b = v != 0;
		memcpy(dst, &b, sizeof b);
		break;
	default:		/* int32, uint32, enum: the low 32 bits */
		u32 = (uint32_t)v;
		memcpy(dst, &u32, 4);
		break;
	}
	return 1;
}

/* A repeated field's item: where its value lies, after the tag. */
struct item {
	int idx;
	int wt;
	size_t pos;
};

/* Skips the value of wire type wt at p[*k, n). */
static int
skip(const uint8_t *p, size_t n, int wt, size_t *k)
{
	uint64_t v;
	size_t start = *k;

	switch (wt) {
	case WT_VARINT:
		return varint(p, n, k, &v);
	case WT_64BIT:
		if (n - *k < 8)
			return 0;
		*k += 8;
		return 1;
	case WT_32BIT:
		if (n - *k < 4)
			return 0;
		*k += 4;
		return 1;
	case WT_LEN:
		/* protobuf-c reads at most 5 length bytes. */
		if (!varint(p, n, k, &v) || *k - start > 5 || v > n - *k)
			return 0;
		*k += (size_t)v;
		return 1;
	}
	return 0;
}

/* Stores the elements of repeated items it[0, nit) into arrays from a;
 * 0 on what protobuf-c would read differently. */
static int
repeated(const ProtobufCMessageDescriptor *d, ProtobufCAllocator *a,
    const uint8_t *p, size_t n, char *base, struct item *it, size_t nit)
{
	const ProtobufCFieldDescriptor *f;
	size_t i, j, k, c, end, total, sz;
	uint64_t v = 0;
	char *arr;
	int fwt;

	for (i = 0; i < nit; i++) {
		if (it[i].idx < 0)
			continue;	/* done with an earlier item */
		f = &d->fields[it[i].idx];
		fwt = wt_of[f->type];
		sz = size_of[f->type];
		/* Count this field's elements over all its items. */
		total = 0;
		for (j = i; j < nit; j++) {
			if (it[j].idx != it[i].idx)
				continue;
			if (it[j].wt == fwt) {
				total++;
				continue;
			}
			if (it[j].wt != WT_LEN || fwt == WT_LEN)
				return 0;
			/* packed */
			k = it[j].pos;
			varint(p, n, &k, &v);	/* checked by skip() */
			end = k + (size_t)v;
			if (fwt == WT_64BIT || fwt == WT_32BIT) {
				if (v % (fwt == WT_64BIT ? 8 : 4) != 0)
					return 0;
				total += (size_t)v / (fwt == WT_64BIT ? 8 : 4);
				continue;
			}
			for (; k < end; total++)
				if (!varint(p, end, &k, &v))
					return 0;
		}
		if (total == 0)
			continue;
		if ((arr = a->alloc(a->allocator_data, total * sz)) == NULL)
			return 0;
		c = 0;
		for (j = i; j < nit; j++) {
			if (it[j].idx != it[i].idx)
				continue;
			k = it[j].pos;
			if (it[j].wt == fwt) {
				if (!store(f, a, p, n, &k, arr + c++ * sz))
					return 0;
				continue;
			}
			varint(p, n, &k, &v);
			for (end = k + (size_t)v; k < end; c++)
				store(f, a, p, end, &k, arr + c * sz);
		}
		memcpy(base + f->offset, &arr, sizeof arr);
		memcpy(base + f->quantifier_offset, &c, sizeof c);
		/* The field's later items are done too. */
		for (j = i + 1; j < nit; j++)
			if (it[j].idx == it[i].idx)
				it[j].idx = -1;
	}
	return 1;
}

ProtobufCMessage *
nc_unpack_flat(const ProtobufCMessageDescriptor *d, ProtobufCAllocator *a,
    const uint8_t *p, size_t n)
{
	struct item it[MAX_REPEATED];
	const ProtobufCFieldDescriptor *f;
	ProtobufCMessage *m;
	size_t i, nit = 0;
	uint32_t tag;
	char *base;
	int idx;

	if ((m = a->alloc(a->allocator_data, d->sizeof_message)) == NULL)
		return NULL;
	d->message_init(m);
	base = (char *)m;
	for (i = 0; i < n;) {
		/* At most two tag bytes: field numbers up to 2047. */
		if (p[i] < 0x80) {
			tag = p[i++];
		} else {
			if (i + 1 >= n || (p[i + 1] & 0x80))
				return NULL;
			tag = (uint32_t)(p[i] & 0x7f) | (uint32_t)p[i + 1] << 7;
			i += 2;
		}
		if ((tag >> 3) == 0 || (idx = field_index(d, tag >> 3)) < 0)
			return NULL;
		f = &d->fields[idx];
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			if (nit == MAX_REPEATED || wire_type(f->type) == WT_NONE)
				return NULL;
			it[nit].idx = idx;
			it[nit].wt = (int)(tag & 7);
			it[nit].pos = i;
			nit++;
			if (!skip(p, n, (int)(tag & 7), &i))
				return NULL;
			continue;
		}
		if ((int)(tag & 7) != wire_type(f->type) ||
		    f->label == PROTOBUF_C_LABEL_REQUIRED ||
		    !store(f, a, p, n, &i, base + f->offset))
			return NULL;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			memcpy(base + f->quantifier_offset, &f->id,
			    sizeof(uint32_t));
		} else if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
			protobuf_c_boolean has = 1;

			memcpy(base + f->quantifier_offset, &has, sizeof has);
		}
	}
	if (nit > 0 && !repeated(d, a, p, n, base, it, nit))
		return NULL;
	return m;
}
