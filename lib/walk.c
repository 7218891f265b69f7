/* The generic record walker: every sink and the filter see records only
 * through protobuf-c descriptors, never through per-type code.  How a field
 * renders is decided once per message type from its name and type (the
 * conventions in walk.h) and a small hint table, then cached. */
#include "walk.h"
#include "cli.h"
#include "hints.h"
#include "names.h"
#include "netcap.pb-c.h"
#include "netcap-text.h"

#include <csv.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	ST_PLAIN,
	ST_TIME,		/* int64 ns since the epoch */
	ST_TIME0,		/* the same, but 0 means "not recorded" */
	ST_IP,
	ST_MAC,
	ST_HEX64,		/* flow ids */
	ST_TCP_FLAGS,
	ST_TEXT,		/* bytes marked [text]: escaped text, not hex */
	ST_HEXID,		/* an identifier or checksum: 0x... in summaries */
	ST_IP_FLAGS,		/* IPv4 flags: [DF] in summaries */
};

/* Renderings a field's name and type cannot tell, keyed by message and
 * field name. */
static const struct {
	const char *msg, *field;
	int style;
} hints[] = {
	{ "Header", "created", ST_TIME0 },
	{ "TCP", "flags", ST_TCP_FLAGS },
	{ "IPv4", "flags", ST_IP_FLAGS },
	{ "TLSCertificate", "not_before", ST_TIME },
	{ "TLSCertificate", "not_after", ST_TIME },
};

/* What the walker learnt about one message type. */
struct info {
	const ProtobufCMessageDescriptor *desc;
	uint8_t *style;		/* per field */
	char **key;		/* per field: "name": for JSON */
	size_t *keylen;
	int type;		/* the field named "type", -1 if none */
	const struct nc_names **names;	/* per field: its value names */
	int *by;		/* per field: the field keying its names, or -1 */
	char **namekey;		/* per field: "name_name": for JSON */
	/* field indexes, -1 when absent */
	int ts, packet, flow, src_ip, dst_ip, src_port, dst_port, src_mac,
	    dst_mac;
	/* per field: up to 3 fields holding its bytes decoded (chassis_id_mac
	 * for chassis_id), -1 where there are fewer */
	int (*dec)[3];
	int record;		/* a member of the Record envelope */
	struct htok *hint;	/* the summary hint, parsed (hints.h) */
	int nhint;		/* -1 without one */
};

/* One item of a summary hint: mode is 'b' (bare), '=', '?', ':', '/' or
 * '>'. */
struct htok {
	char mode;
	char always;		/* field/word!: shown when zero too */
	int field, field2;	/* field2: the port of ip:port */
	char *word;		/* the word of field?word and field/word */
};

/* What the walker learnt, by descriptor: an open-addressed table.  It
 * depends on the compiled-in schema alone, so it is filled once, for every
 * message the Record envelope reaches, by the first walk (pthread_once:
 * threads may race to be first), and only read afterwards: every sink of
 * the process shares it. */
#define INFOS 256
static struct info *infos[INFOS];
static pthread_once_t infos_once = PTHREAD_ONCE_INIT;
static atomic_int infos_ready;		/* saves pthread_once's call */

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
style_of(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
	size_t i;

	for (i = 0; i < sizeof hints / sizeof hints[0]; i++)
		if (strcmp(hints[i].msg, d->short_name) == 0 &&
		    strcmp(hints[i].field, f->name) == 0)
			return hints[i].style;
	if (f->type == PROTOBUF_C_TYPE_INT64 ||
	    f->type == PROTOBUF_C_TYPE_SINT64 ||
	    f->type == PROTOBUF_C_TYPE_SFIXED64) {
		if (strcmp(f->name, "ts") == 0 || ends_with(f->name, "_ts"))
			return ST_TIME;
	} else if (f->type == PROTOBUF_C_TYPE_UINT64 ||
	    f->type == PROTOBUF_C_TYPE_FIXED64) {
		if (strcmp(f->name, "flow") == 0 || ends_with(f->name, "_flow"))
			return ST_HEX64;
	} else if (f->type == PROTOBUF_C_TYPE_BYTES) {
		for (i = 0; i < sizeof nc_text_fields /
		    sizeof nc_text_fields[0]; i++)
			if (nc_text_fields[i].id == f->id &&
			    strcmp(nc_text_fields[i].msg, d->short_name) == 0)
				return ST_TEXT;
		if (ends_with(f->name, "_ip"))
			return ST_IP;
		if (ends_with(f->name, "_mac") || ends_with(f->name, "_hw"))
			return ST_MAC;
	}
	return ST_PLAIN;
}

enum { K_SIGNED, K_UNSIGNED, K_INT, K_BYTES };

static int
kind_is(ProtobufCType t, int k)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return k == K_SIGNED || k == K_INT;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return k == K_UNSIGNED || k == K_INT;
	case PROTOBUF_C_TYPE_BYTES:
		return k == K_BYTES;
	default:
		return 0;
	}
}

/* The singular field of d named name and of kind k, or -1. */
static int
find(const ProtobufCMessageDescriptor *d, const char *name, int k)
{
	unsigned i;

	for (i = 0; i < d->n_fields; i++)
		if (strcmp(d->fields[i].name, name) == 0 &&
		    d->fields[i].label != PROTOBUF_C_LABEL_REPEATED &&
		    kind_is(d->fields[i].type, k))
			return (int)i;
	return -1;
}

static int
field_named(const ProtobufCMessageDescriptor *d, const char *name, size_t n)
{
	unsigned i;

	for (i = 0; i < d->n_fields; i++)
		if (strncmp(d->fields[i].name, name, n) == 0 &&
		    d->fields[i].name[n] == '\0')
			return (int)i;
	return -1;
}

/* Parses d's summary hint into in; a hint naming no field of d is a bug
 * every test run finds. */
