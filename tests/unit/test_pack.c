/* nc_pack must produce exactly protobuf_c_message_pack's bytes: checked on
 * randomly filled messages of every record type in the schema. */
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "registry.h"
#include "tap.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Every allocation of one message, freed together. */
static void *pool[4096];
static size_t npool;

static void *
get(size_t n)
{
	void *p = calloc(1, n + 1);

	if (p == NULL || npool == sizeof pool / sizeof pool[0])
		abort();
	pool[npool++] = p;
	return p;
}

static void
release(void)
{
	while (npool > 0)
		free(pool[--npool]);
}

/* A value that exercises varint lengths: small, large, or negative. */
static uint64_t
some_int(void)
{
	switch (rnd() % 4) {
	case 0: return 0;
	case 1: return rnd() % 200;
	case 2: return rnd();
	default: return (uint64_t)-(int64_t)(rnd() % 1000);
	}
}

static ProtobufCMessage *fill(const ProtobufCMessageDescriptor *d, int depth);

static void
fill_value(const ProtobufCFieldDescriptor *f, void *v, int depth)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		*(uint64_t *)v = some_int();
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		*(double *)v = (double)(rnd() % 1000) / 7.0;
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		*(float *)v = (float)(rnd() % 1000) / 7.0f;
		break;
	case PROTOBUF_C_TYPE_BOOL:
		*(protobuf_c_boolean *)v = (int)(rnd() % 2);
		break;
	case PROTOBUF_C_TYPE_STRING: {
		size_t n = rnd() % 20, i;
		char *s = get(n + 1);

		for (i = 0; i < n; i++)
			s[i] = (char)('a' + rnd() % 26);
		*(char **)v = rnd() % 5 ? s : NULL;
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		ProtobufCBinaryData *b = v;
		size_t i;

		b->len = rnd() % 3 == 0 ? 0 : rnd() % 40;
		b->data = get(b->len);
		for (i = 0; i < b->len; i++)
			b->data[i] = (uint8_t)rnd();
		if (rnd() % 5 == 0) {
			b->data = NULL;
			b->len = 0;
		}
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE:
		*(ProtobufCMessage **)v = depth < 3 ? fill(f->descriptor, depth + 1) : NULL;
		break;
	default:
		*(uint32_t *)v = (uint32_t)some_int();
		break;
	}
}

static size_t
member_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	default:
		return 4;
	}
}

static ProtobufCMessage *
fill(const ProtobufCMessageDescriptor *d, int depth)
{
	ProtobufCMessage *m = get(d->sizeof_message);
	uint8_t *base = (uint8_t *)m;
	unsigned i;

	d->message_init(m);
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		void *v = base + f->offset;

		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = rnd() % 5, k, sz = member_size(f);
			uint8_t *arr = get(n * sz + 1);

			for (k = 0; k < n; k++)
				fill_value(f, arr + k * sz, depth);
			*(size_t *)(base + f->quantifier_offset) = n;
			*(void **)v = arr;
			continue;
		}
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (rnd() % 2)
				continue;
			*(uint32_t *)(base + f->quantifier_offset) = f->id;
		}
		fill_value(f, v, depth);
	}
	return m;
}

int
main(void)
{
	static uint8_t a[1 << 16], b[1 << 16];
	const struct nc_type *types;
	size_t n, i;
	int k;

	types = nc_types(&n);
	for (i = 0; i < n; i++) {
		int same = 0, fit = 1;

		for (k = 0; k < 2000; k++) {
			ProtobufCMessage *m = fill(types[i].desc, 0);
			size_t want = protobuf_c_message_pack(m, a);
			long got = nc_pack(m, b, sizeof b);

			if (got == (long)want && memcmp(a, b, want) == 0)
				same++;
			/* too little room must fail, never overrun */
			if (want > 0 && nc_pack(m, b, want - 1) >= 0)
				fit = 0;
			release();
		}
		ok(same == 2000, "%s: nc_pack equals protobuf-c on %d/2000 "
		    "random messages", types[i].name, same);
		ok(fit, "%s: nc_pack refuses a buffer one byte short",
		    types[i].name);
	}
	return tap_done();
}
