/* Single-pass protobuf encoder over protobuf-c descriptors.  The output is
 * byte-identical to protobuf_c_message_pack (the unit tests compare them);
 * what differs is the cost.  Each descriptor is compiled once into a plan:
 * one small op per field with its tag bytes pre-encoded and its presence
 * rule and wire encoding folded into two switch values, so the per-record
 * loop does no descriptor interpretation and no second sizing walk. */
#include "pack.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"

/* A packed repeated field's length is written into this many reserved
 * bytes, then the body is moved back over the unused ones.  5 varint bytes
 * hold any 32-bit length. */
#define LEN_SLOT 5

enum kind {
	K_INT32, K_SINT32, K_UINT32, K_INT64, K_SINT64, K_FIXED32, K_FIXED64,
	K_BOOL, K_FLOAT, K_DOUBLE, K_STRING, K_BYTES, K_MESSAGE,
};

enum presence {
	P_ZERO,		/* proto3 singular: skipped when zero */
	P_ONEOF,	/* present when the case member names the field */
	P_HAS,		/* proto2 optional scalar: has_ flag */
	P_PTR,		/* proto2 optional string or message: non-NULL */
	P_REQUIRED,
	P_REPEATED,
	P_PACKED,
};

struct plan;

/* Fast paths for the common fields, tried before the general presence
 * and kind switches.  The dispatch on each field's path is most of the
 * encoder's time (an indirect jump per field), so a run of 32-bit scalars
 * is one step, and an absent message, repeated field or optional
 * uint32 leaves after one test. */
enum fast {
	F_NONE, F_U32, F_U64, F_FIXED64, F_DOUBLE, F_BOOL, F_BYTES, F_STRING,
	F_RUN,		/* this and the next run-1 fields: F_U32 or F_BOOL */
	F_MSG,		/* proto3 message: absent when NULL */
	F_REP,		/* repeated: absent when the count is 0 */
	F_OPT32,	/* uint32 in a oneof of its own: proto3 optional */
};

struct op {
	uint32_t off, qoff, id;
	uint8_t fast, kind, pres, tlen, esize, run;
	uint8_t tag[4];		/* the field's key, varint-encoded */
	const ProtobufCMessageDescriptor *sub;
	const struct plan *subplan;	/* sub's plan, linked once all exist */
};

struct plan {
	const ProtobufCMessageDescriptor *desc;
	unsigned n;
	struct op ops[];
};

/* Plans by descriptor: a small open-addressed table.  Plans depend on the
 * compiled-in schema alone, so the table is filled once, for every message
 * the Record envelope reaches, by the first nc_pack (pthread_once: threads
 * may race to be first), and only read afterwards: every writer of the
 * process shares it. */
#define PLANS 256
static struct plan *plans[PLANS];
static pthread_once_t plans_once = PTHREAD_ONCE_INIT;
static atomic_int plans_ready;		/* saves pthread_once's call */

/* The write position travels as a local pointer, returned by each step
 * (NULL when out of room): through a struct it would be reloaded after
 * every byte store, since a byte store may alias anything. */

static inline uint8_t *
varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline size_t
varint_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static inline uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

static inline uint8_t *
put64(uint8_t *p, uint64_t v)
{
	return put32(put32(p, (uint32_t)v), (uint32_t)(v >> 32));
}

/* Copies n bytes of s to p.  Addresses and most names are 4 to 16 bytes:
 * two overlapping fixed-size moves copy them without a call, reading
 * and writing only within the n bytes. */