static void
hint_parse(const ProtobufCMessageDescriptor *d, struct info *in)
{
	const char *h = nc_hint_summary(d->short_name), *s, *e, *q;
	struct htok *t;
	size_t n;
	int k = 0;

	in->nhint = -1;
	if (h == NULL)
		return;
	in->hint = calloc(strlen(h) / 2 + 1, sizeof *in->hint);
	if (in->hint == NULL)
		nc_die("out of memory");
	for (s = h; *s != '\0'; s = *e == ' ' ? e + 1 : e) {
		e = strchr(s, ' ');
		if (e == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		t = &in->hint[k++];
		t->field = t->field2 = -1;
		if (n == 1 && *s == '>') {
			t->mode = '>';
			continue;
		}
		t->mode = 'b';
		if ((q = memchr(s, '/', n)) != NULL) {
			size_t w = (size_t)(e - q - 1);

			t->mode = '/';
			if (w > 0 && q[w] == '!') {
				t->always = 1;
				w--;
			}
			if ((t->word = strndup(q + 1, w)) == NULL)
				nc_die("out of memory");
			n = (size_t)(q - s);
		} else if ((q = memchr(s, '?', n)) != NULL) {
			t->mode = '?';
			if ((t->word = strndup(q + 1, (size_t)(e - q - 1))) ==
			    NULL)
				nc_die("out of memory");
			n = (size_t)(q - s);
		} else if ((q = memchr(s, ':', n)) != NULL) {
			t->mode = ':';
			t->field2 = field_named(d, q + 1, (size_t)(e - q - 1));
			n = (size_t)(q - s);
			if (t->field2 < 0)
				nc_die("summary hint of %s: no field %.*s",
				    d->short_name, (int)(e - q - 1), q + 1);
		} else if (s[n - 1] == '=') {
			t->mode = '=';
			n--;
		}
		if ((t->field = field_named(d, s, n)) < 0)
			nc_die("summary hint of %s: no field %.*s",
			    d->short_name, (int)n, s);
	}
	in->nhint = k;
}

/* The fields that hold singular bytes field i decoded, by their names:
 * FIELD_ip, FIELD_mac, FIELD_text (LLDP's chassis_id as a MAC address, an
 * address or a name, by its subtype). */
static void
decoded_as(const ProtobufCMessageDescriptor *d, unsigned i, int dec[3])
{
	static const char *const suffix[3] = { "_ip", "_mac", "_text" };
	const ProtobufCFieldDescriptor *f = &d->fields[i];
	char name[128];
	int k;

	for (k = 0; k < 3; k++) {
		dec[k] = -1;
		if (f->type != PROTOBUF_C_TYPE_BYTES ||
		    f->label == PROTOBUF_C_LABEL_REPEATED)
			continue;
		if ((size_t)snprintf(name, sizeof name, "%s%s", f->name,
		    suffix[k]) >= sizeof name)
			continue;
		dec[k] = find(d, name, K_BYTES);
	}
}

static struct info *
info_make(const ProtobufCMessageDescriptor *d)
{
	struct info *in;
	size_t i;

	if ((in = calloc(1, sizeof *in)) == NULL)
		nc_die("out of memory");
	in->desc = d;
	in->style = calloc(d->n_fields + 1, 1);
	if (in->style == NULL)
		nc_die("out of memory");
	in->key = calloc(d->n_fields + 1, sizeof *in->key);
	in->keylen = calloc(d->n_fields + 1, sizeof *in->keylen);
	if (in->key == NULL || in->keylen == NULL)
		nc_die("out of memory");
	in->type = -1;
	in->names = calloc(d->n_fields + 1, sizeof *in->names);
	in->by = calloc(d->n_fields + 1, sizeof *in->by);
	in->namekey = calloc(d->n_fields + 1, sizeof *in->namekey);
	if (in->names == NULL || in->by == NULL || in->namekey == NULL)
		nc_die("out of memory");
	for (i = 0; i < d->n_fields; i++) {
		in->style[i] = (uint8_t)style_of(d, &d->fields[i]);
		in->by[i] = -1;
		if (d->fields[i].type == PROTOBUF_C_TYPE_UINT32 &&
		    d->fields[i].label != PROTOBUF_C_LABEL_REPEATED &&
		    in->style[i] == ST_PLAIN &&
		    nc_names_hex(d->short_name, d->fields[i].name))
			in->style[i] = ST_HEXID;
		if ((d->fields[i].type == PROTOBUF_C_TYPE_UINT32 ||
		    d->fields[i].type == PROTOBUF_C_TYPE_FIXED64) &&
		    d->fields[i].label != PROTOBUF_C_LABEL_REPEATED)
			in->names[i] = nc_names_for(d->short_name,
			    d->fields[i].name);
		if (in->names[i] != NULL) {
			size_t k = strlen(d->fields[i].name) + 9;

			if (in->names[i]->by != NULL)
				in->by[i] = find(d, in->names[i]->by,
				    K_UNSIGNED);
			if ((in->namekey[i] = malloc(k)) == NULL)
				nc_die("out of memory");
			snprintf(in->namekey[i], k, "\"%s%s\":",
			    d->fields[i].name, nc_names_suffix(in->names[i]));
		}
		/* snake_case names need no escaping */
		in->keylen[i] = strlen(d->fields[i].name) + 3;
		if ((in->key[i] = malloc(in->keylen[i] + 1)) == NULL)
			nc_die("out of memory");
		snprintf(in->key[i], in->keylen[i] + 1, "\"%s\":",
		    d->fields[i].name);
		if (strcmp(d->fields[i].name, "type") == 0)
			in->type = (int)i;
	}
	if ((in->dec = calloc(d->n_fields + 1, sizeof *in->dec)) == NULL)
		nc_die("out of memory");
	for (i = 0; i < d->n_fields; i++)
		decoded_as(d, (unsigned)i, in->dec[i]);
	in->ts = -1;
	for (i = 0; i < d->n_fields; i++)
		if (strcmp(d->fields[i].name, "ts") == 0 &&
		    in->style[i] == ST_TIME &&
		    d->fields[i].label != PROTOBUF_C_LABEL_REPEATED)
			in->ts = (int)i;
	in->packet = find(d, "packet", K_UNSIGNED);
	in->flow = find(d, "flow", K_UNSIGNED);
	in->src_ip = find(d, "src_ip", K_BYTES);
	in->dst_ip = find(d, "dst_ip", K_BYTES);
	in->src_port = find(d, "src_port", K_INT);
	in->dst_port = find(d, "dst_port", K_INT);
	in->src_mac = find(d, "src_mac", K_BYTES);
	in->dst_mac = find(d, "dst_mac", K_BYTES);
	if (in->src_ip < 0 || in->dst_ip < 0)
		in->src_ip = in->dst_ip = -1;
	if (in->src_port < 0 || in->dst_port < 0)
		in->src_port = in->dst_port = -1;
	if (in->src_mac < 0 || in->dst_mac < 0)
		in->src_mac = in->dst_mac = -1;
	hint_parse(d, in);
	return in;
}

static size_t
info_slot(const ProtobufCMessageDescriptor *d)
{
	return ((uintptr_t)d >> 4) % INFOS;
}

/* Learns d and every message it holds, each once. */
static void
info_add(const ProtobufCMessageDescriptor *d)
{
	size_t h = info_slot(d), i;
	unsigned f;

	for (i = 0; i < INFOS; i++, h = (h + 1) % INFOS) {
		if (infos[h] == NULL)
			break;
		if (infos[h]->desc == d)
			return;
	}
	if (i == INFOS)
		nc_die("the schema has more than %d messages", INFOS);
	infos[h] = info_make(d);
	for (f = 0; f < d->n_fields; f++)
		if (d->fields[f].type == PROTOBUF_C_TYPE_MESSAGE)
			info_add(d->fields[f].descriptor);
}

static void
infos_fill(void)
{
	const ProtobufCMessageDescriptor *r = &netcap__record__descriptor;
	unsigned f;
	size_t h, i;

	info_add(r);
	for (f = 0; f < r->n_fields; f++) {
		h = info_slot(r->fields[f].descriptor);
		for (i = 0; i < INFOS; i++, h = (h + 1) % INFOS)
			if (infos[h] != NULL &&
			    infos[h]->desc == r->fields[f].descriptor) {
				infos[h]->record = 1;
				break;
			}
	}
	atomic_store_explicit(&infos_ready, 1, memory_order_release);
}

static const struct info *
info_of(const ProtobufCMessageDescriptor *d)
{
	size_t h = info_slot(d), i;

	if (!atomic_load_explicit(&infos_ready, memory_order_acquire))
		pthread_once(&infos_once, infos_fill);
	for (i = 0; i < INFOS; i++, h = (h + 1) % INFOS) {
		if (infos[h] == NULL)
			break;
		if (infos[h]->desc == d)
			return infos[h];
	}
	nc_die("%s: not a message of the schema", d->name);
}

/* --- field access ------------------------------------------------------ */

#define AT(m, off) ((const char *)(m) + (off))

/* Whether a singular field holds a value: proto3 scalars always do; a oneof
 * member only when its case says so; proto2/proto3 "optional" ones by their
 * has_ flag. */
static int
present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *)AT(m, f->quantifier_offset) == f->id;
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
		if (f->type == PROTOBUF_C_TYPE_STRING ||
		    f->type == PROTOBUF_C_TYPE_MESSAGE)
			return *(const void *const *)AT(m, f->offset) != NULL;
		return *(const protobuf_c_boolean *)AT(m, f->quantifier_offset);
	}
	return 1;
}

static int
valid_utf8(const uint8_t *p, size_t n)
{
	size_t k;

	for (; n > 0; p += k, n -= k)
		if ((k = nc_utf8_len(p, n)) == 0)
			return 0;
	return 1;
}

/* Whether field i of m is a raw copy of bytes another field holds
 * decoded: CSV and JSON show each value once, the decoded form.  A JSON
 * string cannot hold text that is not UTF-8 (U+FFFD replaces it), so
 * there the raw copy stays beside such text. */
static int
shown_decoded(const ProtobufCMessage *m, const struct info *in, size_t i,
    int json)
{
	const ProtobufCBinaryData *bd;
	int k;

	for (k = 0; k < 3; k++) {
		if (in->dec[i][k] < 0)
			continue;
		bd = (const ProtobufCBinaryData *)AT(m,
		    m->descriptor->fields[in->dec[i][k]].offset);
		if (bd->len > 0 && (!json || k != 2 ||
		    valid_utf8(bd->data, bd->len)))
			return 1;
	}
	return 0;
}

static size_t
count(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return *(const size_t *)AT(m, f->quantifier_offset);
	return present(m, f) ? 1 : 0;
}

/* The name of the value of singular field i of m, or NULL: none known,
 * the field unset or without names.  What is read rather than named (an
 * NTP time) is written into buf, a time as tfmt says. */
static const char *
name_of(const ProtobufCMessage *m, const struct info *in, unsigned i,
    char buf[NC_NAMES_BUF], int tfmt)
{
	const ProtobufCFieldDescriptor *f = &m->descriptor->fields[i];
	uint32_t v32, by = 0;
	uint64_t v;
	int64_t ns;

	if (in->names[i] == NULL || !present(m, f))
		return NULL;
	if (f->type == PROTOBUF_C_TYPE_FIXED64) {
		memcpy(&v, AT(m, f->offset), 8);
	} else {
		memcpy(&v32, AT(m, f->offset), 4);
		v = v32;
	}
	if (in->names[i]->kind == NC_NAMES_NTPTIME) {
		struct nc_buf tb = { .p = buf, .cap = NC_NAMES_BUF - 1 };

		if (nc_names_ntp_ns(v, &ns) < 0)
			return NULL;
		nc_fmt_time(&tb, ns, tfmt);
		buf[tb.len] = '\0';
		return buf;
	}
	if (in->by[i] >= 0)
		memcpy(&by, AT(m, m->descriptor->fields[in->by[i]].offset), 4);
	return nc_names_text(in->names[i], v, by, buf);
}

