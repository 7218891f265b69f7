/* The emit callback the decoder harnesses share: every record is packed,
 * as nc-decode would, so that the pointers and lengths the decoders put
 * into records are exercised, and every string in it must be valid UTF-8
 * (a protobuf string must: readers in other languages reject it), so a
 * decoder that copies packet bytes into a string unchecked is a crash
 * here. */
#ifndef NC_FUZZ_EMIT_H
#define NC_FUZZ_EMIT_H

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "decode/decode.h"

static void
fuzz_check_text(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		if ((k = nc_utf8_len(p + i, n - i)) == 0)
			abort();
		i += k;
	}
}

static void
fuzz_check_strings(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *f;
	const char *base = (const char *)m;
	unsigned i;
	size_t j, n;

	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			void *const *v = *(void *const *const *)(base + f->offset);

			n = *(const size_t *)(base + f->quantifier_offset);
			for (j = 0; j < n; j++) {
				if (f->type == PROTOBUF_C_TYPE_STRING)
					fuzz_check_text(v[j]);
				else
					fuzz_check_strings(v[j]);
			}
			continue;
		}
		{
			const void *v = *(const void *const *)(base + f->offset);

			if (v == NULL)
				continue;
			if (f->type == PROTOBUF_C_TYPE_STRING)
				fuzz_check_text(v);
			else
				fuzz_check_strings(v);
		}
	}
}

static int
fuzz_emit(void *ctx, int type, const ProtobufCMessage *msg)
{
	static uint8_t buf[1 << 20];
	size_t n = protobuf_c_message_get_packed_size(msg);

	(void)ctx;
	if (type <= 0 || n > sizeof buf ||
	    protobuf_c_message_pack(msg, buf) != n)
		abort();
	fuzz_check_strings(msg);
	return 0;
}

#endif