static inline uint8_t *
put_bytes(uint8_t *p, const void *s, size_t n)
{
	const uint8_t *q = s;

	if (n >= 8 && n <= 16) {
		uint64_t a, b;

		memcpy(&a, q, 8);
		memcpy(&b, q + n - 8, 8);
		memcpy(p, &a, 8);
		memcpy(p + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		uint32_t a, b;

		memcpy(&a, q, 4);
		memcpy(&b, q + n - 4, 4);
		memcpy(p, &a, 4);
		memcpy(p + n - 4, &b, 4);
	} else if (n > 0)
		memcpy(p, q, n);
	return p + n;
}

static inline uint8_t *
tag(uint8_t *p, const struct op *o)
{
	memcpy(p, o->tag, sizeof o->tag);
	return p + o->tlen;
}

static const struct kinfo {
	uint8_t kind, wire, esize;
} kinfo[] = {
	[PROTOBUF_C_TYPE_INT32] = { K_INT32, 0, 4 },
	[PROTOBUF_C_TYPE_SINT32] = { K_SINT32, 0, 4 },
	[PROTOBUF_C_TYPE_SFIXED32] = { K_FIXED32, 5, 4 },
	[PROTOBUF_C_TYPE_INT64] = { K_INT64, 0, 8 },
	[PROTOBUF_C_TYPE_SINT64] = { K_SINT64, 0, 8 },
	[PROTOBUF_C_TYPE_SFIXED64] = { K_FIXED64, 1, 8 },
	[PROTOBUF_C_TYPE_UINT32] = { K_UINT32, 0, 4 },
	[PROTOBUF_C_TYPE_FIXED32] = { K_FIXED32, 5, 4 },
	[PROTOBUF_C_TYPE_UINT64] = { K_INT64, 0, 8 },
	[PROTOBUF_C_TYPE_FIXED64] = { K_FIXED64, 1, 8 },
	[PROTOBUF_C_TYPE_FLOAT] = { K_FLOAT, 5, 4 },
	[PROTOBUF_C_TYPE_DOUBLE] = { K_DOUBLE, 1, 8 },
	[PROTOBUF_C_TYPE_BOOL] = { K_BOOL, 0, sizeof(protobuf_c_boolean) },
	[PROTOBUF_C_TYPE_ENUM] = { K_INT32, 0, 4 },
	[PROTOBUF_C_TYPE_STRING] = { K_STRING, 2, sizeof(char *) },
	[PROTOBUF_C_TYPE_BYTES] = { K_BYTES, 2, sizeof(ProtobufCBinaryData) },
	[PROTOBUF_C_TYPE_MESSAGE] = { K_MESSAGE, 2, sizeof(void *) },
};

static int
run_member(const struct op *o)
{
	return o->fast == F_U32 || o->fast == F_BOOL;
}

/* Marks each run of two or more F_U32/F_BOOL fields at its first. */
static void
runs(struct plan *pl)
{
	unsigned i, j;

	for (i = 0; i < pl->n; i = j > i ? j : i + 1) {
		for (j = i; j < pl->n && j - i < UINT8_MAX &&
		    run_member(&pl->ops[j]); j++)
			;
		pl->ops[i].run = (uint8_t)(j - i);
		if (j - i >= 2)
			pl->ops[i].fast = F_RUN;
	}
}

static struct plan *
compile(const ProtobufCMessageDescriptor *d)
{
	struct plan *pl = malloc(sizeof *pl + d->n_fields * sizeof pl->ops[0]);
	unsigned i;

	if (pl == NULL)
		return NULL;
	pl->desc = d;
	pl->n = d->n_fields;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const struct kinfo *k = &kinfo[f->type];
		struct op *o = &pl->ops[i];
		uint64_t key;
		uint8_t tmp[10];
		int ptr = f->type == PROTOBUF_C_TYPE_STRING ||
		    f->type == PROTOBUF_C_TYPE_MESSAGE;

		o->off = f->offset;
		o->qoff = f->quantifier_offset;
		o->id = f->id;
		o->kind = k->kind;
		o->esize = k->esize;
		o->sub = f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor : NULL;
		o->subplan = NULL;
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			o->pres = (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED) ?
			    P_PACKED : P_REPEATED;
		else if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			o->pres = P_ONEOF;
		else if (f->label == PROTOBUF_C_LABEL_OPTIONAL)
			o->pres = ptr ? P_PTR : P_HAS;
		else if (f->label == PROTOBUF_C_LABEL_REQUIRED)
			o->pres = P_REQUIRED;
		else
			o->pres = P_ZERO;
		key = (uint64_t)f->id << 3 |
		    (o->pres == P_PACKED ? 2u : k->wire);
		o->tlen = (uint8_t)(varint(tmp, key) - tmp);
		if (o->tlen > sizeof o->tag) {
			free(pl);
			return NULL;
		}
		memcpy(o->tag, tmp, o->tlen);
		o->fast = F_NONE;
		if (o->pres == P_ZERO) {
			switch (f->type) {
			case PROTOBUF_C_TYPE_UINT32: o->fast = F_U32; break;
			case PROTOBUF_C_TYPE_UINT64:
			case PROTOBUF_C_TYPE_INT64: o->fast = F_U64; break;
			case PROTOBUF_C_TYPE_FIXED64:
			case PROTOBUF_C_TYPE_SFIXED64: o->fast = F_FIXED64; break;
			case PROTOBUF_C_TYPE_DOUBLE: o->fast = F_DOUBLE; break;
			case PROTOBUF_C_TYPE_BOOL: o->fast = F_BOOL; break;
			case PROTOBUF_C_TYPE_BYTES: o->fast = F_BYTES; break;
			case PROTOBUF_C_TYPE_STRING: o->fast = F_STRING; break;
			case PROTOBUF_C_TYPE_MESSAGE: o->fast = F_MSG; break;
			default: break;
			}
		} else if (o->pres == P_REPEATED || o->pres == P_PACKED)
			o->fast = F_REP;
		else if (o->pres == P_ONEOF && o->kind == K_UINT32)
			o->fast = F_OPT32;
	}
	runs(pl);
	return pl;
}