size_t
nc_walk_elem_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_ENUM:
		return 4;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	}
	return 0;
}

int
nc_walk_field_kind(const ProtobufCFieldDescriptor *fd)
{
	switch (fd->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return NC_V_INT;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return NC_V_UINT;
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_DOUBLE:
		return NC_V_DOUBLE;
	case PROTOBUF_C_TYPE_BOOL:
		return NC_V_BOOL;
	case PROTOBUF_C_TYPE_ENUM:
		return NC_V_ENUM;
	case PROTOBUF_C_TYPE_STRING:
		return NC_V_STRING;
	case PROTOBUF_C_TYPE_BYTES:
		return NC_V_BYTES;
	default:
		return NC_V_MESSAGE;
	}
}

/* Element idx of field f of m (idx 0 for a singular field). */
static void
get(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, size_t idx,
    struct nc_value *v)
{
	const void *p;

	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		p = *(const char *const *)AT(m, f->offset) + idx * nc_walk_elem_size(f);
	else
		p = AT(m, f->offset);
	v->msg = m->descriptor;
	v->field = f;
	v->i = 0;
	v->u = 0;
	v->d = 0;
	v->data = NULL;
	v->len = 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		v->kind = NC_V_INT;
		v->i = *(const int32_t *)p;
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		v->kind = NC_V_INT;
		v->i = *(const int64_t *)p;
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		v->kind = NC_V_UINT;
		v->u = *(const uint32_t *)p;
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		v->kind = NC_V_UINT;
		v->u = *(const uint64_t *)p;
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		v->kind = NC_V_DOUBLE;
		v->d = *(const float *)p;
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		v->kind = NC_V_DOUBLE;
		v->d = *(const double *)p;
		break;
	case PROTOBUF_C_TYPE_BOOL:
		v->kind = NC_V_BOOL;
		v->u = *(const protobuf_c_boolean *)p != 0;
		break;
	case PROTOBUF_C_TYPE_ENUM:
		v->kind = NC_V_ENUM;
		v->i = *(const int *)p;
		break;
	case PROTOBUF_C_TYPE_STRING:
		v->kind = NC_V_STRING;
		v->data = *(const char *const *)p;
		if (v->data == NULL)
			v->data = "";
		v->len = strlen(v->data);
		break;
	case PROTOBUF_C_TYPE_BYTES:
		v->kind = NC_V_BYTES;
		v->data = ((const ProtobufCBinaryData *)p)->data;
		v->len = ((const ProtobufCBinaryData *)p)->len;
		break;
	case PROTOBUF_C_TYPE_MESSAGE:
		v->kind = NC_V_MESSAGE;
		v->data = *(const ProtobufCMessage *const *)p;
		break;
	}
}

static int
is_zero(const struct nc_value *v)
{
	switch (v->kind) {
	case NC_V_INT:
	case NC_V_ENUM:
		return v->i == 0;
	case NC_V_UINT:
	case NC_V_BOOL:
		return v->u == 0;
	case NC_V_DOUBLE:
		return v->d == 0;
	case NC_V_STRING:
	case NC_V_BYTES:
		return v->len == 0;
	default:
		return v->data == NULL;
	}
}

/* --- text (CSV and summaries) ----------------------------------------- */

enum { TXT_CSV, TXT_SUMMARY };

#define SUMMARY_BYTES 32

/* IPv4 flags as tcpdump shows them: MF "+", DF, the reserved bit "rsvd"
 * (RFC 3514's evil bit), in that order, "none" for none. */
static void
ip_flags(struct nc_buf *b, uint64_t v)
{
	nc_buf_putc(b, '[');
	if (v & 1)
		nc_buf_putc(b, '+');
	if (v & 2)
		nc_buf_puts(b, "DF");
	if (v & 4)
		nc_buf_puts(b, "rsvd");
	if ((v & 7) == 0)
		nc_buf_puts(b, "none");
	nc_buf_putc(b, ']');
}

/* TCP flags as tcpdump writes them: [S.] for SYN+ACK, [none] for none;
 * bits tcpdump has no letter for as +0x... */
static void
tcpdump_flags(struct nc_buf *b, uint64_t v)
{
	static const char letter[8] = { 'F', 'S', 'R', 'P', '.', 'U', 'E',
	    'W' };
	char hex[20];
	int i;

	nc_buf_putc(b, '[');
	for (i = 0; i < 8; i++)
		if (v & (UINT64_C(1) << i))
			nc_buf_putc(b, letter[i]);
	if ((v & 0xff) == 0)
		nc_buf_puts(b, "none");
	if (v >> 8) {
		snprintf(hex, sizeof hex, "+0x%llx",
		    (unsigned long long)(v >> 8));
		nc_buf_puts(b, hex);
	}
	nc_buf_putc(b, ']');
}

/* 0x and at least 4 hex digits, as packet listings show such fields. */
static void
hexid(struct nc_buf *b, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[18];
	int n = 0, i;

	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v != 0 || n < 4);
	nc_buf_reserve(b, (size_t)n + 2);
	b->p[b->len++] = '0';
	b->p[b->len++] = 'x';
	for (i = n; i-- > 0;)
		b->p[b->len++] = tmp[i];
}

static void text_msg(const ProtobufCMessage *, int, int, struct nc_buf *);
static void json_value(const struct nc_value *, int, int, struct nc_buf *);

static void
text_value(const struct nc_value *v, int style, int tfmt, int mode,
    struct nc_buf *b)
{
	const ProtobufCEnumValue *ev;

	switch (v->kind) {
	case NC_V_INT:
		if (style == ST_TIME0 && v->i == 0)
			break;
		if (style == ST_TIME || style == ST_TIME0)
			nc_fmt_time(b, v->i, tfmt);
		else
			nc_fmt_i64(b, v->i);
		break;
	case NC_V_UINT:
		if (style == ST_HEX64)
			nc_fmt_hex64(b, v->u);
		else if (style == ST_TCP_FLAGS)
			nc_fmt_tcp_flags(b, v->u);
		else if (style == ST_HEXID && mode == TXT_SUMMARY)
			hexid(b, v->u);
		else if (style == ST_IP_FLAGS && mode == TXT_SUMMARY &&
		    v->u <= 7)
			ip_flags(b, v->u);
		else
			nc_fmt_u64(b, v->u);
		break;
	case NC_V_DOUBLE:
		nc_fmt_double(b, v->d);
		break;
	case NC_V_BOOL:
		nc_buf_puts(b, v->u ? "true" : "false");
		break;
	case NC_V_ENUM:
		ev = protobuf_c_enum_descriptor_get_value(v->field->descriptor,
		    (int)v->i);
		if (ev != NULL)
			nc_buf_puts(b, ev->name);
		else
			nc_fmt_i64(b, v->i);
		break;
	case NC_V_STRING:
		if (mode == TXT_SUMMARY)
			nc_fmt_safe_str(b, v->data, v->len);
		else
			nc_fmt_esc_str(b, v->data, v->len);
		break;
	case NC_V_BYTES:
		if (style == ST_TEXT && mode == TXT_SUMMARY)
			nc_fmt_safe_str(b, v->data, v->len);
		else if (style == ST_TEXT)
			nc_fmt_esc_str(b, v->data, v->len);
		else if (style == ST_IP)
			nc_fmt_ip(b, v->data, v->len);
		else if (style == ST_MAC)
			nc_fmt_mac(b, v->data, v->len);
		else if (mode == TXT_SUMMARY && v->len > SUMMARY_BYTES) {
			nc_fmt_hex(b, v->data, SUMMARY_BYTES);
			nc_buf_put(b, "...", 3);
		} else
			nc_fmt_hex(b, v->data, v->len);
		break;
	case NC_V_MESSAGE:
		/* A table cell holds a nested message as JSON, which a
		 * reader parses back whatever its fields hold. */
		if (v->data != NULL && mode == TXT_SUMMARY)
			text_msg(v->data, tfmt, mode, b);
		else if (v->data != NULL)
			json_value(v, ST_PLAIN, tfmt, b);
		break;
	}
}

/* Replaces each c in b[start, len) by pre followed by c's two hex
 * digits: \xNN in text, which holds no other separator a table uses
 * unescaped, or \u00NN inside JSON text, where c can only be in a
 * string. */
