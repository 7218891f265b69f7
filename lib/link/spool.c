/* nc-send's on-disk spool (spool.h). */
#include "spool.h"
#include "stream.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/rand.h>

#define TAIL_MAX (256u << 10)
#define SEG_MIN (4u << 10)
#define READ_MIN (256u << 10)

static int
fail(struct nc_spool *s, const char *what)
{
	snprintf(s->why, sizeof s->why, "spool: %s: %s", what,
	    strerror(errno));
	return -1;
}

static void
seg_name(char *buf, size_t n, uint64_t first)
{
	snprintf(buf, n, "%016" PRIx64 ".seg", first);
}

static int
read_stream_id(struct nc_spool *s)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = openat(s->dirfd, "stream", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n < 16)
			goto bad;
		buf[16] = '\0';
		if (sscanf(buf, "%16" SCNx64, &s->stream) != 1)
			goto bad;
		return 0;
	}
	if (errno != ENOENT)
		return fail(s, "stream");
	/* A new folder: a new stream. */
	if (RAND_bytes((unsigned char *)&s->stream, sizeof s->stream) != 1) {
		snprintf(s->why, sizeof s->why, "spool: no random bytes");
		return -1;
	}
	n = snprintf(buf, sizeof buf, "%016" PRIx64 "\n", s->stream);
	fd = openat(s->dirfd, "stream.tmp", O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, buf, (size_t)n) != n || fsync(fd) != 0 ||
	    close(fd) != 0 || renameat(s->dirfd, "stream.tmp", s->dirfd,
	    "stream") != 0)
		return fail(s, "stream");
	return 0;
bad:
	snprintf(s->why, sizeof s->why, "spool: the file \"stream\" holds "
	    "no stream id");
	return -1;
}

/* Counts the whole frames of a segment and cuts off a torn last one,
 * left by a sender that died while writing it. */