/* The plan of d, or NULL when the table has none. */
static const struct plan *
plan_for(const ProtobufCMessageDescriptor *d)
{
	size_t h = ((uintptr_t)d >> 4) % PLANS, i;

	for (i = 0; i < PLANS; i++, h = (h + 1) % PLANS) {
		if (plans[h] == NULL)
			return NULL;
		if (plans[h]->desc == d)
			return plans[h];
	}
	return NULL;
}

/* Compiles d and every message it holds, each once. */
static void
plan_add(const ProtobufCMessageDescriptor *d)
{
	size_t h = ((uintptr_t)d >> 4) % PLANS, i;
	unsigned f;

	for (i = 0; i < PLANS; i++, h = (h + 1) % PLANS) {
		if (plans[h] != NULL && plans[h]->desc == d)
			return;
		if (plans[h] == NULL)
			break;
	}
	if (i == PLANS || (plans[h] = compile(d)) == NULL)
		return;
	for (f = 0; f < d->n_fields; f++)
		if (d->fields[f].type == PROTOBUF_C_TYPE_MESSAGE)
			plan_add(d->fields[f].descriptor);
}

/* Links each message field to its type's plan, saving a table lookup
 * per nested message (three or more a DNS record). */
static void
plans_link(void)
{
	unsigned h, i;

	for (h = 0; h < PLANS; h++)
		for (i = 0; plans[h] != NULL && i < plans[h]->n; i++)
			if (plans[h]->ops[i].sub != NULL)
				plans[h]->ops[i].subplan =
				    plan_for(plans[h]->ops[i].sub);
}

static void
plans_fill(void)
{
	plan_add(&netcap__record__descriptor);
	plans_link();
	atomic_store_explicit(&plans_ready, 1, memory_order_release);
}

static uint8_t *message(uint8_t *p, uint8_t *end, const ProtobufCMessage *m,
    const struct plan *pl);

/* Writes len(body) body.  The body is written by message() after one
 * byte for its length, which holds any body under 128 bytes (nearly all
 * nested records); a longer one moves up to make room for its length. */
static uint8_t *
delimited(uint8_t *p, uint8_t *end, const ProtobufCMessage *m,
    const struct plan *pl)
{
	uint8_t *body, *q;
	size_t n, k;

	if (p == end)
		return NULL;
	body = p + 1;
	if ((q = message(body, end, m, pl)) == NULL)
		return NULL;
	n = (size_t)(q - body);
	k = varint_size(n);
	if (k != 1) {
		if ((size_t)(end - q) < k - 1)
			return NULL;
		memmove(p + k, body, n);
	}
	varint(p, n);
	return p + k + n;
}