static void
esc_as(struct nc_buf *b, size_t start, char c, const char *pre)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0, j, w = strlen(pre) + 2, n;

	for (i = start; i < b->len; i++)
		k += b->p[i] == c;
	if (k == 0)
		return;
	nc_buf_reserve(b, (w - 1) * k);
	j = b->len + (w - 1) * k;
	for (i = b->len; i-- > start;) {
		if (b->p[i] != c) {
			b->p[--j] = b->p[i];
			continue;
		}
		b->p[--j] = hex[(unsigned char)c & 15];
		b->p[--j] = hex[(unsigned char)c >> 4];
		for (n = w - 2; n-- > 0;)
			b->p[--j] = pre[n];
	}
	b->len += (w - 1) * k;
}

static int
is_text(const ProtobufCFieldDescriptor *f, int style)
{
	return f->type == PROTOBUF_C_TYPE_STRING ||
	    (f->type == PROTOBUF_C_TYPE_BYTES && style == ST_TEXT);
}

/* The common singular scalars, read in place rather than through get():
 * 0 when f is of another kind, for text_value to render. */
static int
text_scalar(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    int style, int tfmt, int mode, struct nc_buf *b)
{
	const void *p = AT(m, f->offset);
	const ProtobufCBinaryData *bd;
	uint32_t u32;
	uint64_t u64;
	int64_t i64;

	switch (f->type) {
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		memcpy(&u32, p, 4);
		if (style == ST_TCP_FLAGS)
			nc_fmt_tcp_flags(b, u32);
		else if (style == ST_HEXID && mode == TXT_SUMMARY)
			hexid(b, u32);
		else if (style == ST_IP_FLAGS && mode == TXT_SUMMARY &&
		    u32 <= 7)
			ip_flags(b, u32);
		else
			nc_fmt_u64(b, u32);
		return 1;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		memcpy(&u64, p, 8);
		if (style == ST_HEX64)
			nc_fmt_hex64(b, u64);
		else if (style == ST_TCP_FLAGS)
			nc_fmt_tcp_flags(b, u64);
		else
			nc_fmt_u64(b, u64);
		return 1;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		memcpy(&i64, p, 8);
		if (style == ST_TIME || (style == ST_TIME0 && i64 != 0))
			nc_fmt_time(b, i64, tfmt);
		else if (style != ST_TIME0)
			nc_fmt_i64(b, i64);
		return 1;
	case PROTOBUF_C_TYPE_BOOL:
		nc_buf_puts(b, *(const protobuf_c_boolean *)p ? "true" :
		    "false");
		return 1;
	case PROTOBUF_C_TYPE_DOUBLE:
		nc_fmt_double(b, *(const double *)p);
		return 1;
	case PROTOBUF_C_TYPE_BYTES:
		bd = p;
		if (style == ST_TEXT && mode == TXT_CSV)
			nc_fmt_esc_str(b, (const char *)bd->data, bd->len);
		else if (style == ST_TEXT)
			nc_fmt_safe_str(b, (const char *)bd->data, bd->len);
		else if (style == ST_IP)
			nc_fmt_ip(b, bd->data, bd->len);
		else if (style == ST_MAC)
			nc_fmt_mac(b, bd->data, bd->len);
		else if (mode == TXT_CSV || bd->len <= SUMMARY_BYTES)
			nc_fmt_hex(b, bd->data, bd->len);
		else
			return 0;
		return 1;
	default:
		return 0;
	}
}

/* Field f of m: nothing when unset, elements joined by ";". */
static void
text_field(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    int style, int tfmt, int mode, struct nc_buf *b)
{
	struct nc_value v;
	size_t i, n;

	if (f->label == PROTOBUF_C_LABEL_NONE) {
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && !present(m, f))
			return;
		if (text_scalar(m, f, style, tfmt, mode, b))
			return;
	} else if (f->label == PROTOBUF_C_LABEL_REPEATED &&
	    f->type == PROTOBUF_C_TYPE_UINT32 && style == ST_PLAIN) {
		const uint32_t *u = *(const uint32_t *const *)AT(m, f->offset);

		n = count(m, f);
		for (i = 0; i < n; i++) {
			if (i > 0)
				nc_buf_putc(b, ';');
			nc_fmt_u64(b, u[i]);
		}
		return;
	}
	n = count(m, f);
	if (f->type == PROTOBUF_C_TYPE_MESSAGE && mode != TXT_SUMMARY &&
	    f->label == PROTOBUF_C_LABEL_REPEATED) {
		/* One JSON array, as nc-tojson writes the field. */
		if (n == 0)
			return;
		nc_buf_putc(b, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				nc_buf_putc(b, ',');
			get(m, f, i, &v);
			json_value(&v, style, tfmt, b);
		}
		nc_buf_putc(b, ']');
		return;
	}
	for (i = 0; i < n; i++) {
		size_t start;

		if (i > 0)
			nc_buf_putc(b, ';');
		get(m, f, i, &v);
		start = b->len;
		text_value(&v, style, tfmt, mode, b);
		/* An element's own ";" must not read as a separator. */
		if (mode != TXT_SUMMARY && f->label ==
		    PROTOBUF_C_LABEL_REPEATED && is_text(f, style))
			esc_as(b, start, ';', "\\x");
	}
}

/* A nested message: its fields joined by ":". */
static void
text_msg(const ProtobufCMessage *m, int tfmt, int mode, struct nc_buf *b)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const struct info *in = info_of(d);
	unsigned i;

	for (i = 0; i < d->n_fields; i++) {
		if (i > 0)
			nc_buf_putc(b, ':');
		text_field(m, &d->fields[i], in->style[i], tfmt, mode, b);
	}
}

static int
value_style(const struct nc_value *v)
{
	return info_of(v->msg)->style[v->field - v->msg->fields];
}

void
nc_walk_value_text(const struct nc_value *v, int tfmt, struct nc_buf *b)
{
	text_value(v, value_style(v), tfmt, TXT_CSV, b);
}

int
nc_walk_value_num(const struct nc_value *v, double *d)
{
	switch (v->kind) {
	case NC_V_INT:
	case NC_V_ENUM:
		*d = (double)v->i;
		return 0;
	case NC_V_UINT:
	case NC_V_BOOL:
		*d = (double)v->u;
		return 0;
	case NC_V_DOUBLE:
		*d = v->d;
		return 0;
	}
	return -1;
}

/* --- paths ------------------------------------------------------------- */

int
nc_walk_path(const ProtobufCMessageDescriptor *desc, const char *path,
    struct nc_path *p, const char **bad, size_t *badlen)
{
	const char *s = path, *e;
	const ProtobufCFieldDescriptor *f;
	size_t n;
	unsigned i;

	p->depth = 0;
	p->names = NULL;
	for (;;) {
		e = strchr(s, '.');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		*bad = s;
		*badlen = n;
		if (desc == NULL || p->depth == NC_PATH_MAX)
			return -1;
		f = NULL;
		for (i = 0; i < desc->n_fields && f == NULL; i++)
			if (strncasecmp(desc->fields[i].name, s, n) == 0 &&
			    desc->fields[i].name[n] == '\0')
				f = &desc->fields[i];
		/* A record's own "type" is spelt type_ in every sink; the
		 * plain name stays accepted for older scripts. */
		if (f == NULL && p->depth == 0 && n == 5 &&
		    strncasecmp(s, "type_", 5) == 0)
			for (i = 0; i < desc->n_fields && f == NULL; i++)
				if (strcmp(desc->fields[i].name, "type") == 0)
					f = &desc->fields[i];
		/* The last name may be FIELD_name (or _text, _time), for
		 * a coded field's value names. */
		if (f == NULL && e == NULL) {
			const struct info *in = info_of(desc);
			size_t k;

			for (i = 0; i < desc->n_fields && f == NULL; i++) {
				if (in->names[i] == NULL)
					continue;
				k = strlen(desc->fields[i].name);
				if (k < n && strncasecmp(desc->fields[i].name,
				    s, k) == 0 && strcasecmp(s + k,
				    nc_names_suffix(in->names[i])) == 0) {
					f = &desc->fields[i];
					p->names = in->names[i];
				}
			}
		}
		if (n == 0 || f == NULL)
			return -1;
		p->msg[p->depth] = desc;
		p->field[p->depth] = f;
		p->depth++;
		if (e == NULL)
			return 0;
		desc = f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor
		    : NULL;
		s = e + 1;
	}
}

void
nc_walk_path_name(const struct nc_path *p, struct nc_buf *b)
{
	int i;

	for (i = 0; i < p->depth; i++) {
		if (i > 0)
			nc_buf_putc(b, '.');
		nc_buf_puts(b, p->field[i]->name);
		/* type_name for the name of the record's own type_ */
		if (i == 0 && p->depth == 1 && p->names == NULL &&
		    strcmp(p->field[0]->name, "type") == 0)
			nc_buf_putc(b, '_');
	}
	if (p->names != NULL)
		nc_buf_puts(b, nc_names_suffix(p->names));
}

