/* Labels added to a record's bytes.  Protobuf lets fields follow the
 * ones an encoder wrote (a parser merges them: the last label wins, the
 * labels add up), so the record's own bytes stay as they were and only
 * the envelope's length grows. */
#include <stdint.h>
#include <string.h>

#include "decode/cursor.h"
#include "label/label.h"
#include "render.h"
#include "stream.h"

#define LABEL_FIELD	1000
#define LABELS_FIELD	1001

static void
varint(struct nc_buf *b, uint64_t v)
{
	nc_buf_reserve(b, 10);
	b->len += nc_varint_put((uint8_t *)b->p + b->len, v);
}

static void
str(struct nc_buf *b, unsigned field, const char *s)
{
	size_t n = strlen(s);

	varint(b, (uint64_t)field << 3 | 2);
	varint(b, n);
	nc_buf_put(b, s, n);
}

static size_t
str_len(unsigned field, const char *s)
{
	size_t n = strlen(s);

	return nc_varint_len((uint64_t)field << 3 | 2) + nc_varint_len(n) + n;
}

int
nc_label_append(const uint8_t *rec, size_t n, int type, const char *label,
    const char *const *labels, size_t nl, struct nc_buf *out)
{
	struct nc_cur c = nc_cur_make(rec, n);
	const uint8_t *body;
	uint64_t tag, len;
	size_t add, i;

	tag = nc_cur_varint(&c);
	len = nc_cur_varint(&c);
	if (c.err || tag != ((uint64_t)type << 3 | 2) ||
	    len != nc_cur_left(&c))
		return -1;
	body = nc_cur_bytes(&c, (size_t)len);
	add = str_len(LABEL_FIELD, label);
	for (i = 0; i < nl; i++)
		add += str_len(LABELS_FIELD, labels[i]);
	out->len = 0;
	varint(out, tag);
	varint(out, len + add);
	nc_buf_put(out, body, (size_t)len);
	str(out, LABEL_FIELD, label);
	for (i = 0; i < nl; i++)
		str(out, LABELS_FIELD, labels[i]);
	return 0;
}

int
nc_label_repack(struct nc_writer *w, int type, const ProtobufCMessage *m,
    const char *label, const char *const *labels, size_t nl)
{
	const ProtobufCFieldDescriptor *fl, *fs;
	char *base = (char *)(uintptr_t)m;
	char **lp, *oldl, **olds;
	size_t *np, oldn;
	int rc;

	fl = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
	    "label");
	fs = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
	    "labels");
	if (fl == NULL || fs == NULL)
		return -1;
	/* The record is the loop's and goes back as it came. */
	lp = (char **)(void *)(base + fl->offset);
	np = (size_t *)(void *)(base + fs->quantifier_offset);
	olds = *(char ***)(void *)(base + fs->offset);
	oldl = *lp;
	oldn = *np;
	*lp = (char *)(uintptr_t)label;
	*np = nl;
	*(char ***)(void *)(base + fs->offset) = (char **)(uintptr_t)labels;
	rc = nc_writer_put(w, type, m);
	*lp = oldl;
	*np = oldn;
	*(char ***)(void *)(base + fs->offset) = olds;
	return rc;
}
