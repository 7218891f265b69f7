/* Late records in the writer (nc_writer_put_late in lib/stream.c): the
 * bytes are those of the records written complete, in the same order;
 * nothing after a late record reaches the file before it is filled in;
 * flushing and closing wait for it; past NC_WRITER_HELD held bytes the
 * writer waits instead of growing. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stream.h"
#include "netcap.pb-c.h"
#include "tap.h"

#define NLATE 8

/* The field each late record gets, and whether it has come. */
static const char *const answer[NLATE] = { "text/plain", "image/png", "",
    "application/octet-stream", "text/x-c", "application/json", "a", "b" };
static int came[NLATE], waited, dropped[NLATE];
/* Fields come by themselves after this many looks (0: never). */
static int come_after, looks[NLATE];

static int
ready(void *arg, uint64_t id, int wait)
{
	(void)arg;
	if (!wait && come_after > 0 && ++looks[id] >= come_after)
		came[id] = 1;
	if (wait && !came[id]) {
		came[id] = 1;
		waited++;
	}
	return came[id];
}

static void
fill(void *arg, uint64_t id, ProtobufCMessage *msg)
{
	Netcap__File *m = (Netcap__File *)msg;

	(void)arg;
	if (answer[id][0] != '\0')
		m->mime_type = strdup(answer[id]);
}

static void
drop(void *arg, uint64_t id)
{
	(void)arg;
	dropped[id]++;
}

static const struct nc_late late_of[NLATE] = {
	{ ready, fill, drop, NULL, 0 }, { ready, fill, drop, NULL, 1 },
	{ ready, fill, drop, NULL, 2 }, { ready, fill, drop, NULL, 3 },
	{ ready, fill, drop, NULL, 4 }, { ready, fill, drop, NULL, 5 },
	{ ready, fill, drop, NULL, 6 }, { ready, fill, drop, NULL, 7 },
};

static int
tmpfd(void)
{
	char p[] = "/tmp/nc-test-late.XXXXXX";
	int fd = mkstemp(p);

	if (fd >= 0)
		unlink(p);
	return fd;
}

static size_t
size_of(int fd)
{
	off_t n = lseek(fd, 0, SEEK_END);

	return n > 0 ? (size_t)n : 0;
}

static uint8_t *
contents(int fd, size_t *n)
{
	uint8_t *p;

	*n = size_of(fd);
	if ((p = malloc(*n + 1)) == NULL || pread(fd, p, *n, 0) != (ssize_t)*n)
		*n = 0;
	return p;
}

/* Record i of a mixed sequence: a TCP record, a pass-through frame of
 * one, or (every fifth) a File record, late when late is set. */
static int
put(struct nc_writer *w, int i, int late)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__File f = NETCAP__FILE__INIT;
	uint8_t buf[64];
	struct nc_frame fr;
	int k = i / 5 % NLATE;

	t.src_port = (uint32_t)i;
	t.dst_port = 80;
	if (i % 5 == 4) {
		f.size = (uint64_t)i;
		f.sha256 = "e3b0c442";
		if (late)
			return nc_writer_put_late(w, NETCAP__RECORD__RECORD_FILE,
			    &f.base, &late_of[k]);
		f.mime_type = (char *)answer[k];
		return nc_writer_put(w, NETCAP__RECORD__RECORD_FILE, &f.base);
	}
	if (i % 5 == 2) {
		/* A record passed through: its frame bytes, by hand. */
		Netcap__Record r = NETCAP__RECORD__INIT;
		size_t n;

		r.record_case = NETCAP__RECORD__RECORD_TCP;
		r.tcp = &t;
		n = netcap__record__pack(&r, buf + 1);
		buf[0] = (uint8_t)n;
		fr.data = buf + 1;
		fr.len = n;
		fr.type = NETCAP__RECORD__RECORD_TCP;
		return nc_writer_frame(w, &fr);
	}
	return nc_writer_put(w, NETCAP__RECORD__RECORD_TCP, &t.base);
}

/* n records of the sequence, complete or late, into a new file; its
 * bytes. */
static uint8_t *
run(int n, int late, size_t *len)
{
	struct nc_writer *w;
	uint8_t *p;
	int fd = tmpfd(), i, rc = 0;

	w = nc_writer_open(fd);
	for (i = 0; i < n && rc == 0; i++)
		rc = put(w, i, late);
	if (nc_writer_close(w) < 0 || rc < 0)
		rc = -1;
	p = contents(fd, len);
	close(fd);
	if (rc < 0)
		*len = 0;
	return p;
}

