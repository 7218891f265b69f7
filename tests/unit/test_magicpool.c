/* libmagic on worker threads (lib/files/magicpool.c) and the file sink
 * that uses it (nc_files_late): the answers are libmagic's own, taken in
 * any order; at most depth questions are out; a dropped one frees its
 * place; and File records written through the writer are the same bytes
 * with worker threads as without. */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files/files.h"
#include "files/magicpool.h"
#include "stream.h"
#include "tap.h"

#define FLAGS	(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)
#define NHEAD	12

static uint8_t head[NHEAD][NC_MAGICPOOL_HEAD];
static size_t nhead[NHEAD];

static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* Heads libmagic names differently, and spends different time on. */
static void
make_heads(void)
{
	static const char *const text[] = {
		"just some words of plain text\nand another line\n",
		"{\"a\": 1, \"b\": [true, false, null]}",
		"#!/bin/sh\necho hello\n",
		"<?xml version=\"1.0\"?>\n<r/>\n",
		"a,b,c\n1,2,3\n4,5,6\n",
		"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02",
		"\177ELF\x02\x01\x01",
		"var x = \"function\";\nvar y = 2;\n",
	};
	size_t i, k;

	for (i = 0; i < NHEAD; i++) {
		if (i < sizeof text / sizeof text[0]) {
			/* The PNG and ELF heads hold NULs: their lengths. */
			nhead[i] = i == 5 ? 26 : i == 6 ? 7 : strlen(text[i]);
			memcpy(head[i], text[i], nhead[i]);
			continue;
		}
		nhead[i] = NC_MAGICPOOL_HEAD;
		for (k = 0; k < nhead[i]; k++)
			head[i][k] = i % 2 ? (uint8_t)rnd() :
			    (uint8_t)("abc def\n"[rnd() % 8]);
	}
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void
test_answers(void)
{
	struct nc_magicpool *p = nc_magicpool_new(3, NHEAD, FLAGS);
	magic_t m = magic_open(FLAGS);
	uint64_t t[NHEAD];
	char got[NC_MAGICPOOL_MIME];
	const char *want;
	int i, same = 0, asked = 0;

	if (p == NULL || m == NULL || magic_load(m, NULL) != 0) {
		ok(0, "a pool of 3 threads and libmagic here");
		return;
	}
	for (i = 0; i < NHEAD; i++)
		asked += (t[i] = nc_magicpool_ask(p, head[i], nhead[i])) != 0;
	/* Taken last first: answers wait for their takers. */
	for (i = NHEAD - 1; i >= 0; i--) {
		want = magic_buffer(m, head[i], nhead[i]);
		if (t[i] != 0 && nc_magicpool_take(p, t[i], got, 1) == 1 &&
		    want != NULL && strcmp(got, want) == 0)
			same++;
		else
			printf("# head %d: pool %s, libmagic %s\n", i, got,
			    want != NULL ? want : "(none)");
	}
	ok(asked == NHEAD && same == NHEAD,
	    "%d heads asked of 3 threads: %d answers libmagic's own", asked,
	    same);
	magic_close(m);
	nc_magicpool_free(p);
}

static void
test_depth(void)
{
	struct nc_magicpool *p = nc_magicpool_new(1, 2, FLAGS);
	char got[NC_MAGICPOOL_MIME];
	uint64_t a, b, c, d = 0;
	int i, polled = 0;

	if (p == NULL) {
		ok(0, "a pool of depth 2");
		return;
	}
	a = nc_magicpool_ask(p, head[0], nhead[0]);
	b = nc_magicpool_ask(p, head[1], nhead[1]);
	c = nc_magicpool_ask(p, head[2], nhead[2]);
	ok(a != 0 && b != 0 && c == 0,
	    "depth 2: a third question waits its turn (tickets %llu %llu "
	    "%llu)", (unsigned long long)a, (unsigned long long)b,
	    (unsigned long long)c);
	/* Without waiting, the answer comes in a while. */
	for (i = 0; i < 10000 && !nc_magicpool_take(p, a, got, 0); i++) {
		polled++;
		sleep_ms(1);
	}
	ok(i < 10000 && got[0] != '\0' && (c = nc_magicpool_ask(p, head[2],
	    nhead[2])) != 0, "taken without waiting (after %d looks), it "
	    "frees a place: %s", polled, got);
	/* Dropped, asked or running, a question's place comes free. */
	nc_magicpool_drop(p, b);
	nc_magicpool_drop(p, c);
	for (i = 0; i < 10000 && (d = nc_magicpool_ask(p, head[3],
	    nhead[3])) == 0; i++)
		sleep_ms(1);
	ok(d != 0 && nc_magicpool_take(p, d, got, 1) == 1 &&
	    strcmp(got, "text/xml") == 0,
	    "dropped questions free their places: %s", got);
	ok(nc_magicpool_take(p, b, got, 1) == 1 && got[0] == '\0',
	    "a dropped ticket has an empty answer");
	/* Freed with questions out: the workers stop. */
	nc_magicpool_ask(p, head[NHEAD - 1], nhead[NHEAD - 1]);
	nc_magicpool_free(p);
}

/* M files through a file sink with threads workers, their records into
 * a writer; the bytes written. */
static int nlate;

static uint8_t *
files_run(unsigned threads, size_t *len)
{
	struct nc_files_opts o = { 0 };
	struct nc_files *fs;
	struct nc_writer *w;
	struct nc_late late;
	char p[] = "/tmp/nc-test-magicpool.XXXXXX";
	int fd = mkstemp(p), i, rc = 0;
	uint8_t *out = NULL;

	unlink(p);
	o.threads = threads;
	if (fd < 0 || (fs = nc_files_new(&o)) == NULL ||
	    (w = nc_writer_open(fd)) == NULL) {
		*len = 0;
		return NULL;
	}
	/* Heads come again, so the cache answers some. */
	for (i = 0; i < 300 && rc == 0; i++) {
		int k = (int)(rnd() % NHEAD);
		struct nc_file *f = nc_file_begin(fs, "test", NULL, 0);
		Netcap__File m = NETCAP__FILE__INIT;

		if (f == NULL) {
			rc = -1;
			break;
		}
		nc_file_data(f, head[k], nhead[k]);
		/* Distinct bodies: one byte more. */
		nc_file_data(f, (const uint8_t *)&i, i % 3 == 0 ? 0 : 1);
		nc_file_end(f, 0, &m);
		m.packet = (uint64_t)i;
		if (nc_files_late(fs, &m, &late) && ++nlate > 0)
			rc = nc_writer_put_late(w, NETCAP__RECORD__RECORD_FILE,
			    &m.base, &late);
		else
			rc = nc_writer_put(w, NETCAP__RECORD__RECORD_FILE,
			    &m.base);
		nc_file_free(f);
	}
	if (nc_writer_close(w) < 0)
		rc = -1;
	nc_files_free(fs);
	*len = (size_t)lseek(fd, 0, SEEK_END);
	if (rc == 0 && (out = malloc(*len + 1)) != NULL &&
	    pread(fd, out, *len, 0) != (ssize_t)*len)
		*len = 0;
	close(fd);
	return out;
}

static void
test_files(void)
{
	size_t na, nb, nc;
	uint8_t *a, *b, *c;

	int late0, late1;

	seed = 99;
	a = files_run(0, &na);
	late0 = nlate;
	seed = 99;
	b = files_run(1, &nb);
	late1 = nlate - late0;
	seed = 99;
	c = files_run(4, &nc);
	/* How many go to the workers depends on how fast they answer; the
	 * first always does. */
	ok(a != NULL && na > 300 * 100 && na == nb && memcmp(a, b, na) == 0 &&
	    late0 == 0 && late1 > 0,
	    "300 File records: one worker (%d of them late), the same bytes "
	    "as none (%zu)", late1, na);
	ok(a != NULL && na == nc && memcmp(a, c, na) == 0 &&
	    nlate - late0 - late1 > 0, "four workers (%d late): the same "
	    "bytes", nlate - late0 - late1);
	free(a);
	free(b);
	free(c);
}

int
main(void)
{
	make_heads();
	test_answers();
	test_depth();
	test_files();
	return tap_done();
}