static int
scan_seg(struct nc_spool *s, struct nc_spool_seg *g)
{
	char name[32];
	struct stat st;
	uint8_t *m = NULL;
	size_t off = 0, n;
	uint64_t len;
	int fd, k;

	seg_name(name, sizeof name, g->first);
	if ((fd = openat(s->dirfd, name, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return fail(s, name);
	}
	n = (size_t)st.st_size;
	if (n > 0 && (m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED) {
		close(fd);
		return fail(s, name);
	}
	g->count = 0;
	while (off < n) {
		len = 0;
		for (k = 0; k < 5 && off + (size_t)k < n; k++) {
			len |= (uint64_t)(m[off + (size_t)k] & 0x7f) << (7 * k);
			if (!(m[off + (size_t)k] & 0x80))
				break;
		}
		if (k == 5 || off + (size_t)k >= n || len > NC_FRAME_MAX ||
		    len > n - off - (size_t)k - 1)
			break;
		off += (size_t)k + 1 + (size_t)len;
		g->count++;
	}
	if (m != NULL)
		munmap(m, n);
	if (off < n && ftruncate(fd, (off_t)off) != 0) {
		close(fd);
		return fail(s, name);
	}
	close(fd);
	g->bytes = off;
	return 0;
}

static int
cmp_seg(const void *a, const void *b)
{
	const struct nc_spool_seg *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static int
push_seg(struct nc_spool *s, uint64_t first)
{
	if (s->nseg == s->capseg) {
		size_t nc = s->capseg ? s->capseg * 2 : 16;
		struct nc_spool_seg *q = realloc(s->seg, nc * sizeof *q);

		if (q == NULL)
			return fail(s, "segments");
		s->seg = q;
		s->capseg = nc;
	}
	s->seg[s->nseg].first = first;
	s->seg[s->nseg].count = 0;
	s->seg[s->nseg].bytes = 0;
	s->nseg++;
	return 0;
}

static int
open_last(struct nc_spool *s, int create)
{
	char name[32];

	seg_name(name, sizeof name, s->seg[s->nseg - 1].first);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = openat(s->dirfd, name, O_WRONLY | O_APPEND | O_CLOEXEC |
	    O_NOFOLLOW | (create ? O_CREAT | O_EXCL : 0), 0600);
	return s->fd < 0 ? fail(s, name) : 0;
}

static int
scan(struct nc_spool *s)
{
	struct dirent *e;
	DIR *d;
	uint64_t first;
	size_t i;
	int fd, n;

	if ((fd = openat(s->dirfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return fail(s, "folder");
	}
	while ((e = readdir(d)) != NULL) {
		n = 0;
		if (strlen(e->d_name) != 20 ||
		    sscanf(e->d_name, "%16" SCNx64 ".seg%n", &first, &n) != 1 ||
		    n != 20 || first == 0)
			continue;
		if (push_seg(s, first) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	if (s->nseg > 1)
		qsort(s->seg, s->nseg, sizeof *s->seg, cmp_seg);
	for (i = 0; i < s->nseg; i++) {
		if (scan_seg(s, &s->seg[i]) < 0)
			return -1;
		s->size += s->seg[i].bytes;
	}
	if (s->nseg == 0) {
		if (push_seg(s, 1) < 0)
			return -1;
		return open_last(s, 1);
	}
	return open_last(s, 0);
}

int
nc_spool_open(struct nc_spool *s, const char *dir, uint64_t max,
    int drop_oldest)
{
	struct stat st;

	memset(s, 0, sizeof *s);
	s->dirfd = s->lockfd = s->fd = s->ackfd = -1;
	s->max = max;
	s->seg_max = max / 16 > SEG_MIN ? max / 16 : SEG_MIN;
	s->drop_oldest = drop_oldest;
	pthread_mutex_init(&s->mu, NULL);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail(s, dir);
	if ((s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    O_NOFOLLOW)) < 0 || fstat(s->dirfd, &st) != 0)
		return fail(s, dir);
	/* Records are the capture: no one else may read or replace them. */
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		snprintf(s->why, sizeof s->why, "spool: %s: not a folder of "
		    "ours that only we may use (chmod 700)", dir);
		return -1;
	}
	if ((s->lockfd = openat(s->dirfd, "lock", O_RDWR | O_CREAT |
	    O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return fail(s, "lock");
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(s->why, sizeof s->why, "spool: %s: in use by "
		    "another nc-send", dir);
		return -1;
	}
	if (read_stream_id(s) < 0 || scan(s) < 0)
		return -1;
	s->next = s->seg[s->nseg - 1].first + s->seg[s->nseg - 1].count;
	s->acked = s->seg[0].first - 1;
	/* What the last run heard acknowledged is not sent again. */
	if ((s->ackfd = openat(s->dirfd, "acked", O_RDWR | O_CREAT |
	    O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return fail(s, "acked");
	{
		char buf[32];
		ssize_t n = pread(s->ackfd, buf, sizeof buf - 1, 0);
		uint64_t v;

		buf[n > 0 ? n : 0] = '\0';
		if (sscanf(buf, "%" SCNu64, &v) == 1 && v > s->acked &&
		    v < s->next)
			s->acked = v;
	}
	s->tail_cap = TAIL_MAX;
	if ((s->tail = malloc(s->tail_cap)) == NULL)
		return fail(s, "buffer");
	return 0;
}

static int
flush_locked(struct nc_spool *s)
{
	struct nc_spool_seg *g = &s->seg[s->nseg - 1];

	if (s->tail_len == 0)
		return 0;
	if (nc_write_all(s->fd, s->tail, s->tail_len) < 0)
		return fail(s, "write");
	g->count += s->tail_count;
	g->bytes += s->tail_len;
	s->tail_len = 0;
	s->tail_count = 0;
	return 0;
}

int
nc_spool_flush(struct nc_spool *s)
{
	int r;

	pthread_mutex_lock(&s->mu);
	r = flush_locked(s);
	pthread_mutex_unlock(&s->mu);
	return r;
}

static void
remove_first(struct nc_spool *s)
{
	char name[32];

	seg_name(name, sizeof name, s->seg[0].first);
	unlinkat(s->dirfd, name, 0);
	s->size -= s->seg[0].bytes;
	memmove(s->seg, s->seg + 1, (s->nseg - 1) * sizeof *s->seg);
	s->nseg--;
}

/* Makes room for n bytes by dropping the oldest segments; whether it
 * fits then. */
static int
drop_oldest(struct nc_spool *s, uint64_t n)
{
	struct nc_spool_seg *g;
	uint64_t last;

	while (s->size + n > s->max && s->nseg > 1) {
		g = &s->seg[0];
		last = g->first + g->count - 1;
		if (g->count > 0 && last > s->acked) {
			s->dropped += last - (s->acked >= g->first ?
			    s->acked : g->first - 1);
			s->acked = last;
		}
		remove_first(s);
	}
	return s->size + n <= s->max;
}

int
nc_spool_append(struct nc_spool *s, const uint8_t *rec, size_t len)
{
	uint8_t head[10];
	size_t hn = nc_varint_put(head, len);
	struct nc_spool_seg *g;
	int r = 0;

	pthread_mutex_lock(&s->mu);
	/* Once the newest are dropped, all are until half the spool is
	 * free again: a smaller record that still fits would otherwise go
	 * in after a gap, and what is sent would be no longer a run of the
	 * input but one with holes. */
	if (s->refusing && s->size > s->max / 2) {
		s->dropped++;
		r = 1;
		goto out;
	}
	s->refusing = 0;
	if (s->size + hn + len > s->max &&
	    !(s->drop_oldest && drop_oldest(s, hn + len))) {
		s->refusing = !s->drop_oldest;
		s->dropped++;
		r = 1;
		goto out;
	}
	g = &s->seg[s->nseg - 1];
	if (g->bytes + s->tail_len >= s->seg_max) {
		if (flush_locked(s) < 0 || push_seg(s, s->next) < 0 ||
		    open_last(s, 1) < 0) {
			r = -1;
			goto out;
		}
	}
	if (s->tail_len + hn + len > s->tail_cap && flush_locked(s) < 0) {
		r = -1;
		goto out;
	}
	if (hn + len > s->tail_cap) {
		/* Larger than the buffer: straight to the file. */
		if (nc_write_all(s->fd, head, hn) < 0 ||
		    nc_write_all(s->fd, rec, len) < 0) {
			r = fail(s, "write");
			goto out;
		}
		g = &s->seg[s->nseg - 1];
		g->count++;
		g->bytes += hn + len;
	} else {
		memcpy(s->tail + s->tail_len, head, hn);
		memcpy(s->tail + s->tail_len + hn, rec, len);
		s->tail_len += hn + len;
		s->tail_count++;
	}
	s->next++;
	s->size += hn + len;
out:
	if (s->dropped > 0 && s->full == 0)
		s->full = 1;
	pthread_mutex_unlock(&s->mu);
	return r;
}

int
nc_spool_full_news(struct nc_spool *s)
{
	int r;

	pthread_mutex_lock(&s->mu);
	r = s->full == 1;
	if (r)
		s->full = 2;
	pthread_mutex_unlock(&s->mu);
	return r;
}

uint64_t
nc_spool_dropped(struct nc_spool *s)
{
	uint64_t n;

	pthread_mutex_lock(&s->mu);
	n = s->dropped;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void
nc_spool_ack(struct nc_spool *s, uint64_t seq)
{
	struct nc_spool_seg *g;

	pthread_mutex_lock(&s->mu);
	if (seq > s->acked && seq < s->next) {
		char buf[32];
		int n;

		s->acked = seq;
		n = snprintf(buf, sizeof buf, "%020" PRIu64 "\n", seq);
		if (pwrite(s->ackfd, buf, (size_t)n, 0) != n)
			s->acked = seq;	/* only resends more next time */
		while (s->nseg > 1) {
			g = &s->seg[0];
			if (g->count > 0 && g->first + g->count - 1 > s->acked)
				break;
			remove_first(s);
		}
	}
	pthread_mutex_unlock(&s->mu);
}

uint64_t
nc_spool_unacked(struct nc_spool *s)
{
	uint64_t n;

	pthread_mutex_lock(&s->mu);
	n = s->next - 1 - s->acked;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void
nc_spool_close(struct nc_spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->lockfd >= 0)
		close(s->lockfd);
	if (s->ackfd >= 0)
		close(s->ackfd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->seg);
	free(s->tail);
	pthread_mutex_destroy(&s->mu);
	s->fd = s->lockfd = s->dirfd = -1;
	s->seg = NULL;
	s->tail = NULL;
}

void
nc_spool_seek(struct nc_spool *s, struct nc_spool_cursor *c, uint64_t seq)
{
	(void)s;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->seq = seq;
	c->pos = c->len = 0;
}

void
nc_spool_cursor_free(struct nc_spool_cursor *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	c->cap = 0;
}

/* Makes n bytes available at buf[pos]; -1 when the file ends first. */
static int
fill(struct nc_spool *s, struct nc_spool_cursor *c, size_t n)
{
	ssize_t k;

	if (c->len - c->pos >= n)
		return 0;
	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	if (n > c->cap || c->cap < READ_MIN) {
		size_t nc = n > READ_MIN ? n : READ_MIN;
		uint8_t *q = realloc(c->buf, nc);

		if (q == NULL)
			return fail(s, "buffer");
		c->buf = q;
		c->cap = nc;
	}
	while (c->len < n) {
		k = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(s->why, sizeof s->why, "spool: segment "
			    "%016" PRIx64 " ends early", c->seg_first);
			return -1;
		}
		c->len += (size_t)k;
	}
	return 0;
}

int
nc_spool_next(struct nc_spool *s, struct nc_spool_cursor *c, uint64_t *seq,
    const uint8_t **rec, size_t *len)
{
	struct nc_spool_seg g = { 0 };
	char name[32];
	uint64_t v;
	size_t i, k;

	pthread_mutex_lock(&s->mu);
	for (i = 0; i < s->nseg; i++)
		if (c->seq < s->seg[i].first + s->seg[i].count)
			break;
	if (i < s->nseg) {
		g = s->seg[i];
		if (c->seq < g.first)
			c->seq = g.first;	/* dropped */
	}
	pthread_mutex_unlock(&s->mu);
	if (i == s->nseg || g.count == 0)
		return 0;
	if (c->fd < 0 || c->seg_first != g.first || c->at > c->seq) {
		if (c->fd >= 0)
			close(c->fd);
		seg_name(name, sizeof name, g.first);
		c->fd = openat(s->dirfd, name, O_RDONLY | O_CLOEXEC |
		    O_NOFOLLOW);
		if (c->fd < 0)
			return fail(s, name);
		c->seg_first = g.first;
		c->at = g.first;
		c->pos = c->len = 0;
	}
	for (;;) {
		if (fill(s, c, 1) < 0)
			return -1;
		v = 0;
		for (k = 0;; k++) {
			if (k == 5) {
				snprintf(s->why, sizeof s->why, "spool: "
				    "segment %016" PRIx64 " is damaged",
				    c->seg_first);
				return -1;
			}
			if (fill(s, c, k + 1) < 0)
				return -1;
			v |= (uint64_t)(c->buf[c->pos + k] & 0x7f) << (7 * k);
			if (!(c->buf[c->pos + k] & 0x80))
				break;
		}
		if (v > NC_FRAME_MAX) {
			snprintf(s->why, sizeof s->why, "spool: segment "
			    "%016" PRIx64 " is damaged", c->seg_first);
			return -1;
		}
		if (fill(s, c, k + 1 + (size_t)v) < 0)
			return -1;
		*rec = c->buf + c->pos + k + 1;
		*len = (size_t)v;
		c->pos += k + 1 + (size_t)v;
		if (c->at++ == c->seq) {
			*seq = c->seq++;
			return 1;
		}
	}
}