/* One value, without its key.  The caller made room for 16 bytes. */
static uint8_t *
value(uint8_t *p, uint8_t *end, const struct op *o, const uint8_t *v)
{
	switch (o->kind) {
	case K_UINT32:
		return varint(p, *(const uint32_t *)v);
	case K_INT32:
		return varint(p, (uint64_t)(int64_t)*(const int32_t *)v);
	case K_SINT32: {
		int32_t x = *(const int32_t *)v;

		return varint(p, ((uint32_t)x << 1) ^ (uint32_t)(x >> 31));
	}
	case K_INT64:
		return varint(p, *(const uint64_t *)v);
	case K_SINT64: {
		int64_t x = *(const int64_t *)v;

		return varint(p, ((uint64_t)x << 1) ^ (uint64_t)(x >> 63));
	}
	case K_FIXED32:
	case K_FLOAT: {
		uint32_t x;

		memcpy(&x, v, 4);
		return put32(p, x);
	}
	case K_FIXED64:
	case K_DOUBLE: {
		uint64_t x;

		memcpy(&x, v, 8);
		return put64(p, x);
	}
	case K_BOOL:
		*p++ = *(const protobuf_c_boolean *)v ? 1 : 0;
		return p;
	case K_STRING: {
		const char *s = *(char *const *)v;
		size_t n = s != NULL ? strlen(s) : 0;

		if ((size_t)(end - p) < n + 10)
			return NULL;
		p = varint(p, n);
		if (n > 0)
			memcpy(p, s, n);
		return p + n;
	}
	case K_BYTES: {
		const ProtobufCBinaryData *b = (const ProtobufCBinaryData *)v;

		if ((size_t)(end - p) < b->len + 10)
			return NULL;
		p = varint(p, b->len);
		if (b->len > 0)
			memcpy(p, b->data, b->len);
		return p + b->len;
	}
	case K_MESSAGE: {
		const ProtobufCMessage *sub = *(ProtobufCMessage *const *)v;

		if (sub == NULL) {
			*p++ = 0;	/* as protobuf-c: an empty message */
			return p;
		}
		return delimited(p, end, sub, o->subplan);
	}
	}
	return NULL;
}

/* Whether a proto3 field holds its zero value, which is not serialized
 * (the test protobuf-c applies: -0.0 counts as zero, as do "" and an empty
 * bytes field). */
static int
zero(const struct op *o, const uint8_t *v)
{
	switch (o->kind) {
	case K_INT64: case K_SINT64: case K_FIXED64:
		return *(const uint64_t *)v == 0;
	case K_DOUBLE:
		return *(const double *)v == 0;
	case K_FLOAT:
		return *(const float *)v == 0;
	case K_STRING: {
		const char *s = *(char *const *)v;

		return s == NULL || *s == '\0';
	}
	case K_BYTES:
		return ((const ProtobufCBinaryData *)v)->len == 0;
	case K_MESSAGE:
		return *(void *const *)v == NULL;
	default:
		return *(const uint32_t *)v == 0;
	}
}

static uint8_t *
repeated(uint8_t *p, uint8_t *end, const struct op *o, size_t n,
    const uint8_t *arr)
{
	size_t i;

	if (o->pres == P_PACKED) {
		uint8_t *slot, *body;
		size_t len, k;

		if ((size_t)(end - p) / 10 < n + 2)
			return NULL;
		slot = tag(p, o);
		p = body = slot + LEN_SLOT;
		for (i = 0; i < n; i++)
			p = value(p, end, o, arr + i * o->esize);
		len = (size_t)(p - body);
		k = varint_size(len);
		varint(slot, len);
		memmove(slot + k, body, len);
		return slot + k + len;
	}
	if (o->kind == K_MESSAGE) {
		const ProtobufCMessage *const *sub =
		    (const ProtobufCMessage *const *)(const void *)arr;

		for (i = 0; i < n && p != NULL; i++) {
			if ((size_t)(end - p) < 16)
				return NULL;
			p = tag(p, o);
			if (sub[i] == NULL)
				*p++ = 0;	/* as protobuf-c: empty */
			else
				p = delimited(p, end, sub[i], o->subplan);
		}
		return p;
	}
	for (i = 0; i < n && p != NULL; i++) {
		if ((size_t)(end - p) < 16)
			return NULL;
		p = value(tag(p, o), end, o, arr + i * o->esize);
	}
	return p;
}