static int
each(const ProtobufCMessage *m, const struct nc_path *p, int lvl,
    nc_value_fn fn, void *arg)
{
	const ProtobufCFieldDescriptor *f = p->field[lvl];
	struct nc_value v;
	size_t i, n = count(m, f);
	int r;

	if (lvl + 1 == p->depth && p->names != NULL) {
		char buf[NC_NAMES_BUF];
		const char *name = name_of(m, info_of(m->descriptor),
		    (unsigned)(f - m->descriptor->fields), buf,
		    NC_TIME_EPOCH);

		if (name == NULL)
			return 0;
		get(m, f, 0, &v);
		v.kind = NC_V_STRING;
		v.data = name;
		v.len = strlen(name);
		return fn(&v, arg);
	}
	for (i = 0; i < n; i++) {
		get(m, f, i, &v);
		if (lvl + 1 == p->depth)
			r = fn(&v, arg);
		else if (v.data != NULL)
			r = each(v.data, p, lvl + 1, fn, arg);
		else
			r = 0;
		if (r != 0)
			return r;
	}
	return 0;
}

int
nc_walk_path_each(const ProtobufCMessage *m, const struct nc_path *p,
    nc_value_fn fn, void *arg)
{
	if (p->depth < 1 || m->descriptor != p->msg[0])
		return 0;
	return each(m, p, 0, fn, arg);
}

struct text_arg {
	struct nc_buf *b;
	int tfmt;
	size_t n;
};

static int
text_one(const struct nc_value *v, void *arg)
{
	struct text_arg *t = arg;

	if (t->n++ > 0)
		nc_buf_putc(t->b, ';');
	if (v->kind == NC_V_STRING && v->field->type != PROTOBUF_C_TYPE_STRING)
		nc_buf_put(t->b, v->data, v->len);	/* a value's name */
	else
		text_value(v, value_style(v), t->tfmt, TXT_CSV, t->b);
	return 0;
}

size_t
nc_walk_path_text(const ProtobufCMessage *m, const struct nc_path *p,
    int tfmt, struct nc_buf *b)
{
	struct text_arg t = { b, tfmt, 0 };

	nc_walk_path_each(m, p, text_one, &t);
	return t.n;
}

/* --- CSV --------------------------------------------------------------- */

void
nc_cols_all(const ProtobufCMessageDescriptor *desc, struct nc_cols *c)
{
	const struct info *in = info_of(desc);
	unsigned i;
	size_t k = 0;

	for (i = 0; i < desc->n_fields; i++)
		k += in->names[i] != NULL;
	c->tsv = 0;
	c->once = 1;
	c->path = calloc(desc->n_fields + k + 1, sizeof *c->path);
	if (c->path == NULL)
		nc_die("out of memory");
	for (i = 0, k = 0; i < desc->n_fields; i++) {
		c->path[k].depth = 1;
		c->path[k].msg[0] = desc;
		c->path[k].field[0] = &desc->fields[i];
		k++;
		if (in->names[i] != NULL) {
			c->path[k] = c->path[k - 1];
			c->path[k].names = in->names[i];
			k++;
		}
	}
	c->n = k;
}

int
nc_cols_parse(const ProtobufCMessageDescriptor *desc, const char *list,
    struct nc_cols *c, const char **bad, size_t *badlen)
{
	char name[256];
	const char *s = list, *e;
	size_t n, k = 1;

	for (e = list; *e != '\0'; e++)
		k += *e == ',';
	c->n = 0;
	c->tsv = 0;
	c->once = 0;
	c->path = calloc(k, sizeof *c->path);
	if (c->path == NULL)
		nc_die("out of memory");
	for (;;) {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		*bad = s;
		*badlen = n;
		if (n >= sizeof name)
			return -1;
		memcpy(name, s, n);
		name[n] = '\0';
		if (nc_walk_path(desc, name, &c->path[c->n], bad, badlen) < 0) {
			*bad = s + (*bad - name);
			return -1;
		}
		c->n++;
		if (e == NULL)
			return 0;
		s = e + 1;
	}
}

void
nc_cols_free(struct nc_cols *c)
{
	free(c->path);
	c->path = NULL;
	c->n = 0;
}

/* Quotes b[start, len) in place when RFC 4180 says it must be.  The
 * quoted text takes at most 2n + 2 bytes; the field is copied past them,
 * into b's own spare room, and quoted back from there. */
static void
csv_quote(struct nc_buf *b, size_t start)
{
	size_t n = b->len - start, i;
	char *copy;

	for (i = start; i < b->len; i++)
		if (b->p[i] == ',' || b->p[i] == '"' || b->p[i] == '\n' ||
		    b->p[i] == '\r')
			break;
	if (i == b->len)
		return;
	nc_buf_reserve(b, 2 * n + 2);
	copy = b->p + start + 2 * n + 2;
	memcpy(copy, b->p + start, n);
	b->len = start;
	b->len += csv_write(b->p + start, 2 * n + 2, copy, n);
}

void
nc_walk_csv_header(const struct nc_cols *c, struct nc_buf *b)
{
	size_t i, start;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			nc_buf_putc(b, c->tsv ? '\t' : ',');
		start = b->len;
		nc_walk_path_name(&c->path[i], b);
		if (!c->tsv)
			csv_quote(b, start);
	}
	nc_buf_putc(b, '\n');
}

/* Zeek's type of a column (its logs' #types line): what a reader of the
 * cell gets, a JSON cell a string. */
static const char *
zeek_type(const struct nc_path *p, int *vector)
{
	const ProtobufCFieldDescriptor *f = p->field[p->depth - 1];
	int style = info_of(p->msg[p->depth - 1])->style[f -
	    p->msg[p->depth - 1]->fields];
	int i;

	*vector = 0;
	for (i = 0; i + 1 < p->depth; i++)
		if (p->field[i]->label == PROTOBUF_C_LABEL_REPEATED)
			*vector = 1;
	if (p->names != NULL)
		return p->names->kind == NC_NAMES_NTPTIME ? "time" : "string";
	if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		return "string";
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		if (*vector)
			return "string";	/* a JSON array in its slot */
		*vector = 1;
	}
	switch (nc_walk_field_kind(f)) {
	case NC_V_INT:
		return style == ST_TIME || style == ST_TIME0 ? "time" : "int";
	case NC_V_UINT:
		return style == ST_HEX64 || style == ST_TCP_FLAGS ? "string" :
		    "count";
	case NC_V_DOUBLE:
		return "double";
	case NC_V_BOOL:
		return "bool";
	case NC_V_BYTES:
		return style == ST_IP ? "addr" : "string";
	default:
		return "string";
	}
}

void
nc_walk_tsv_header(const struct nc_cols *c, const char *path,
    struct nc_buf *b)
{
	const char *t;
	size_t i;
	int vec;

	nc_buf_puts(b, "#separator \\x09\n#set_separator\t;\n"
	    "#empty_field\t(empty)\n#unset_field\t-\n#path\t");
	nc_buf_puts(b, path);
	nc_buf_puts(b, "\n#fields");
	for (i = 0; i < c->n; i++) {
		nc_buf_putc(b, '\t');
		nc_walk_path_name(&c->path[i], b);
	}
	nc_buf_puts(b, "\n#types");
	for (i = 0; i < c->n; i++) {
		nc_buf_putc(b, '\t');
		t = zeek_type(&c->path[i], &vec);
		if (vec)
			nc_buf_puts(b, "vector[");
		nc_buf_puts(b, t);
		if (vec)
			nc_buf_putc(b, ']');
	}
	nc_buf_putc(b, '\n');
}

/* TSV, as Zeek writes its logs: "-" for a value that is not there,
 * "(empty)" for an empty one, and a value that would read as either
 * with its first byte escaped. */
#define TSV_UNSET "-"
#define TSV_EMPTY "(empty)"

static void
tsv_marks(struct nc_buf *b, size_t start)
{
	size_t n = b->len - start;

	if (n == 0)
		nc_buf_puts(b, TSV_EMPTY);
	else if ((n == 1 && b->p[start] == '-') || (n == sizeof TSV_EMPTY - 1
	    && memcmp(b->p + start, TSV_EMPTY, n) == 0))
		esc_as(b, start, b->p[start], "\\x");
}

/* JSON in a TSV cell: every cell is unescaped alike, so its backslashes
 * are doubled (JSON holds no tab or newline). */
