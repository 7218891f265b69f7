/* lib/label: the JSON reader's paths, escapes and refusals; times with
 * and without zones; the index's precedence; labels appended to a
 * record's bytes read back by protobuf-c. */
#include <stdlib.h>
#include <string.h>

#include "label/json.h"
#include "label/label.h"
#include "label/when.h"
#include "registry.h"
#include "render.h"
#include "tap.h"

static char seen[1024];

static void
collect(void *arg, const char *path, const char *val, size_t n, int isstr)
{
	(void)arg;
	(void)n;
	snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s%s=%s%s;",
	    path, isstr ? "" : "#", val, "");
}

static int
json(const char *s, const char **why, size_t *col)
{
	static struct nc_json j;
	int rc;

	seen[0] = '\0';
	rc = nc_json_object(&j, (const uint8_t *)s, strlen(s), collect, NULL);
	*why = j.why;
	*col = j.col;
	return rc;
}

static void
test_json(void)
{
	const char *why;
	size_t col;

	int rc;

	/* Each call first: the order arguments are evaluated in is not
	 * fixed, and the messages print what the call left. */
	rc = json(" {\"a\":1,\"b\":{\"c\":\"x\\u00e9\\ud83d\\ude00\\n\"},"
	    "\"d\":[{\"e\":2}],\"f\":null, \"g\":true} ", &why, &col);
	ok(rc == 0 && strcmp(seen, "a#=1;b.c=x\xc3\xa9\xf0\x9f\x98\x80\n;"
	    "f#=null;g#=true;") == 0,
	    "json: paths, escapes, arrays not reported");
	ok(json("{\"a\":\"\\u0000\\udc00\"}", &why, &col) == 0 &&
	    strcmp(seen, "a=\xef\xbf\xbd\xef\xbf\xbd;") == 0,
	    "json: NUL and a lone surrogate become U+FFFD");
	rc = json("{\"a\":1,}", &why, &col);
	ok(rc < 0 && col == 8 &&
	    strcmp(why, "expected a member name") == 0,
	    "json: trailing comma refused at its column (%zu)", col);
	ok(json("{\"a\":\"x\ty\"}", &why, &col) < 0 &&
	    strcmp(why, "control character in a string") == 0,
	    "json: a raw TAB in a string is refused");
	ok(json("{\"a\":1} x", &why, &col) < 0 &&
	    strcmp(why, "text after the object") == 0, "json: text after");
	ok(json("[1]", &why, &col) < 0, "json: not an object");
	ok(json("{\"a\":-}", &why, &col) < 0 && strcmp(why, "bad number") == 0,
	    "json: a number without digits");
	ok(json("{\"a\":\"\\x\"}", &why, &col) < 0, "json: bad escape");
	ok(json("{\"a\":\"abc", &why, &col) < 0 &&
	    strcmp(why, "unterminated string") == 0, "json: unterminated");
}

static int64_t
iso(const char *s)
{
	int64_t ns;

	return nc_when_iso(s, strlen(s), &ns) < 0 ? -1 : ns;
}

static void
test_when(void)
{
	int64_t ns;

	setenv("TZ", "UTC", 1);
	ok(iso("2013-08-22T20:00:34.140000+0000") == 1377201634140000000,
	    "when: EVE's zone without a colon");
	ok(iso("2013-08-22T22:00:34.14+02:00") == 1377201634140000000,
	    "when: +HH:MM");
	ok(iso("2013-08-22T19:00:34.14-01") == 1377201634140000000,
	    "when: -HH");
	ok(iso("2013-08-22T20:00Z") == 1377201600000000000,
	    "when: minutes only");
	ok(iso("2013-08-22 20:00:34") == 1377201634000000000,
	    "when: a space for T, no zone is TZ's local time (UTC here)");
	setenv("TZ", "Europe/Paris", 1);
	ok(iso("2013-08-22T22:00:34") == 1377201634000000000,
	    "when: local time in Paris, summer");
	ok(nc_when_fast("08/22/2013-22:00:34.140000", 26, &ns) == 0 &&
	    ns == 1377201634140000000, "when: fast.log, local time");
	setenv("TZ", "UTC", 1);
	ok(iso("2013-13-22T20:00Z") < 0 && iso("2013-08-22T24:00Z") < 0 &&
	    iso("2013-08-22T20:00+25") < 0 && iso("2013-08-22T20:00Q") < 0 &&
	    iso("2013-08-22") < 0 && iso("") < 0 &&
	    iso("2013-08-22T20:00:34.") < 0,
	    "when: bad months, hours, zones and ends refused");
}