static void
test_same_bytes(void)
{
	size_t na, nb;
	uint8_t *a, *b;

	memset(came, 0, sizeof came);
	waited = 0;
	a = run(40, 0, &na);
	b = run(40, 1, &nb);
	ok(na > 0 && na == nb && memcmp(a, b, na) == 0,
	    "late records: the same bytes as records written complete "
	    "(%zu and %zu)", na, nb);
	ok(waited == NLATE, "closing waited for every late field (%d)",
	    waited);
	free(a);
	free(b);
	/* Enough to fill the buffer many times over, with answers that
	 * come as the records go. */
	memset(came, 0, sizeof came);
	memset(looks, 0, sizeof looks);
	come_after = 3;
	a = run(200000, 0, &na);
	b = run(200000, 1, &nb);
	come_after = 0;
	ok(na > (1u << 20) && na == nb && memcmp(a, b, na) == 0,
	    "%zu bytes through 40,000 late records: the same", na);
	free(a);
	free(b);
}

static void
test_held(void)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	struct nc_writer *w;
	size_t before, held;
	int fd = tmpfd(), i, rc = 0;

	memset(came, 0, sizeof came);
	waited = 0;
	w = nc_writer_open(fd);
	for (i = 0; i < 4; i++)
		rc |= put(w, i, 1);
	rc |= nc_writer_flush(w);
	before = size_of(fd);
	rc |= put(w, 4, 1);		/* late record 0 */
	/* 2 MB after it: written through, the buffer would have gone out
	 * eight times. */
	t.src_port = 1;
	for (i = 0; i < 400000 && rc == 0; i++)
		rc = nc_writer_put(w, NETCAP__RECORD__RECORD_TCP, &t.base);
	held = size_of(fd);
	ok(rc == 0 && before > 0 && held == before && waited == 0,
	    "nothing after a late record is written before it is filled in "
	    "(%zu bytes on disk before it, %zu after 400,000 more records)",
	    before, held);
	came[0] = 1;
	rc |= nc_writer_put(w, NETCAP__RECORD__RECORD_TCP, &t.base);
	rc |= nc_writer_flush(w);
	ok(rc == 0 && size_of(fd) > held + 400000 * 5 && waited == 0,
	    "once it has come, all goes out (%zu bytes)", size_of(fd));
	nc_writer_close(w);
	close(fd);
}

static void
test_cap(void)
{
	static uint8_t name[4000];
	Netcap__File f = NETCAP__FILE__INIT;
	struct nc_writer *w;
	int fd = tmpfd(), i, rc = 0;
	size_t n = 0;

	memset(came, 0, sizeof came);
	waited = 0;
	w = nc_writer_open(fd);
	rc |= put(w, 4, 1);
	memset(name, 'x', sizeof name);
	f.name.data = name;
	f.name.len = sizeof name;
	/* 4 KB records: 20,000 of them pass the cap. */
	for (i = 0; i < 20000 && rc == 0 && waited == 0; i++)
		rc = nc_writer_put(w, NETCAP__RECORD__RECORD_FILE, &f.base);
	n = size_of(fd);
	ok(rc == 0 && waited == 1 && n > NC_WRITER_HELD - (1u << 20) &&
	    n <= NC_WRITER_HELD + (1u << 20),
	    "past %u held bytes the writer waits (after %d records, "
	    "%zu bytes written)", NC_WRITER_HELD, i, n);
	nc_writer_close(w);
	close(fd);
}

static void
test_drop(void)
{
	struct nc_writer *w;
	int fd[2], rc = 0;

	memset(came, 0, sizeof came);
	memset(dropped, 0, sizeof dropped);
	if (pipe(fd) != 0)
		return;
	close(fd[0]);
	w = nc_writer_open(fd[1]);
	rc |= put(w, 4, 1);
	rc |= put(w, 9, 1);
	/* The reader is gone: the flush fails; neither field is asked for
	 * again, and each is dropped once. */
	came[0] = 1;
	rc = nc_writer_close(w);
	ok(rc < 0 && dropped[0] == 0 && dropped[1] == 1,
	    "a failed write drops the fields not taken (dropped %d %d)",
	    dropped[0], dropped[1]);
	close(fd[1]);
}

int
main(void)
{
	/* The write to a closed pipe must fail, not kill. */
	signal(SIGPIPE, SIG_IGN);
	test_same_bytes();
	test_held();
	test_cap();
	test_drop();
	return tap_done();
}
