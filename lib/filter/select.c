/* nc-filter's selection on the record loop (see select.h). */
#include "filter/select.h"
#include "decode/cursor.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t
nc_select_peek_uint(const uint8_t *body, size_t len, uint32_t fieldnum)
{
	struct nc_cur c = nc_cur_make(body, len);
	uint64_t tag, v;

	while (nc_cur_left(&c) > 0 && !c.err) {
		tag = nc_cur_varint(&c);
		/* protobuf-c writes fields in field-number order, and the
		 * packet number is among the first. */
		if ((tag >> 3) > fieldnum)
			return 0;
		switch (tag & 7) {
		case 0:
			v = nc_cur_varint(&c);
			if ((tag >> 3) == fieldnum)
				return c.err ? 0 : v;
			break;
		case 1:
			nc_cur_skip(&c, 8);
			break;
		case 2:
			v = nc_cur_varint(&c);
			if (v > nc_cur_left(&c))
				return 0;
			nc_cur_skip(&c, (size_t)v);
			break;
		case 5:
			nc_cur_skip(&c, 4);
			break;
		default:
			return 0;
		}
	}
	return 0;
}

static int
put(struct nc_transform *x, const struct nc_frame *f)
{
	return x->out != NULL ? nc_writer_frame(x->out, f) : 0;
}

/* Writes the held frames if the packet is kept, and forgets them. */
static int
release(struct nc_transform *x, struct nc_select *s)
{
	struct nc_frame f = { 0 };
	size_t off = 0, n;
	int rc = 0;

	if (s->nheld > 0 && s->any != s->invert) {
		while (off < s->len && rc == 0) {
			memcpy(&n, s->held + off, sizeof n);
			f.data = s->held + off + sizeof n;
			f.len = n;
			rc = put(x, &f);
			off += sizeof n + n;
		}
		s->kept += s->nheld;
	}
	s->len = s->nheld = 0;
	s->packet = 0;
	s->any = 0;
	return rc;
}

static int
hold(struct nc_select *s, const struct nc_frame *f, int match)
{
	size_t need = sizeof f->len + f->len, cap;
	uint8_t *p;

	if (s->cap - s->len < need) {
		cap = s->cap > 0 ? s->cap : 1 << 16;
		while (cap - s->len < need)
			cap *= 2;
		if ((p = realloc(s->held, cap)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		s->held = p;
		s->cap = cap;
	}
	memcpy(s->held + s->len, &f->len, sizeof f->len);
	memcpy(s->held + s->len + sizeof f->len, f->data, f->len);
	s->len += need;
	s->nheld++;
	s->any |= match;
	return 0;
}

static int
decide(struct nc_transform *x, const struct nc_frame *f, int match)
{
	struct nc_select *s = x->arg;
	uint64_t pk = 0;

	if (f->type == NETCAP__RECORD__RECORD_HEADER) {
		if (release(x, s) < 0)
			return -1;
		return put(x, f);
	}
	if (s->only != NULL && !nc_typeset_has(s->only, f->type))
		return 0;
	if (s->bypacket && s->packet_field[f->type] != 0)
		pk = nc_select_peek_uint(f->body, f->body_len,
		    s->packet_field[f->type]);
	if (pk != s->packet && release(x, s) < 0)
		return -1;
	/* A stream claiming one packet without end must not hold the
	 * memory of it all: past the bound, the packet is judged in parts. */
	if (pk != 0 && s->len + sizeof f->len + f->len > NC_SELECT_HOLD_MAX &&
	    release(x, s) < 0)
		return -1;
	if (pk != 0) {
		s->packet = pk;
		return hold(s, f, match);
	}
	if (match == s->invert)
		return 0;
	s->kept++;
	return put(x, f);
}

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	struct nc_select *s = x->arg;

	return decide(x, x->frame, nc_filter_match(s->filter, t, m));
}

static int
other(struct nc_transform *x, const struct nc_frame *f)
{
	struct nc_select *s = x->arg;

	return decide(x, f,
	    nc_filter_verdict(s->filter, f->type) == NC_FILTER_ALWAYS);
}

static int
end(struct nc_transform *x)
{
	return release(x, x->arg);
}

void
nc_select_init(struct nc_select *s, struct nc_transform *x)
{
	const struct nc_type *ts;
	const ProtobufCFieldDescriptor *fd;
	size_t i, n;
	int id;

	memset(s->packet_field, 0, sizeof s->packet_field);
	s->held = NULL;
	s->len = s->cap = s->nheld = 0;
	s->packet = 0;
	s->any = 0;
	s->kept = 0;
	memset(&x->types, 0, sizeof x->types);
	ts = nc_types(&n);
	for (i = 0; i < n; i++) {
		id = ts[i].id;
		/* Only the records the expression must look at are
		 * unpacked; a Header always passes. */
		if (id != NETCAP__RECORD__RECORD_HEADER &&
		    (s->only == NULL || nc_typeset_has(s->only, id)) &&
		    nc_filter_verdict(s->filter, id) == NC_FILTER_LOOK) {
			x->types.has[id] = 1;
			x->types.count++;
		}
		fd = protobuf_c_message_descriptor_get_field_by_name(
		    ts[i].desc, "packet");
		if (fd != NULL && fd->label != PROTOBUF_C_LABEL_REPEATED &&
		    (fd->type == PROTOBUF_C_TYPE_UINT64 ||
		    fd->type == PROTOBUF_C_TYPE_UINT32))
			s->packet_field[id] = fd->id;
	}
	x->record = record;
	x->other = other;
	x->end = end;
	x->arg = s;
}

int
nc_select_finish(struct nc_transform *x)
{
	return release(x, x->arg);
}

void
nc_select_free(struct nc_select *s)
{
	free(s->held);
	s->held = NULL;
}