static void
test_index(void)
{
	static uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	struct nc_labeler *l = nc_labeler_new(NC_LABEL_SIGNATURE, 0);
	const struct nc_type *t = nc_type_by_name("TCP");
	Netcap__TCP tcp = NETCAP__TCP__INIT;
	const char *labels[NC_LABEL_PER_RECORD], *why = NULL;
	const char *e1 = "{\"timestamp\":\"2020-01-01T00:00:10Z\","
	    "\"event_type\":\"alert\",\"src_ip\":\"10.0.0.2\",\"src_port\":80,"
	    "\"dest_ip\":\"10.0.0.1\",\"dest_port\":1234,\"proto\":\"TCP\","
	    "\"alert\":{\"signature\":\"low\",\"severity\":3}}";
	const char *e2 = "{\"timestamp\":\"2020-01-01T00:00:10Z\","
	    "\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\",\"src_port\":1234,"
	    "\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"proto\":\"UDP\","
	    "\"alert\":{\"signature\":\"udp\",\"severity\":1}}";
	const char *e3 = "{\"timestamp\":\"2020-01-01T00:00:10Z\","
	    "\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\",\"src_port\":1234,"
	    "\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,"
	    "\"alert\":{\"signature\":\"high\",\"severity\":1}}";
	const char *r = "2020-01-01T00:00Z 2020-01-01T00:01Z dst_port == 80 "
	    "and TCP \"web attack\"";
	size_t n;

	setenv("TZ", "UTC", 1);
	ok(nc_labeler_eve_line(l, e1, strlen(e1), &why) == 0 &&
	    nc_labeler_eve_line(l, e2, strlen(e2), &why) == 0 &&
	    nc_labeler_eve_line(l, e3, strlen(e3), &why) == 0 &&
	    nc_labeler_rule_line(l, r, strlen(r), 1, &why) == 0,
	    "index: three alerts and a rule read (%s)", why ? why : "");
	nc_labeler_ready(l);
	tcp.ts = 1577836810000000000;
	tcp.src_ip = (ProtobufCBinaryData){ 4, a };
	tcp.dst_ip = (ProtobufCBinaryData){ 4, b };
	tcp.src_port = 1234;
	tcp.dst_port = 80;
	n = nc_labeler_match(l, t, &tcp.base, labels);
	ok(n == 3 && strcmp(labels[0], "web attack") == 0 &&
	    strcmp(labels[1], "high") == 0 && strcmp(labels[2], "low") == 0,
	    "index: rule, then severity 1, then 3; the UDP alert left out "
	    "(%zu)", n);
	tcp.ts += 1;
	ok(nc_labeler_match(l, t, &tcp.base, labels) == 1,
	    "index: 1 ns later only the rule, with no tolerance");
	nc_labeler_free(l);
}

static void
test_append(void)
{
	Netcap__Record *r;
	Netcap__TCP tcp = NETCAP__TCP__INIT;
	Netcap__Record rec = NETCAP__RECORD__INIT;
	struct nc_buf b = { 0 };
	const char *labels[] = { "a", "b" };
	uint8_t buf[256];
	size_t n;

	tcp.seq = 7;
	tcp.src_port = 99;
	rec.record_case = NETCAP__RECORD__RECORD_TCP;
	rec.tcp = &tcp;
	n = netcap__record__pack(&rec, buf);
	ok(nc_label_append(buf, n, 11, "a", labels, 2, &b) == 0 &&
	    b.len > n && memcmp(b.p + 2, buf + 2, n - 2) == 0,
	    "append: the record's bytes kept");
	r = netcap__record__unpack(NULL, b.len, (const uint8_t *)b.p);
	ok(r != NULL && r->tcp != NULL && r->tcp->seq == 7 &&
	    r->tcp->src_port == 99 && strcmp(r->tcp->label, "a") == 0 &&
	    r->tcp->n_labels == 2 && strcmp(r->tcp->labels[1], "b") == 0,
	    "append: protobuf-c reads label and labels back");
	netcap__record__free_unpacked(r, NULL);
	ok(nc_label_append(buf, n, 12, "a", labels, 2, &b) < 0 &&
	    nc_label_append(buf, n - 1, 11, "a", labels, 2, &b) < 0,
	    "append: another type or a cut record refused");
	nc_buf_free(&b);
}

int
main(void)
{
	test_json();
	test_when();
	test_index();
	test_append();
	return tap_done();
}