/* pl is m's plan, or NULL to look it up. */
static uint8_t *
message(uint8_t *p, uint8_t *end, const ProtobufCMessage *m,
    const struct plan *pl)
{
	const uint8_t *base = (const uint8_t *)m;
	const struct op *o, *oend;
	unsigned i;

	if ((pl == NULL || pl->desc != m->descriptor) &&
	    (pl = plan_for(m->descriptor)) == NULL)
		return NULL;
	/* Room for every field's key and fixed-size value at once; fields
	 * with a length (bytes, strings, messages, repeated) check their own. */
	if ((size_t)(end - p) / 16 < pl->n + 1)
		return NULL;
	for (o = pl->ops, oend = o + pl->n; o < oend; o++) {
		const uint8_t *v = base + o->off;

		switch (o->fast) {
		case F_U32: {
			uint32_t x = *(const uint32_t *)v;

			if (x != 0)
				p = varint(tag(p, o), x);
			continue;
		}
		case F_U64: {
			uint64_t x = *(const uint64_t *)v;

			if (x != 0)
				p = varint(tag(p, o), x);
			continue;
		}
		case F_FIXED64: {
			uint64_t x = *(const uint64_t *)v;

			if (x != 0)
				p = put64(tag(p, o), x);
			continue;
		}
		case F_DOUBLE: {
			double x = *(const double *)v;
			uint64_t b;

			if (x != 0) {
				memcpy(&b, &x, 8);
				p = put64(tag(p, o), b);
			}
			continue;
		}
		case F_BOOL:
			if (*(const protobuf_c_boolean *)v != 0) {
				p = tag(p, o);
				*p++ = 1;
			}
			continue;
		case F_RUN: {
			const struct op *r = o, *rend = o + o->run;

			for (; r < rend; r++) {
				uint32_t x = *(const uint32_t *)(base + r->off);

				if (x != 0)
					p = varint(tag(p, r),
					    r->kind == K_BOOL ? 1 : x);
			}
			o = rend - 1;
			continue;
		}
		case F_MSG:
			if (*(void *const *)v == NULL)
				continue;
			break;
		case F_REP:
			if (*(const size_t *)(base + o->qoff) == 0)
				continue;
			break;
		case F_OPT32:
			if (*(const uint32_t *)(base + o->qoff) == o->id)
				p = varint(tag(p, o), *(const uint32_t *)v);
			continue;
		case F_BYTES: {
			const ProtobufCBinaryData *b = (const ProtobufCBinaryData *)v;

			if (b->len == 0)
				continue;
			if ((size_t)(end - p) < b->len + 16 * (size_t)(oend - o + 1))
				return NULL;
			p = put_bytes(varint(tag(p, o), b->len), b->data,
			    b->len);
			continue;
		}
		case F_STRING: {
			const char *s = *(char *const *)v;
			size_t n;

			if (s == NULL || *s == '\0')
				continue;
			n = strlen(s);
			if ((size_t)(end - p) < n + 16 * (size_t)(oend - o + 1))
				return NULL;
			p = put_bytes(varint(tag(p, o), n), s, n);
			continue;
		}
		}
		switch (o->pres) {
		case P_ZERO:
			if (zero(o, v))
				continue;
			break;
		case P_ONEOF:
			if (*(const uint32_t *)(base + o->qoff) != o->id)
				continue;
			if ((o->kind == K_STRING || o->kind == K_MESSAGE) &&
			    *(void *const *)v == NULL)
				continue;
			break;
		case P_HAS:
			if (!*(const protobuf_c_boolean *)(base + o->qoff))
				continue;
			break;
		case P_PTR:
			if (*(void *const *)v == NULL)
				continue;
			break;
		case P_REQUIRED:
			break;
		default: {
			size_t n = *(const size_t *)(base + o->qoff);

			if (n > 0 && ((p = repeated(p, end, o, n,
			    *(const uint8_t *const *)v)) == NULL ||
			    (size_t)(end - p) / 16 < (size_t)(oend - o)))
				return NULL;
			continue;
		}
		}
		if ((p = value(tag(p, o), end, o, v)) == NULL ||
		    (size_t)(end - p) / 16 < (size_t)(oend - o))
			return NULL;
	}
	for (i = 0; i < m->n_unknown_fields; i++) {
		const ProtobufCMessageUnknownField *u = &m->unknown_fields[i];

		if ((size_t)(end - p) < 10 + u->len)
			return NULL;
		p = varint(p, (uint64_t)u->tag << 3 | u->wire_type);
		memcpy(p, u->data, u->len);
		p += u->len;
	}
	return p;
}

long
nc_pack(const ProtobufCMessage *msg, uint8_t *out, size_t cap)
{
	uint8_t *p;
	size_t n;

	if (!atomic_load_explicit(&plans_ready, memory_order_acquire))
		pthread_once(&plans_once, plans_fill);
	if ((p = message(out, out + cap, msg, NULL)) != NULL)
		return (long)(p - out);
	if (plan_for(msg->descriptor) != NULL)
		return -1;			/* no room */
	/* Not a message of the schema: protobuf-c packs it. */
	n = protobuf_c_message_get_packed_size(msg);
	if (n > cap)
		return -1;
	return (long)protobuf_c_message_pack(msg, out);
}
