/* Unit tests for lib/transform.c: frames pass through byte for byte,
 * added records keep stream order, Headers of concatenated streams pass,
 * and damage or a failed write ends the loop with an error after what came
 * before was written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry.h"
#include "stream.h"
#include "transform.h"
#include "tap.h"

#define UNKNOWN_TYPE 200	/* a type from a newer netcap */

static char tmpl[] = "/tmp/nc-test-transform.XXXXXX";
static char *made[64];
static int nmade;

static char *
tmpname(void)
{
	char *p = strdup(tmpl);
	int fd;

	if (p == NULL || (fd = mkstemp(p)) < 0)
		abort();
	close(fd);
	made[nmade++] = p;
	return p;
}

static void
put(struct nc_writer *w, int type, const ProtobufCMessage *m)
{
	if (nc_writer_put(w, type, m) < 0)
		abort();
}

/* A Header naming source, then for each packet Ethernet, IPv4 and TCP,
 * or Ethernet and UDP with udp set; with unknown a record of a type this
 * build lacks after the Header. */
static char *
make_stream(const char *source, int packets, int udp, int unknown)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	Netcap__IPv4 ip = NETCAP__IPV4__INIT;
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__UDP u = NETCAP__UDP__INIT;
	struct nc_writer *w;
	char *path = tmpname();
	int fd, i;

	if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0 ||
	    (w = nc_writer_open(fd)) == NULL)
		abort();
	h.version = NC_FORMAT_VERSION;
	h.source = (char *)source;
	put(w, NETCAP__RECORD__RECORD_HEADER, &h.base);
	if (unknown)
		put(w, UNKNOWN_TYPE, &e.base);
	for (i = 1; i <= packets; i++) {
		e.packet = ip.packet = t.packet = u.packet = (uint64_t)i;
		t.src_port = u.src_port = 1000 + (uint32_t)i;
		put(w, NETCAP__RECORD__RECORD_ETHERNET, &e.base);
		if (udp) {
			put(w, NETCAP__RECORD__RECORD_UDP, &u.base);
		} else {
			put(w, NETCAP__RECORD__RECORD_IPV4, &ip.base);
			put(w, NETCAP__RECORD__RECORD_TCP, &t.base);
		}
	}
	if (nc_writer_close(w) < 0)
		abort();
	close(fd);
	return path;
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	static uint8_t buf[1 << 16];
	int fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY)) < 0 ||
	    (n = read(fd, buf, sizeof buf)) < 0 || n == (ssize_t)sizeof buf)
		abort();
	close(fd);
	*len = (size_t)n;
	return buf;
}

/* The files' bytes one after the other into a new file: cat a b > c. */
static char *
cat(char **paths, int n)
{
	char *path = tmpname();
	const uint8_t *p;
	size_t len;
	int fd, i;

	if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0)
		abort();
	for (i = 0; i < n; i++) {
		p = slurp(paths[i], &len);
		if (write(fd, p, len) != (ssize_t)len)
			abort();
	}
	close(fd);
	return path;
}

static int
same_file(const char *a, const char *b)
{
	static uint8_t copy[1 << 16];
	const uint8_t *p;
	size_t alen, blen;

	p = slurp(a, &alen);
	memcpy(copy, p, alen);
	p = slurp(b, &blen);
	return alen == blen && memcmp(copy, p, alen) == 0;
}

/* Runs x over the n paths with its output in a new file, named in *out. */
static int
run(struct nc_transform *x, int n, char **paths, char **out)
{
	int fd, rc;

	*out = tmpname();
	if ((fd = open(*out, O_WRONLY | O_TRUNC)) < 0 ||
	    (x->out = nc_writer_open(fd)) == NULL)
		abort();
	rc = nc_transform_run(x, n, paths);
	if (nc_writer_close(x->out) < 0)
		abort();
	x->out = NULL;
	close(fd);
	return rc;
}

