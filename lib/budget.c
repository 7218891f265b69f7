/* The budget for one unpacked record (see budget.h).
 *
 * The check walks the wire bytes with the record's descriptors, as
 * protobuf-c will, and adds up what unpacking allocates: each message
 * struct, each repeated field's array slot, each string (with its NUL)
 * and bytes value, each unknown field, and the scan entry protobuf-c
 * keeps for every field it meets (protobuf-c 1.4, protobuf-c.c: struct
 * ScannedMember, 32 bytes on LP64, in slabs that double).  The reader's
 * arena rounds every allocation up to 16 bytes; so does the reckoning.
 *
 * Walking costs a pass over the bytes, so it is skipped when the frame is
 * too short to go over: no wire byte unpacks to more than the schema's
 * worst case, an empty sub-message or an empty string, and no record
 * nests deeper than the schema does. */
#include "budget.h"
#include "registry.h"
#include "walk.h"
#include "decode/cursor.h"

#include <stdlib.h>
#include <string.h>

enum { WT_VARINT = 0, WT_64BIT = 1, WT_LEN = 2, WT_32BIT = 5 };

/* What protobuf-c allocates per field met, rounded as the arena does. */
#define SCAN_COST 32
#define ALLOC(n) (((uint64_t)(n) + 15) & ~(uint64_t)15)
/* Deeper than any schema this walk is asked to measure. */
#define DEPTH_UNBOUNDED 1000

struct walk {
	const struct nc_budget *b;
	uint64_t elements, size;
};

/* Elements in a packed run of field type t. */
static uint64_t
packed_count(ProtobufCType t, const uint8_t *p, size_t n)
{
	uint64_t k = 0;
	size_t i;

	switch (t) {
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return n / 8;
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
		return n / 4;
	default:
		/* Varints: one ends at each byte without the high bit. */
		for (i = 0; i < n; i++)
			k += (p[i] & 0x80) == 0;
		return k;
	}
}

static int
over(const struct walk *w)
{
	if (w->elements > w->b->elements)
		return NC_BUDGET_ELEMENTS;
	if (w->size > w->b->size)
		return NC_BUDGET_SIZE;
	return NC_BUDGET_OK;
}

/* Walks one message: NC_BUDGET_OK or a limit gone over.  Damage ends the
 * walk of a message but not of the one holding it: protobuf-c scans every
 * field of a message, allocating as it goes, before it looks inside any
 * of them, so what lies after a damaged sub-message has been paid for. */
static int
walk_msg(struct walk *w, const ProtobufCMessageDescriptor *d,
    struct nc_cur c, uint64_t depth)
{
	const ProtobufCFieldDescriptor *f;
	uint64_t tag, len = 0, k;
	struct nc_cur v;
	int rc, wt;

	w->size += ALLOC(d->sizeof_message);
	while (nc_cur_left(&c) > 0) {
		if ((rc = over(w)) != NC_BUDGET_OK)
			return rc;
		tag = nc_cur_varint(&c);
		wt = (int)(tag & 7);
		switch (wt) {
		case WT_VARINT:
			len = nc_cur_left(&c);
			nc_cur_varint(&c);
			len -= nc_cur_left(&c);
			break;
		case WT_64BIT:
			len = 8;
			break;
		case WT_32BIT:
			len = 4;
			break;
		case WT_LEN:
			len = nc_cur_varint(&c);
			break;
		default:
			return over(w);
		}
		if (c.err || (tag >> 3) == 0 || (tag >> 3) > UINT32_MAX)
			return over(w);
		v = wt == WT_VARINT ? nc_cur_make(NULL, 0) :
		    nc_cur_sub(&c, len > SIZE_MAX ? SIZE_MAX : (size_t)len);
		if (c.err)
			return over(w);
		w->size += SCAN_COST;
		f = protobuf_c_message_descriptor_get_field(d,
		    (unsigned)(tag >> 3));
		if (f == NULL) {
			/* Kept as an unknown field: an entry and a copy. */
			w->elements++;
			w->size += sizeof(ProtobufCMessageUnknownField) +
			    ALLOC(len);
			continue;
		}
		k = 1;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			if (wt == WT_LEN && f->type != PROTOBUF_C_TYPE_STRING &&
			    f->type != PROTOBUF_C_TYPE_BYTES &&
			    f->type != PROTOBUF_C_TYPE_MESSAGE)
				k = packed_count(f->type, nc_cur_bytes(&v,
				    nc_cur_left(&v)), len);
			w->elements += k;
			w->size += k * nc_walk_elem_size(f);
		}
		switch (f->type) {
		case PROTOBUF_C_TYPE_STRING:
			w->size += ALLOC(len + 1);
			break;
		case PROTOBUF_C_TYPE_BYTES:
			w->size += ALLOC(len);
			break;
		case PROTOBUF_C_TYPE_MESSAGE:
			if (wt != WT_LEN)
				return over(w);
			if (depth + 1 > w->b->depth)
				return NC_BUDGET_DEPTH;
			rc = walk_msg(w, f->descriptor, v, depth + 1);
			if (rc != NC_BUDGET_OK)
				return rc;
			break;
		default:
			break;
		}
	}
	return over(w);
}

