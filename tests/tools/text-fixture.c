/* text-fixture: a record stream whose every text field holds hostile bytes,
 * for the test that the sinks print them safely.
 *
 *	text-fixture		a Header, then one record of every type
 *	text-fixture -l		the top-level text fields: TYPE FIELD KIND,
 *				KIND "string" or "text" (bytes marked [text])
 *	text-fixture -p		the two payloads in hex: "string HEX", "text HEX"
 *
 * Records are filled through the descriptors alone, so a type or a field
 * added to the schema is covered with no change here: every string field
 * gets the string payload, every bytes field (the [text] ones and the
 * others) the text payload, every message field a message filled the same
 * way, a repeated field one element.  A protobuf-c string ends at its first
 * NUL, so only the bytes payload holds one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "registry.h"
#include "stream.h"
#include "netcap-text.h"

/* NUL, every other C0 control, DEL, CSV and escape specials, invalid
 * UTF-8 (stray bytes, overlong forms, a surrogate, past U+10FFFF), C1
 * controls, valid UTF-8, terminal sequences (erase screen, window title),
 * bidirectional controls (RLO, LRI, ALM, RLM) and a sequence cut short by
 * the end. */
static const uint8_t payload[] =
    "\0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
    "\x7f\\ \",x\\x41"
    "\xff\xfe\x80\xc0\x80\xc1\xbf\xe0\x80\x80\xf0\x80\x80\x80"
    "\xed\xa0\x80\xf4\x90\x80\x80"
    "\xc2\x85\xc2\x9b"
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"
    "\x1b[2J\x1b]0;t\x07"
    "\xe2\x80\xae\xe2\x81\xa6\xd8\x9c\xe2\x80\x8f"
    "\xe2\x82";
#define PAYLOAD_LEN (sizeof payload - 1)
#define STRING ((const char *)payload + 1)	/* all but the NUL */

/* Deep enough for every nesting the schema has; a schema that nests
 * deeper leaves the innermost messages empty. */
#define DEPTH 4

static int
is_text(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
	size_t i;

	if (f->type != PROTOBUF_C_TYPE_BYTES)
		return 0;
	for (i = 0; i < sizeof nc_text_fields / sizeof nc_text_fields[0]; i++)
		if (nc_text_fields[i].id == f->id &&
		    strcmp(nc_text_fields[i].msg, d->short_name) == 0)
			return 1;
	return 0;
}

/* Every allocation stays reachable from here until exit, which
 * LeakSanitizer does not count as a leak. */
static void *kept[1 << 14];
static size_t nkept;

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL || nkept == sizeof kept / sizeof kept[0])
		nc_die("out of memory");
	return kept[nkept++] = p;
}

static ProtobufCMessage *fill(const ProtobufCMessageDescriptor *, int);

/* Element storage for field f: its payload, or a filled message. */
static void
value(const ProtobufCFieldDescriptor *f, void *slot, int depth)
{
	ProtobufCBinaryData *b;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		*(const char **)slot = STRING;
		break;
	case PROTOBUF_C_TYPE_BYTES:
		b = slot;
		b->data = (uint8_t *)(uintptr_t)payload;
		b->len = PAYLOAD_LEN;
		break;
	case PROTOBUF_C_TYPE_MESSAGE:
		*(ProtobufCMessage **)slot = fill(f->descriptor, depth + 1);
		break;
	default:
		break;
	}
}

static size_t
slot_size(ProtobufCType t)
{
	if (t == PROTOBUF_C_TYPE_BYTES)
		return sizeof(ProtobufCBinaryData);
	return sizeof(void *);
}

static ProtobufCMessage *
fill(const ProtobufCMessageDescriptor *d, int depth)
{
	ProtobufCMessage *m = xcalloc(1, d->sizeof_message);
	const ProtobufCFieldDescriptor *f;
	char *base = (char *)m;
	void *arr;
	unsigned i;

	protobuf_c_message_init(d, m);
	if (depth >= DEPTH)
		return m;
	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_BYTES &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			arr = xcalloc(1, slot_size(f->type));
			value(f, arr, depth);
			*(size_t *)(base + f->quantifier_offset) = 1;
			*(void **)(base + f->offset) = arr;
			continue;
		}
		value(f, base + f->offset, depth);
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			*(uint32_t *)(base + f->quantifier_offset) = f->id;
		else if (f->label == PROTOBUF_C_LABEL_OPTIONAL &&
		    f->type == PROTOBUF_C_TYPE_BYTES)
			*(protobuf_c_boolean *)(base + f->quantifier_offset) =
			    1;
	}
	return m;
}

static void
list(void)
{
	const struct nc_type *t;
	const ProtobufCFieldDescriptor *f;
	size_t n, i;
	unsigned k;

	t = nc_types(&n);
	for (i = 0; i < n; i++)
		for (k = 0; k < t[i].desc->n_fields; k++) {
			f = &t[i].desc->fields[k];
			if (f->type == PROTOBUF_C_TYPE_STRING)
				printf("%s %s string\n", t[i].name, f->name);
			else if (is_text(t[i].desc, f))
				printf("%s %s text\n", t[i].name, f->name);
		}
}

static void
hex(const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	printf("%s ", name);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

int
main(int argc, char *argv[])
{
	static const char usage[] = "text-fixture [-l | -p]";
	const struct nc_type *t;
	struct nc_writer *w;
	Netcap__Header *h;
	size_t n, i;
	int c;

	nc_cli_init(argv[0]);
	while ((c = getopt(argc, argv, "lp")) != -1) {
		switch (c) {
		case 'l':
			list();
			return 0;
		case 'p':
			hex("string", (const uint8_t *)STRING, PAYLOAD_LEN - 1);
			hex("text", payload, PAYLOAD_LEN);
			return 0;
		default:
			nc_usage(usage);
		}
	}
	if ((w = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die("out of memory");
	/* A reader wants a Header of its own format first. */
	h = (Netcap__Header *)fill(&netcap__header__descriptor, 0);
	h->version = NC_FORMAT_VERSION;
	if (nc_writer_put(w, NETCAP__RECORD__RECORD_HEADER, &h->base) < 0)
		nc_die_write("stdout");
	t = nc_types(&n);
	for (i = 0; i < n; i++)
		if (t[i].id != NETCAP__RECORD__RECORD_HEADER &&
		    nc_writer_put(w, t[i].id, fill(t[i].desc, 0)) < 0)
			nc_die_write("stdout");
	if (nc_writer_close(w) < 0)
		nc_die_write("stdout");
	return 0;
}