/* "TYPE/packet ..." for every frame of path, "?ID" for unknown types. */
static const char *
frames(const char *path)
{
	static char s[4096];
	const ProtobufCFieldDescriptor *fd;
	const ProtobufCMessage *m;
	const struct nc_type *t;
	struct nc_reader *r;
	struct nc_frame f;
	size_t n = 0;

	s[0] = '\0';
	if ((r = nc_reader_open(path)) == NULL)
		abort();
	while (nc_reader_next(r, &f) == 1 && n + 64 < sizeof s) {
		if ((t = nc_type_by_id(f.type)) == NULL) {
			n += (size_t)snprintf(s + n, sizeof s - n, " ?%d",
			    f.type);
			continue;
		}
		n += (size_t)snprintf(s + n, sizeof s - n, " %s", t->name);
		fd = protobuf_c_message_descriptor_get_field_by_name(t->desc,
		    "packet");
		if (fd != NULL && (m = nc_reader_unpack(r, &f)) != NULL)
			n += (size_t)snprintf(s + n, sizeof s - n, "/%llu",
			    (unsigned long long)*(const uint64_t *)(const void *)
			    ((const char *)m + fd->offset));
	}
	if (nc_reader_error(r) != NULL)
		snprintf(s + n, sizeof s - n, " (%s)", nc_reader_error(r));
	nc_reader_close(r);
	return s[0] == ' ' ? s + 1 : s;
}

static int calls;

/* Writes every record it is given as it came. */
static int
keep(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	(void)t;
	(void)m;
	calls++;
	return nc_writer_frame(x->out, x->frame);
}

/* Keeps each TCP record and adds a UDP record with its packet number. */
static int
add_udp(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const Netcap__TCP *tcp = (const Netcap__TCP *)m;
	Netcap__UDP u = NETCAP__UDP__INIT;

	(void)t;
	if (nc_writer_frame(x->out, x->frame) < 0)
		return -1;
	u.packet = tcp->packet;
	u.src_port = tcp->src_port;
	return nc_writer_put(x->out, NETCAP__RECORD__RECORD_UDP, &u.base);
}

/* A record only the end of input can write, like a flow table's last. */
static int
end(struct nc_transform *x)
{
	Netcap__UDP u = NETCAP__UDP__INIT;

	u.packet = 99;
	return nc_writer_put(x->out, NETCAP__RECORD__RECORD_UDP, &u.base);
}

static void
test_identity(void)
{
	char *in[2], *both, *out;
	struct nc_transform x = { 0 };
	int rc;

	in[0] = make_stream("a.pcap", 5, 0, 1);
	in[1] = make_stream("b.pcap", 3, 1, 0);
	both = cat(in, 2);

	rc = run(&x, 1, in, &out);
	ok(rc == NC_TRANSFORM_OK && same_file(in[0], out),
	    "nothing selected: every frame passes byte for byte");
	ok(strncmp(frames(out), "Header ?200 Ethernet/1 IPv4/1 TCP/1 ", 36)
	    == 0, "the unknown type passes through a transform: %s",
	    frames(out));

	rc = run(&x, 2, in, &out);
	ok(rc == NC_TRANSFORM_OK && same_file(both, out),
	    "two inputs: both Headers pass, output is cat a b");
	rc = run(&x, 1, &both, &out);
	ok(rc == NC_TRANSFORM_OK && same_file(both, out),
	    "one concatenated input: the second Header passes mid-stream");

	nc_typeset_all(&x.types);
	x.types.has[NETCAP__RECORD__RECORD_HEADER] = 1;
	x.types.count++;
	x.record = keep;
	calls = 0;
	rc = run(&x, 1, &both, &out);
	ok(rc == NC_TRANSFORM_OK && same_file(both, out),
	    "every type through record(), written back: identical");
	ok(calls == 2 + 5 * 3 + 3 * 2, "record() saw every known record "
	    "(%d), not the unknown one", calls);
}