static void
tsv_json(struct nc_buf *b, size_t start)
{
	size_t i, k = 0, j;

	for (i = start; i < b->len; i++)
		k += b->p[i] == '\\';
	if (k == 0)
		return;
	nc_buf_reserve(b, k);
	j = b->len + k;
	for (i = b->len; i-- > start;) {
		b->p[--j] = b->p[i];
		if (b->p[i] == '\\')
			b->p[--j] = '\\';
	}
	b->len += k;
}

/* Whether singular field f of m holds nothing: an unset oneof member or
 * optional field, an absent message, a time that was not recorded. */
static int
unset(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    int style)
{
	int64_t t;

	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return 0;
	if (!present(m, f))
		return 1;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		return *(const void *const *)AT(m, f->offset) == NULL;
	if (style == ST_TIME0) {
		memcpy(&t, AT(m, f->offset), 8);
		return t == 0;
	}
	return 0;
}

/* One cell: field f of m, in full. */
static void
field_cell(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    int style, int tfmt, int tsv, struct nc_buf *b)
{
	size_t start = b->len;

	if (tsv && unset(m, f, style)) {
		nc_buf_puts(b, TSV_UNSET);
		return;
	}
	text_field(m, f, style, tfmt, TXT_CSV, b);
	if (!tsv)
		return;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		tsv_json(b, start);
	tsv_marks(b, start);
}

struct slots {
	struct nc_buf *b;
	int tfmt, tsv;
	size_t n;
	const struct nc_names *names;	/* the leaf's value names */
};

static void
slot_absent(struct slots *s)
{
	if (s->n++ > 0)
		nc_buf_putc(s->b, ';');
	if (s->tsv)
		nc_buf_puts(s->b, TSV_UNSET);
}

/* The leaf of a path under a repeated message: one slot per element of
 * that message, so that the lists of paths through it line up.  A leaf
 * that is itself repeated, or a message, is JSON in its slot. */
static void
slot_leaf(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    struct slots *s)
{
	int style = info_of(m->descriptor)->style[f - m->descriptor->fields];
	struct nc_value v;
	size_t i, n, start;

	if (s->names != NULL) {
		char buf[NC_NAMES_BUF];
		const char *name = name_of(m, info_of(m->descriptor),
		    (unsigned)(f - m->descriptor->fields), buf, s->tfmt);

		if (name == NULL) {
			slot_absent(s);
			return;
		}
		if (s->n++ > 0)
			nc_buf_putc(s->b, ';');
		nc_buf_puts(s->b, name);
		return;
	}
	if (unset(m, f, style)) {
		slot_absent(s);
		return;
	}
	if (s->n++ > 0)
		nc_buf_putc(s->b, ';');
	start = s->b->len;
	n = count(m, f);
	if (f->label == PROTOBUF_C_LABEL_REPEATED ||
	    f->type == PROTOBUF_C_TYPE_MESSAGE) {
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			nc_buf_putc(s->b, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				nc_buf_putc(s->b, ',');
			get(m, f, i, &v);
			json_value(&v, style, s->tfmt, s->b);
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			nc_buf_putc(s->b, ']');
		esc_as(s->b, start, ';', "\\u00");
		if (s->tsv)
			tsv_json(s->b, start);
		return;
	}
	get(m, f, 0, &v);
	text_value(&v, style, s->tfmt, TXT_CSV, s->b);
	if (is_text(f, style))
		esc_as(s->b, start, ';', "\\x");
	if (s->tsv)
		tsv_marks(s->b, start);
}

static void
slots(const ProtobufCMessage *m, const struct nc_path *p, int lvl,
    struct slots *s)
{
	const ProtobufCFieldDescriptor *f = p->field[lvl];
	struct nc_value v;
	size_t i, n;

	if (lvl + 1 == p->depth) {
		slot_leaf(m, f, s);
		return;
	}
	n = count(m, f);
	if (n == 0 && f->label != PROTOBUF_C_LABEL_REPEATED)
		slot_absent(s);
	for (i = 0; i < n; i++) {
		get(m, f, i, &v);
		if (v.data == NULL)
			slot_absent(s);
		else
			slots(v.data, p, lvl + 1, s);
	}
}

/* A -f path: through singular messages it is the leaf's cell, or unset;
 * through repeated ones, one slot per element (see slot_leaf). */
static void
path_cell(const ProtobufCMessage *m, const struct nc_path *p, int tfmt,
    int tsv, struct nc_buf *b)
{
	struct slots s = { b, tfmt, tsv, 0, p->names };
	const ProtobufCMessage *at = m;
	const ProtobufCFieldDescriptor *f;
	int lvl;

	for (lvl = 0; lvl + 1 < p->depth; lvl++)
		if (p->field[lvl]->label == PROTOBUF_C_LABEL_REPEATED)
			break;
	if (lvl + 1 < p->depth) {
		slots(m, p, 0, &s);
		if (s.n == 0 && tsv)
			nc_buf_puts(b, TSV_EMPTY);
		return;
	}
	for (lvl = 0; lvl + 1 < p->depth; lvl++) {
		f = p->field[lvl];
		if (unset(at, f, ST_PLAIN)) {
			if (tsv)
				nc_buf_puts(b, TSV_UNSET);
			return;
		}
		at = *(const ProtobufCMessage *const *)AT(at, f->offset);
	}
	f = p->field[lvl];
	if (p->names != NULL) {
		slot_leaf(at, f, &s);
		if (s.n == 0 && tsv)
			nc_buf_puts(b, TSV_UNSET);
		return;
	}
	field_cell(at, f, info_of(at->descriptor)->style[f -
	    at->descriptor->fields], tfmt, tsv, b);
}

void
nc_walk_csv(const ProtobufCMessage *m, const struct nc_cols *c, int tfmt,
    struct nc_buf *b)
{
	const struct info *in = info_of(m->descriptor);
	const ProtobufCFieldDescriptor *f;
	const struct nc_path *p;
	const char *name;
	char nbuf[NC_NAMES_BUF];
	size_t i, start, row = b->len;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			nc_buf_putc(b, c->tsv ? '\t' : ',');
		start = b->len;
		p = &c->path[i];
		f = p->field[p->depth - 1];
		if ((p->names != NULL && p->depth == 1) ||
		    p->msg[0] != m->descriptor) {
			if (p->msg[0] != m->descriptor)
				continue;
			name = name_of(m, in,
			    (unsigned)(f - m->descriptor->fields), nbuf,
			    tfmt);
			if (name != NULL)
				nc_buf_puts(b, name);
			else if (c->tsv)
				nc_buf_puts(b, TSV_UNSET);
			/* A flag set's names hold ", ". */
			if (!c->tsv)
				csv_quote(b, start);
			continue;
		}
		if (p->depth == 1 && c->once &&
		    shown_decoded(m, in, (size_t)(f - m->descriptor->fields), 0)) {
			if (c->tsv)
				nc_buf_puts(b, TSV_UNSET);
			continue;
		}
		if (p->depth == 1 && !c->tsv &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE) {
			int style = in->style[f - m->descriptor->fields];

			text_field(m, f, style, tfmt, TXT_CSV, b);
			/* Only text can hold a comma or quote (newlines
			 * are escaped). */
			if (f->type == PROTOBUF_C_TYPE_STRING ||
			    (f->type == PROTOBUF_C_TYPE_BYTES &&
			    style == ST_TEXT))
				csv_quote(b, start);
			continue;
		}
		if (p->depth == 1)
			field_cell(m, f, in->style[f - m->descriptor->fields],
			    tfmt, c->tsv, b);
		else
			path_cell(m, p, tfmt, c->tsv, b);
		if (!c->tsv)
			csv_quote(b, start);
	}
	/* A TSV line starting with "#" would read as a header line. */
	if (c->tsv && b->len > row && b->p[row] == '#') {
		nc_buf_reserve(b, 3);
		memmove(b->p + row + 4, b->p + row + 1, b->len - row - 1);
		memcpy(b->p + row, "\\x23", 4);
		b->len += 3;
	}
	nc_buf_putc(b, '\n');
}

/* --- JSON -------------------------------------------------------------- */

static void json_fields(const ProtobufCMessage *, int, int, struct nc_buf *);

/* jq (a double per number) and JavaScript read an integer exactly up to
 * 2^53; beyond it the number is written as a string of its digits, as
 * the protobuf JSON mapping writes 64-bit integers. */
#define JSON_EXACT (UINT64_C(1) << 53)

static void
json_u64(struct nc_buf *b, uint64_t v)
{
	if (v <= JSON_EXACT) {
		nc_fmt_u64(b, v);
		return;
	}
	nc_buf_putc(b, '"');
	nc_fmt_u64(b, v);
	nc_buf_putc(b, '"');
}

