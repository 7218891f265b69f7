/* libFuzzer harness for nc-label's sources: the first byte chooses the
 * reader (0 EVE JSON, 1 fast.log, 2 schedule) and the alert key, the rest
 * is lines, up to a NUL.  Every line must be taken or refused with a
 * reason; then the index is built and matched against a TCP, a Flow and a
 * Connection record, and, after the NUL, a record type id and the bytes of
 * a record of that type (any record protobuf-c accepts, hostile times and
 * addresses included); the labels found are appended to a record's bytes,
 * all within the bounds of label.h and json.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "label/json.h"
#include "label/label.h"
#include "registry.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore(void *arg, const char *path, const char *val, size_t n, int isstr)
{
	(void)arg;
	(void)isstr;
	if (strlen(path) >= NC_JSON_PATH_MAX || strlen(val) != n ||
	    n > NC_JSON_STR_MAX)
		abort();
}

static void
match(struct nc_labeler *l, const char *type, ProtobufCMessage *m,
    struct nc_buf *b)
{
	static const uint8_t rec[] = { 0x8a, 0x01, 0x00 };	/* TCP, empty */
	const struct nc_type *t = nc_type_by_name(type);
	const char *labels[NC_LABEL_PER_RECORD];
	size_t n;

	if (t == NULL || !nc_labeler_labelable(l, t))
		abort();
	n = nc_labeler_match(l, t, m, labels);
	if (n > NC_LABEL_PER_RECORD)
		abort();
	if (n > 0 && nc_label_append(rec, sizeof rec, 17, labels[0], labels,
	    n, b) < 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t a4[4] = { 192, 168, 0, 4 }, b4[4] = { 212, 227, 15, 188 };
	Netcap__TCP tcp = NETCAP__TCP__INIT;
	Netcap__Flow flow = NETCAP__FLOW__INIT;
	Netcap__Connection conn = NETCAP__CONNECTION__INIT;
	struct nc_buf b = { 0 };
	struct nc_labeler *l;
	struct nc_json j;
	const char *why, *p, *end, *nl;
	unsigned line = 0;
	int src, rc;

	if (size < 1)
		return 0;
	src = data[0] % 3;
	if ((l = nc_labeler_new((enum nc_label_key)(data[0] / 3 % 3),
	    (int64_t)(data[0] >> 4) * 100000000)) == NULL)
		abort();
	const uint8_t *nul = memchr(data + 1, 0, size - 1);
	const struct nc_type *t;
	ProtobufCMessage *m;

	p = (const char *)data + 1;
	end = nul != NULL ? (const char *)nul : (const char *)data + size;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		why = NULL;
		line++;
		if (src == 0) {
			(void)nc_json_object(&j, (const uint8_t *)p,
			    (size_t)(nl - p), ignore, NULL);
			rc = nc_labeler_eve_line(l, p, (size_t)(nl - p), &why);
		} else if (src == 1)
			rc = nc_labeler_fast_line(l, p, (size_t)(nl - p), &why);
		else
			rc = nc_labeler_rule_line(l, p, (size_t)(nl - p), line,
			    &why);
		if (rc == -1 && why == NULL)
			abort();
		if (rc == -2)
			break;
	}
	nc_labeler_ready(l);

	tcp.ts = 1377201634118955000;
	tcp.src_ip = (ProtobufCBinaryData){ 4, a4 };
	tcp.dst_ip = (ProtobufCBinaryData){ 4, b4 };
	tcp.src_port = 26242;
	tcp.dst_port = 110;
	match(l, "TCP", &tcp.base, &b);
	flow.ts = tcp.ts;
	flow.src_ip = tcp.src_ip;
	flow.dst_ip = tcp.dst_ip;
	flow.src_port = 26242;
	flow.dst_port = 110;
	flow.protocol = 6;
	flow.bidirectional_duration_ms = 60.847;
	match(l, "Flow", &flow.base, &b);
	conn.ts = tcp.ts;
	conn.orig_ip = tcp.src_ip;
	conn.resp_ip = tcp.dst_ip;
	conn.orig_port = 26242;
	conn.resp_port = 110;
	conn.proto = 6;
	conn.community_id = "1:LQU9qZlK+B5F3KDmev6m5PMibrg=";
	match(l, "Connection", &conn.base, &b);
	if (nul != NULL && (size_t)(nul - data) + 2 <= size &&
	    (t = nc_type_by_id(nul[1])) != NULL &&
	    nc_labeler_labelable(l, t) &&
	    (m = protobuf_c_message_unpack(t->desc, NULL,
	    size - (size_t)(nul - data) - 2, nul + 2)) != NULL) {
		match(l, t->name, m, &b);
		(void)nc_labeler_has_labels(l, t, m);
		protobuf_c_message_free_unpacked(m, NULL);
	}
	nc_labeler_free(l);
	nc_buf_free(&b);
	return 0;
}