static void
test_order(void)
{
	char *in[2], *out;
	struct nc_transform x = { .record = add_udp };
	int rc;

	in[0] = make_stream("a.pcap", 3, 0, 0);
	in[1] = make_stream("b.pcap", 1, 1, 0);
	x.types.has[NETCAP__RECORD__RECORD_TCP] = 1;
	x.types.count = 1;
	rc = run(&x, 2, in, &out);
	ok(rc == NC_TRANSFORM_OK, "adding transform runs");
	ok(strcmp(frames(out), "Header Ethernet/1 IPv4/1 TCP/1 UDP/1 "
	    "Ethernet/2 IPv4/2 TCP/2 UDP/2 Ethernet/3 IPv4/3 TCP/3 UDP/3 "
	    "Header Ethernet/1 UDP/1") == 0,
	    "an added record goes right after the one that caused it: %s",
	    frames(out));

	x.end = end;
	rc = run(&x, 2, in, &out);
	ok(rc == NC_TRANSFORM_OK && strcmp(frames(out), "Header Ethernet/1 "
	    "IPv4/1 TCP/1 UDP/1 Ethernet/2 IPv4/2 TCP/2 UDP/2 Ethernet/3 "
	    "IPv4/3 TCP/3 UDP/3 Header Ethernet/1 UDP/1 UDP/99") == 0,
	    "end() writes after the last frame of the last input: %s",
	    frames(out));
}

static void
test_damage(void)
{
	char *in[2], *cut, *out, want[256];
	struct nc_transform x = { .record = keep, .end = end };
	const uint8_t *p;
	struct nc_reader *r;
	struct nc_frame f;
	uint64_t last = 0;
	size_t len;
	int fd, rc;

	in[0] = make_stream("a.pcap", 3, 0, 0);
	in[1] = make_stream("b.pcap", 3, 1, 0);
	/* The first input loses the last 3 bytes of its last frame. */
	if ((r = nc_reader_open(in[0])) == NULL)
		abort();
	while (nc_reader_next(r, &f) == 1)
		last = f.offset;
	nc_reader_close(r);
	p = slurp(in[0], &len);
	cut = tmpname();
	if ((fd = open(cut, O_WRONLY | O_TRUNC)) < 0 ||
	    write(fd, p, len - 3) != (ssize_t)(len - 3))
		abort();
	close(fd);
	in[0] = cut;

	x.types.has[NETCAP__RECORD__RECORD_IPV4] = 1;
	x.types.count = 1;
	rc = run(&x, 2, in, &out);
	snprintf(want, sizeof want, "%s: byte %llu: truncated frame", cut,
	    (unsigned long long)last);
	ok(rc == NC_TRANSFORM_STOPPED && nc_transform_error(&x) != NULL &&
	    strncmp(nc_transform_error(&x), want, strlen(want)) == 0,
	    "damage stops the loop with the reader's message: %s",
	    nc_transform_error(&x) != NULL ? nc_transform_error(&x) : "none");
	p = slurp(out, &len);
	ok(len == last && memcmp(p, slurp(cut, &len), last) == 0,
	    "what came before the damage was written, nothing after "
	    "(%zu of %llu bytes)", len, (unsigned long long)last);
	ok(strcmp(frames(out), "Header Ethernet/1 IPv4/1 TCP/1 Ethernet/2 "
	    "IPv4/2 TCP/2 Ethernet/3 IPv4/3") == 0,
	    "no end() after damage: %s", frames(out));
}

static void
test_errors(void)
{
	char *in[2], *out;
	struct nc_transform x = { 0 };
	int fd, rc;

	in[0] = "/nonexistent/x.ncap";
	in[1] = make_stream("a.pcap", 2, 0, 0);
	fprintf(stderr, "# a warning about /nonexistent/x.ncap follows\n");
	rc = run(&x, 2, in, &out);
	ok(rc == NC_TRANSFORM_MISSING && same_file(in[1], out),
	    "a missing input: warned, the others read, said in the result");

	if ((fd = open("/dev/full", O_WRONLY)) < 0 ||
	    (x.out = nc_writer_open(fd)) == NULL) {
		ok(1, "# skip no /dev/full");
		return;
	}
	errno = 0;
	rc = nc_transform_run(&x, 1, &in[1]);
	ok(rc == NC_TRANSFORM_STOPPED && nc_transform_error(&x) == NULL &&
	    errno == ENOSPC, "a failed write stops with errno, no message");
	nc_writer_close(x.out);
	close(fd);
}