static void
json_i64(struct nc_buf *b, int64_t v)
{
	if (v >= -(int64_t)JSON_EXACT && v <= (int64_t)JSON_EXACT) {
		nc_fmt_i64(b, v);
		return;
	}
	nc_buf_putc(b, '"');
	nc_fmt_i64(b, v);
	nc_buf_putc(b, '"');
}

/* A time is a string: ns since the epoch fit no double, so a number
 * would lose them in jq and pandas. */
static void
json_time(struct nc_buf *b, int64_t ns, int tfmt)
{
	nc_buf_putc(b, '"');
	nc_fmt_time(b, ns, tfmt);
	nc_buf_putc(b, '"');
}

static void
json_value(const struct nc_value *v, int style, int tfmt, struct nc_buf *b)
{
	const ProtobufCEnumValue *ev;

	switch (v->kind) {
	case NC_V_INT:
		if (style == ST_TIME0 && v->i == 0)
			nc_buf_puts(b, "null");
		else if (style == ST_TIME || style == ST_TIME0)
			json_time(b, v->i, tfmt);
		else
			json_i64(b, v->i);
		break;
	case NC_V_UINT:
		if (style == ST_HEX64 || style == ST_TCP_FLAGS) {
			nc_buf_putc(b, '"');
			text_value(v, style, tfmt, TXT_CSV, b);
			nc_buf_putc(b, '"');
		} else {
			json_u64(b, v->u);
		}
		break;
	case NC_V_DOUBLE:
		if (!isfinite(v->d))
			nc_buf_puts(b, "null");
		else
			nc_fmt_double(b, v->d);
		break;
	case NC_V_BOOL:
		nc_buf_puts(b, v->u ? "true" : "false");
		break;
	case NC_V_ENUM:
		ev = protobuf_c_enum_descriptor_get_value(v->field->descriptor,
		    (int)v->i);
		if (ev != NULL)
			nc_fmt_json_str(b, ev->name, strlen(ev->name));
		else
			nc_fmt_i64(b, v->i);
		break;
	case NC_V_STRING:
		nc_fmt_json_str(b, v->data, v->len);
		break;
	case NC_V_BYTES:
		if (style == ST_TEXT) {
			nc_fmt_json_str(b, v->data, v->len);
			break;
		}
		nc_buf_putc(b, '"');
		if (style == ST_IP || style == ST_MAC)
			text_value(v, style, tfmt, TXT_CSV, b);
		else
			nc_fmt_hex(b, v->data, v->len);
		nc_buf_putc(b, '"');
		break;
	case NC_V_MESSAGE:
		if (v->data == NULL) {
			nc_buf_puts(b, "null");
		} else {
			nc_buf_putc(b, '{');
			json_fields(v->data, tfmt, 0, b);
			nc_buf_putc(b, '}');
		}
		break;
	}
}

/* The types json_scalar renders. */
static int
in_place(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_BYTES:
		return 1;
	default:
		return 0;
	}
}

/* json_value for a singular field of a type in_place() takes, read in
 * place. */
static void
json_scalar(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
    int style, int tfmt, struct nc_buf *b)
{
	const void *p = AT(m, f->offset);
	const ProtobufCBinaryData *bd;
	uint32_t u32;
	uint64_t u64;
	int64_t i64;

	switch (f->type) {
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		memcpy(&u32, p, 4);
		u64 = u32;
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		memcpy(&u64, p, 8);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		memcpy(&i64, p, 8);
		if (style == ST_TIME0 && i64 == 0)
			nc_buf_put(b, "null", 4);
		else if (style == ST_TIME || style == ST_TIME0)
			json_time(b, i64, tfmt);
		else
			json_i64(b, i64);
		return;
	case PROTOBUF_C_TYPE_BYTES:
		bd = p;
		/* Empty bytes mean absent (the schema has no other
		 * presence for them). */
		if (bd->len == 0) {
			nc_buf_put(b, "null", 4);
			return;
		}
		if (style == ST_TEXT) {
			nc_fmt_json_str(b, (const char *)bd->data, bd->len);
			return;
		}
		nc_buf_putc(b, '"');
		if (style == ST_IP)
			nc_fmt_ip(b, bd->data, bd->len);
		else if (style == ST_MAC)
			nc_fmt_mac(b, bd->data, bd->len);
		else
			nc_fmt_hex(b, bd->data, bd->len);
		nc_buf_putc(b, '"');
		return;
	default:
		return;
	}
	if (style == ST_HEX64 || style == ST_TCP_FLAGS) {
		nc_buf_putc(b, '"');
		if (style == ST_HEX64)
			nc_fmt_hex64(b, u64);
		else
			nc_fmt_tcp_flags(b, u64);
		nc_buf_putc(b, '"');
	} else {
		json_u64(b, u64);
	}
}

/* ,"field_name":"NAME" after a coded value with a known name: the
 * number stays where it was, for jq filters written against it. */
static void
json_name(const ProtobufCMessage *m, const struct info *in, unsigned i,
    int tfmt, struct nc_buf *b)
{
	char buf[NC_NAMES_BUF];
	const char *name = name_of(m, in, i, buf, tfmt);

	if (name == NULL)
		return;
	nc_buf_putc(b, ',');
	nc_buf_puts(b, in->namekey[i]);
	nc_fmt_json_str(b, name, strlen(name));
}

/* "name":value pairs of m, comma-separated, unset oneof members left out.
 * sep is set for a record's own fields, which follow the "type" key: a
 * field of that name is then written as "type_", since jq and most JSON
 * readers keep only the last of two equal keys. */
static void
json_fields(const ProtobufCMessage *m, int tfmt, int sep, struct nc_buf *b)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const struct info *in = info_of(d);
	const ProtobufCFieldDescriptor *f;
	struct nc_value v;
	size_t i, j, n;
	int top = sep;

	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->label == PROTOBUF_C_LABEL_NONE &&
		    !(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    in_place(f->type) && (!top || (int)i != in->type)) {
			/* Always present: no count(), no get(). */
			if (sep)
				nc_buf_putc(b, ',');
			sep = 1;
			nc_buf_put(b, in->key[i], in->keylen[i]);
			if (shown_decoded(m, in, i, 1))
				nc_buf_put(b, "null", 4);
			else
				json_scalar(m, f, in->style[i], tfmt, b);
			if (in->names[i] != NULL)
				json_name(m, in, i, tfmt, b);
			continue;
		}
		n = count(m, f);
		if (n == 0 && f->label != PROTOBUF_C_LABEL_REPEATED)
			continue;
		/* A message field has presence (proto3): an absent one has
		 * no key, as an unset oneof member has none. */
		if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
		    f->label != PROTOBUF_C_LABEL_REPEATED &&
		    *(const void *const *)AT(m, f->offset) == NULL)
			continue;
		if (sep)
			nc_buf_putc(b, ',');
		sep = 1;
		if (top && (int)i == in->type)
			nc_buf_put(b, "\"type_\":", 8);
		else
			nc_buf_put(b, in->key[i], in->keylen[i]);
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			nc_buf_putc(b, '[');
		for (j = 0; j < n; j++) {
			if (j > 0)
				nc_buf_putc(b, ',');
			get(m, f, j, &v);
			/* A field without presence holds nothing when empty;
			 * an empty element of a list is still an element. */
			if ((v.kind == NC_V_STRING || v.kind == NC_V_BYTES) &&
			    v.len == 0 && f->label != PROTOBUF_C_LABEL_REPEATED &&
			    !(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
				nc_buf_put(b, "null", 4);
			else
				json_value(&v, in->style[i], tfmt, b);
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			nc_buf_putc(b, ']');
		if (in->names[i] != NULL)
			json_name(m, in, i, tfmt, b);
	}
}

void
nc_walk_json(const ProtobufCMessage *m, const char *type, int tfmt,
    struct nc_buf *b)
{
	nc_buf_put(b, "{\"type\":", 8);
	nc_fmt_json_str(b, type, strlen(type));
	json_fields(m, tfmt, 1, b);
	nc_buf_put(b, "}\n", 2);
}

/* --- summary ----------------------------------------------------------- */

/* Whether singular bytes field i of m is set and not empty. */
static int
filled(const ProtobufCMessage *m, int i)
{
	struct nc_value v;

	if (!present(m, &m->descriptor->fields[i]))
		return 0;
	get(m, &m->descriptor->fields[i], 0, &v);
	return v.len > 0;
}

static void
endpoint(const ProtobufCMessage *m, int ip, int port, struct nc_buf *b)
{
	struct nc_value a, p;

	get(m, &m->descriptor->fields[ip], 0, &a);
	if (port >= 0 && a.len == 16)
		nc_buf_putc(b, '[');
	nc_fmt_ip(b, a.data, a.len);
	if (port < 0)
		return;
	if (a.len == 16)
		nc_buf_putc(b, ']');
	get(m, &m->descriptor->fields[port], 0, &p);
	nc_buf_putc(b, ':');
	if (p.kind == NC_V_INT)
		nc_fmt_i64(b, p.i);
	else
		nc_fmt_u64(b, p.u);
}

/* The name of field i as every sink spells it: a record's own "type" is
 * type_, since JSON's "type" key names the record type. */
static void
field_key(const struct info *in, unsigned i, struct nc_buf *b)
{
	nc_buf_puts(b, in->desc->fields[i].name);
	if (in->record && (int)i == in->type)
		nc_buf_putc(b, '_');
}

/* Every field of m not in used that is set and not zero, false or empty
 * (a set oneof member shows even when 0), as " name=value". */
static void
every_field(const ProtobufCMessage *m, const struct info *in,
    const int used[4], int tfmt, struct nc_buf *b)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *f;
	struct nc_value v;
	const char *name;
	char nbuf[NC_NAMES_BUF];
	unsigned i;
	size_t n;

	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if ((int)i == in->ts || (int)i == in->packet ||
		    (int)i == in->flow || (int)i == used[0] ||
		    (int)i == used[1] || (int)i == used[2] || (int)i == used[3])
			continue;
		n = count(m, f);
		if (n == 0)
			continue;
		if (f->label != PROTOBUF_C_LABEL_REPEATED &&
		    !(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)) {
			get(m, f, 0, &v);
			/* tcpdump shows [none] rather than nothing. */
			if (is_zero(&v) && in->style[i] != ST_IP_FLAGS)
				continue;
		}
		nc_buf_putc(b, ' ');
		field_key(in, i, b);
		nc_buf_putc(b, '=');
		name = name_of(m, in, i, nbuf, tfmt);
		/* What is read rather than named shows once, read. */
		if (name != NULL && in->names[i]->kind >= NC_NAMES_REFID) {
			nc_buf_puts(b, name);
			continue;
		}
		text_field(m, f, in->style[i], tfmt, TXT_SUMMARY, b);
		if (name != NULL) {
			nc_buf_putc(b, '(');
			nc_buf_puts(b, name);
			nc_buf_putc(b, ')');
		}
	}
}