/* Levels of messages below d in the schema; DEPTH_UNBOUNDED for a
 * message that holds itself. */
static uint64_t
schema_depth(const ProtobufCMessageDescriptor *d, unsigned level)
{
	uint64_t deepest = 0, n;
	unsigned i;

	if (level >= 64)
		return DEPTH_UNBOUNDED;
	for (i = 0; i < d->n_fields; i++) {
		if (d->fields[i].type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		n = 1 + schema_depth(d->fields[i].descriptor, level + 1);
		if (n > deepest)
			deepest = n;
	}
	return deepest;
}

/* The most any one wire byte can unpack to below d, and the largest
 * message struct there. */
static void
schema_cost(const ProtobufCMessageDescriptor *d, unsigned level,
    uint64_t *per_byte)
{
	/* An empty string or bytes value: a tag and a zero length. */
	uint64_t c = (SCAN_COST + sizeof(void *) + ALLOC(1) + 1) / 2 + 1;
	unsigned i;

	if (c > *per_byte)
		*per_byte = c;
	if (level >= 64)
		return;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCMessageDescriptor *s = d->fields[i].descriptor;

		if (d->fields[i].type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		/* An empty sub-message: its struct, a slot, a scan entry. */
		c = (ALLOC(s->sizeof_message) + sizeof(void *) + SCAN_COST +
		    1) / 2 + 1;
		if (c > *per_byte)
			*per_byte = c;
		schema_cost(s, level + 1, per_byte);
	}
}

/* How deep a record type nests and what one of its wire bytes may cost:
 * facts of the schema, worked out on first use and the same for every
 * reader. */
struct shape {
	uint64_t depth, per_byte;
	int known;
};

static struct shape shapes[NC_TYPE_MAX + 1];

static const struct shape *
shape_of(const struct nc_type *t)
{
	struct shape *s = &shapes[t->id];

	if (!s->known) {
		s->depth = schema_depth(t->desc, 0);
		s->per_byte = 0;
		schema_cost(t->desc, 0, &s->per_byte);
		/* A varint unknown field: tag and value, 2 bytes. */
		if (s->per_byte < (SCAN_COST + 24 + 16) / 2 + 1)
			s->per_byte = (SCAN_COST + 24 + 16) / 2 + 1;
		s->known = 1;
	}
	return s;
}

int
nc_budget_check(const struct nc_budget *b, const struct nc_type *t,
    const uint8_t *p, size_t n)
{
	const struct shape *s = shape_of(t);
	struct walk w = { b, 0, 0 };

	/* Most records are far too short to go over: settle them without a
	 * walk. */
	if (n <= b->elements && s->depth <= b->depth &&
	    ALLOC(t->desc->sizeof_message) + n * s->per_byte <= b->size)
		return NC_BUDGET_OK;
	return walk_msg(&w, t->desc, nc_cur_make(p, n), 0);
}

const char *
nc_budget_name(int limit)
{
	switch (limit) {
	case NC_BUDGET_ELEMENTS:
		return "elements";
	case NC_BUDGET_DEPTH:
		return "depth";
	case NC_BUDGET_SIZE:
		return "size";
	}
	return "none";
}

uint64_t
nc_budget_value(const struct nc_budget *b, int limit)
{
	switch (limit) {
	case NC_BUDGET_ELEMENTS:
		return b->elements;
	case NC_BUDGET_DEPTH:
		return b->depth;
	case NC_BUDGET_SIZE:
		return b->size;
	}
	return 0;
}

/* Up to 2^40: a terabyte is already more than any record can hold. */
#define VALUE_MAX ((uint64_t)1 << 40)

int
nc_budget_parse(struct nc_budget *b, const char *s, const char **bad)
{
	struct nc_budget nb = *b;
	const char *item, *eq, *num;
	unsigned long long v;
	uint64_t *dst;
	char *end;
	size_t klen;

	for (item = s;; item = end + 1) {
		*bad = item;
		eq = strchr(item, '=');
		if (eq == NULL)
			return -1;
		klen = (size_t)(eq - item);
		if (klen == 8 && strncmp(item, "elements", 8) == 0)
			dst = &nb.elements;
		else if (klen == 5 && strncmp(item, "depth", 5) == 0)
			dst = &nb.depth;
		else if (klen == 4 && strncmp(item, "size", 4) == 0)
			dst = &nb.size;
		else
			return -1;
		num = eq + 1;
		if (*num < '0' || *num > '9')
			return -1;
		v = strtoull(num, &end, 10);
		switch (*end) {
		case 'k': case 'K':
			v = v > VALUE_MAX ? v : v << 10;
			end++;
			break;
		case 'm': case 'M':
			v = v > VALUE_MAX ? v : v << 20;
			end++;
			break;
		case 'g': case 'G':
			v = v > VALUE_MAX ? v : v << 30;
			end++;
			break;
		}
		if (v > VALUE_MAX || (*end != ',' && *end != '\0'))
			return -1;
		*dst = v;
		if (*end == '\0')
			break;
	}
	*b = nb;
	return 0;
}