static int out_fd, flushed, checked;

/* With unbuffered, everything before the frame is in the file already. */
static int
check_flushed(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	struct stat st;

	(void)t;
	(void)m;
	checked++;
	if (fstat(out_fd, &st) == 0 && (uint64_t)st.st_size == x->frame->offset)
		flushed++;
	return nc_writer_frame(x->out, x->frame);
}

static void
test_unbuffered(void)
{
	char *in, *out;
	struct nc_transform x = { .record = check_flushed, .unbuffered = 1 };

	in = make_stream("a.pcap", 4, 0, 0);
	out = tmpname();
	if ((out_fd = open(out, O_WRONLY | O_TRUNC)) < 0 ||
	    (x.out = nc_writer_open(out_fd)) == NULL)
		abort();
	x.types.has[NETCAP__RECORD__RECORD_TCP] = 1;
	x.types.count = 1;
	ok(nc_transform_run(&x, 1, &in) == NC_TRANSFORM_OK &&
	    checked == 4 && flushed == 4,
	    "unbuffered (-l): each frame is written before the next is read");
	nc_writer_close(x.out);
	close(out_fd);
	ok(same_file(in, out), "unbuffered: output identical");
}

static int counted[NC_TYPE_MAX + 1], framed[NC_TYPE_MAX + 1];

static void
count(struct nc_transform *x, const struct nc_type *t)
{
	counted[t->id]++;
	/* The frame itself is there to read, of the type said. */
	if (x->frame != NULL && x->frame->type == t->id && x->frame->len > 0)
		framed[t->id]++;
}

static void
test_sink(void)
{
	char *in;
	struct nc_transform x = { .skip = count };
	int rc;

	/* Nothing selected, no writer: every frame is dropped. */
	in = make_stream("a.pcap", 4, 0, 1);
	fprintf(stderr, "# one warning about unknown type 200 follows\n");
	rc = nc_transform_run(&x, 1, &in);
	ok(rc == NC_TRANSFORM_OK && counted[NETCAP__RECORD__RECORD_TCP] == 4
	    && counted[NETCAP__RECORD__RECORD_HEADER] == 1 &&
	    counted[NETCAP__RECORD__RECORD_ETHERNET] == 4,
	    "a sink: frames not selected go to skip(), the unknown one not");
	ok(x.warned[UNKNOWN_TYPE] == 1, "a sink warns about unknown types");
	ok(framed[NETCAP__RECORD__RECORD_TCP] == 4 &&
	    framed[NETCAP__RECORD__RECORD_HEADER] == 1 && x.frame == NULL,
	    "skip() sees each frame in x->frame, and only while it runs");
}

/* Writes only the frames of unselected types that are not IPv4, unknown
 * ones included. */
static int others;

static int
drop_ipv4(struct nc_transform *x, const struct nc_frame *f)
{
	others++;
	if (f->type == NETCAP__RECORD__RECORD_IPV4)
		return 0;
	return nc_writer_frame(x->out, f);
}

static void
test_other(void)
{
	char *in, *out;
	struct nc_transform x = { .other = drop_ipv4 };
	int rc;

	in = make_stream("a.pcap", 2, 0, 1);
	x.types.has[NETCAP__RECORD__RECORD_TCP] = 1;
	x.types.count = 1;
	x.record = keep;
	calls = 0;
	rc = run(&x, 1, &in, &out);
	ok(rc == NC_TRANSFORM_OK && strcmp(frames(out), "Header ?200 "
	    "Ethernet/1 TCP/1 Ethernet/2 TCP/2") == 0,
	    "other() decides for the types not selected: %s", frames(out));
	ok(others == 6 && calls == 2, "other() saw every frame record() did "
	    "not (%d, %d)", others, calls);
}

int
main(void)
{
	int i;

	test_identity();
	test_order();
	test_damage();
	test_errors();
	test_sink();
	test_unbuffered();
	test_other();
	for (i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	return tap_done();
}