static void hint_fields(const ProtobufCMessage *, const struct info *, int,
    struct nc_buf *);

/* A nested message in a hinted line: by its own hint, else every field,
 * without the leading space. */
static void
nested(const ProtobufCMessage *m, int tfmt, struct nc_buf *b)
{
	static const int none[4] = { -1, -1, -1, -1 };
	const struct info *in = info_of(m->descriptor);
	size_t start = b->len;

	if (in->nhint >= 0)
		hint_fields(m, in, tfmt, b);
	else
		every_field(m, in, none, tfmt, b);
	if (b->len > start && b->p[start] == ' ') {
		memmove(b->p + start, b->p + start + 1, b->len - start - 1);
		b->len--;
	}
}

/* The value of singular field i of m in a hinted line. */
static void
hint_value(const ProtobufCMessage *m, const struct info *in, unsigned i,
    int named, int tfmt, struct nc_buf *b)
{
	const ProtobufCFieldDescriptor *f = &m->descriptor->fields[i];
	char nbuf[NC_NAMES_BUF];
	const char *name = name_of(m, in, i, nbuf, tfmt);
	struct nc_value v;

	if (name != NULL && (!named || in->names[i]->kind >= NC_NAMES_REFID)) {
		nc_buf_puts(b, name);
		return;
	}
	if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
		get(m, f, 0, &v);
		if (v.data != NULL)
			nested(v.data, tfmt, b);
		return;
	}
	text_field(m, f, in->style[i], tfmt, TXT_SUMMARY, b);
	if (name != NULL) {
		nc_buf_putc(b, '(');
		nc_buf_puts(b, name);
		nc_buf_putc(b, ')');
	}
}

static void
hint_fields(const ProtobufCMessage *m, const struct info *in, int tfmt,
    struct nc_buf *b)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *f;
	const struct htok *t;
	struct nc_value v;
	size_t j, n;
	int k;

	for (k = 0; k < in->nhint; k++) {
		t = &in->hint[k];
		if (t->mode == '>') {
			nc_buf_put(b, " >", 2);
			continue;
		}
		f = &d->fields[t->field];
		if ((n = count(m, f)) == 0)
			continue;
		if (f->label != PROTOBUF_C_LABEL_REPEATED) {
			get(m, f, 0, &v);
			if (is_zero(&v) && !t->always && !(f->flags &
			    PROTOBUF_C_FIELD_FLAG_ONEOF))
				continue;
			/* BOOTP's 0.0.0.0 means none. */
			if (in->style[t->field] == ST_IP && v.len == 4 &&
			    memcmp(v.data, "\0\0\0\0", 4) == 0)
				continue;
		}
		nc_buf_putc(b, ' ');
		if (t->mode == '?') {
			nc_buf_puts(b, t->word);
			continue;
		}
		if (t->mode == ':') {
			endpoint(m, t->field, t->field2, b);
			continue;
		}
		if (t->mode == '=') {
			field_key(in, (unsigned)t->field, b);
			nc_buf_putc(b, '=');
		}
		if (t->mode == '/') {
			nc_buf_puts(b, t->word);
			nc_buf_putc(b, ' ');
			if (in->style[t->field] == ST_TCP_FLAGS) {
				tcpdump_flags(b, v.u);
				continue;
			}
		}
		if (f->label != PROTOBUF_C_LABEL_REPEATED) {
			hint_value(m, in, (unsigned)t->field, t->mode == '=',
			    tfmt, b);
		} else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
			nc_buf_putc(b, '[');
			for (j = 0; j < n; j++) {
				if (j > 0)
					nc_buf_put(b, ", ", 2);
				get(m, f, j, &v);
				if (v.data != NULL)
					nested(v.data, tfmt, b);
			}
			nc_buf_putc(b, ']');
		} else {
			text_field(m, f, in->style[t->field], tfmt,
			    TXT_SUMMARY, b);
		}
	}
}

static void
summary(const ProtobufCMessage *m, const char *type, int tfmt, int all,
    struct nc_buf *b)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const struct info *in = info_of(d);
	struct nc_value v;
	int used[4] = { -1, -1, -1, -1 };

	if (d == &netcap__header__descriptor) {
		nc_buf_puts(b, "HEADER");
	} else {
		if (in->ts >= 0) {
			get(m, &d->fields[in->ts], 0, &v);
			nc_fmt_time(b, v.i, tfmt);
		} else {
			nc_buf_putc(b, '-');
		}
		nc_buf_putc(b, ' ');
		if (in->packet >= 0) {
			get(m, &d->fields[in->packet], 0, &v);
			nc_fmt_u64(b, v.u);
		} else {
			nc_buf_putc(b, '-');
		}
		nc_buf_putc(b, ' ');
		nc_buf_puts(b, type);
	}
	if (in->src_ip >= 0 && filled(m, in->src_ip) && filled(m, in->dst_ip)) {
		nc_buf_putc(b, ' ');
		endpoint(m, in->src_ip, in->src_port, b);
		nc_buf_put(b, " > ", 3);
		endpoint(m, in->dst_ip, in->dst_port, b);
		used[0] = in->src_ip;
		used[1] = in->dst_ip;
		used[2] = in->src_port;
		used[3] = in->dst_port;
	} else if (in->src_mac >= 0 && filled(m, in->src_mac) &&
	    filled(m, in->dst_mac)) {
		nc_buf_putc(b, ' ');
		get(m, &d->fields[in->src_mac], 0, &v);
		nc_fmt_mac(b, v.data, v.len);
		nc_buf_put(b, " > ", 3);
		get(m, &d->fields[in->dst_mac], 0, &v);
		nc_fmt_mac(b, v.data, v.len);
		used[0] = in->src_mac;
		used[1] = in->dst_mac;
	}
	if (!all && in->nhint >= 0)
		hint_fields(m, in, tfmt, b);
	else
		every_field(m, in, used, tfmt, b);
	nc_buf_putc(b, '\n');
}

void
nc_walk_summary(const ProtobufCMessage *m, const char *type, int tfmt,
    struct nc_buf *b)
{
	summary(m, type, tfmt, 0, b);
}

void
nc_walk_summary_all(const ProtobufCMessage *m, const char *type, int tfmt,
    struct nc_buf *b)
{
	summary(m, type, tfmt, 1, b);
}

void
nc_walk_field_names(const ProtobufCMessageDescriptor *desc, struct nc_buf *b)
{
	unsigned i;

	for (i = 0; i < desc->n_fields; i++) {
		if (i > 0)
			nc_buf_put(b, ", ", 2);
		nc_buf_puts(b, desc->fields[i].name);
	}
}
