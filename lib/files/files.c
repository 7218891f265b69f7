/* The file sink (files.h). */
#include "files/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <magic.h>
#include <openssl/evp.h>
#include <xxhash.h>

#include "cli.h"
#include "decode/cursor.h"
#include "digest.h"
#include "files/magicpool.h"
#include "files/sniff.h"

#define HEAD_MAX	4096		/* bytes libmagic looks at */
#define NAME_MAX_	255		/* bytes of a file name kept */
#define MIME_CACHE	64		/* libmagic's answers kept */
#define MAGIC_FLAGS	(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)
#define POOL_DEPTH	8		/* questions outstanding a thread */

enum { H_MD5, H_SHA1, H_SHA256, HASHES };

struct nc_files {
	struct nc_files_opts o;
	int dirfd;			/* -1: nothing stored */
	magic_t magic;			/* loaded for the first file */
	int magic_failed;
	struct nc_magicpool *pool;	/* with o.threads: made for the
					 * first file libmagic is asked of */
	int pool_failed;
	/* The last file ended whose MIME type is still being worked out,
	 * until nc_files_late() hands it to the writer. */
	uint64_t pending;
	const Netcap__File *pending_for;
	/* The hashes of the heads asked of the pool, for the cache, by
	 * ticket: at most the pool's depth are out, so a ring. */
	XXH128_hash_t asked[MIME_CACHE];
	char answer[NC_MAGICPOOL_MIME];	/* the last one taken */
	/* libmagic's last answers by a 128-bit hash of the bytes it was
	 * given: the same favicon, script or style sheet comes again and
	 * again, and libmagic gives the same bytes the same name.  A slot
	 * with an empty mime is unused. */
	struct {
		XXH128_hash_t key;
		char mime[128];
	} cache[MIME_CACHE];
	uint64_t serial;		/* of temporary names */
	uint64_t used;			/* bytes in the directory, kept or
					 * being written */
	int warned_file, warned_disk, warned_error;
	struct nc_files_stats st;
};

struct nc_file {
	struct nc_files *fs;
	const char *proto;
	EVP_MD_CTX *md[HASHES];
	uint64_t size, written;
	int fd;				/* the temporary file, or -1 */
	int dropped;			/* not to be kept */
	char tmp[48];
	size_t nhead, nname;
	uint8_t head[HEAD_MAX];
	uint8_t name[NAME_MAX_];
	char mime[128];
	char hex[HASHES][2 * EVP_MAX_MD_SIZE + 1];
};

struct nc_files *
nc_files_new(const struct nc_files_opts *o)
{
	struct nc_files *fs = calloc(1, sizeof *fs);

	if (fs == NULL)
		return NULL;
	if (o != NULL)
		fs->o = *o;
	if (fs->o.file_max == 0)
		fs->o.file_max = NC_FILES_FILE_MAX;
	if (fs->o.disk_max == 0)
		fs->o.disk_max = NC_FILES_DISK_MAX;
	fs->o.no_hash &= NC_FILES_HASHES;
	fs->dirfd = -1;
	if (fs->o.dir != NULL)
		fs->o.no_hash &= ~NC_FILES_SHA256;
	if (fs->o.dir != NULL && (fs->dirfd = open(fs->o.dir,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(fs);
		return NULL;
	}
	return fs;
}

void
nc_files_free(struct nc_files *fs)
{
	if (fs == NULL)
		return;
	if (fs->magic != NULL)
		magic_close(fs->magic);
	if (fs->pending != 0)
		nc_magicpool_drop(fs->pool, fs->pending);
	nc_magicpool_free(fs->pool);
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	free(fs);
}

void
nc_files_stats(const struct nc_files *fs, struct nc_files_stats *st)
{
	*st = fs->st;
}

/* For display, and never as a path: no control bytes, and no separators
 * unless slash (a path the protocol resolved, ".." gone). */
static size_t
sanitise(uint8_t *out, const uint8_t *p, size_t n, int slash)
{
	size_t i;

	if (n > NAME_MAX_)
		n = NAME_MAX_;
	for (i = 0; i < n; i++)
		out[i] = p[i] < 0x20 || p[i] == 0x7f ||
		    (p[i] == '/' && !slash) || p[i] == '\\' ? '_' : p[i];
	return n;
}

static struct nc_file *
begin(struct nc_files *fs, const char *proto, const uint8_t *name, size_t n,
    int slash)
{
	static const EVP_MD *(*const kind[HASHES])(void) = { nc_md5,
	    nc_sha1, nc_sha256 };
	struct nc_file *f = calloc(1, sizeof *f);
	int i;

	if (f == NULL)
		return NULL;
	f->fs = fs;
	f->proto = proto;
	f->fd = -1;
	for (i = 0; i < HASHES; i++)
		if (!(fs->o.no_hash & 1u << i) &&
		    ((f->md[i] = EVP_MD_CTX_new()) == NULL ||
		    !EVP_DigestInit_ex(f->md[i], kind[i](), NULL))) {
			nc_file_free(f);
			return NULL;
		}
	if (name != NULL)
		f->nname = sanitise(f->name, name, n, slash);
	return f;
}

struct nc_file *
nc_file_begin(struct nc_files *fs, const char *proto, const uint8_t *name,
    size_t n)
{
	return begin(fs, proto, name, n, 0);
}

struct nc_file *
nc_file_begin_path(struct nc_files *fs, const char *proto,
    const uint8_t *path, size_t n)
{
	return begin(fs, proto, path, n, 1);
}

/* The file is not kept: said once per reason, counted once per file. */
static void
drop(struct nc_file *f, uint64_t *count, int *warned, const char *why)
{
	struct nc_files *fs = f->fs;

	if (f->dropped)
		return;
	f->dropped = 1;
	(*count)++;
	if (!*warned) {
		*warned = 1;
		nc_warn("files: %s: not stored (counted; -v says how many)",
		    why);
	}
	if (f->fd >= 0) {
		close(f->fd);
		f->fd = -1;
		unlinkat(fs->dirfd, f->tmp, 0);
	}
	fs->used -= f->written;
	f->written = 0;
}

static void
store(struct nc_file *f, const uint8_t *p, size_t n)
{
	struct nc_files *fs = f->fs;
	struct nc_cur c;
	const uint8_t *q;
	size_t left;
	ssize_t w;

	if (fs->dirfd < 0 || f->dropped || n == 0)
		return;
	if (f->written + n > fs->o.file_max) {
		drop(f, &fs->st.file_capped, &fs->warned_file,
		    "a file over the size cap (-f)");
		return;
	}
	if (fs->used + n > fs->o.disk_max) {
		drop(f, &fs->st.disk_capped, &fs->warned_disk,
		    "the disk cap (-F) is reached");
		return;
	}
	if (f->fd < 0) {
		/* The name is ours alone: the pid and a counter. */
		snprintf(f->tmp, sizeof f->tmp, ".part-%ld-%llu",
		    (long)getpid(), (unsigned long long)++fs->serial);
		if ((f->fd = openat(fs->dirfd, f->tmp, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC, 0644)) < 0) {
			drop(f, &fs->st.errors, &fs->warned_error,
			    strerror(errno));
			return;
		}
	}
	c = nc_cur_make(p, n);
	while ((q = nc_cur_rest(&c, &left)) != NULL && left > 0) {
		if ((w = write(f->fd, q, left)) < 0) {
			if (errno == EINTR)
				continue;
			drop(f, &fs->st.errors, &fs->warned_error,
			    strerror(errno));
			return;
		}
		/* Counted as it is written, so that a cut file's bytes
		 * leave with it. */
		f->written += (uint64_t)w;
		fs->used += (uint64_t)w;
		nc_cur_skip(&c, (size_t)w);
	}
}

void
nc_file_data(struct nc_file *f, const uint8_t *p, size_t n)
{
	size_t take;
	int i;

	if (n == 0)
		return;
	for (i = 0; i < HASHES; i++)
		if (f->md[i] != NULL)
			EVP_DigestUpdate(f->md[i], p, n);
	take = HEAD_MAX - f->nhead;
	if (take > n)
		take = n;
	memcpy(f->head + f->nhead, p, take);
	f->nhead += take;
	f->size += n;
	store(f, p, n);
}

static void
hex(char *out, const uint8_t *d, unsigned n)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static void
cache_put(struct nc_files *fs, XXH128_hash_t key, const char *mime)
{
	size_t slot = (size_t)(key.low64 % MIME_CACHE);

	fs->cache[slot].key = key;
	snprintf(fs->cache[slot].mime, sizeof fs->cache[slot].mime, "%s",
	    mime);
}

/* libmagic's answer in this thread. */
static void
magic_here(struct nc_files *fs, struct nc_file *f, XXH128_hash_t key)
{
	const char *t;

	if (fs->magic == NULL && !fs->magic_failed) {
		/* The compressed-file checks would run a decompressor on
		 * hostile bytes. */
		if ((fs->magic = magic_open(MAGIC_FLAGS)) == NULL ||
		    magic_load(fs->magic, NULL) != 0) {
			fs->magic_failed = 1;
			nc_warn("files: libmagic: %s", fs->magic != NULL ?
			    magic_error(fs->magic) : "out of memory");
		}
	}
	if (fs->magic_failed ||
	    (t = magic_buffer(fs->magic, f->head, f->nhead)) == NULL)
		return;
	fs->st.mime_magic++;
	snprintf(f->mime, sizeof f->mime, "%s", t);
	cache_put(fs, key, f->mime);
}

/* The question for the pool, when there is one: 1 when asked. */
static int
magic_later(struct nc_files *fs, struct nc_file *f, XXH128_hash_t key)
{
	if (fs->o.threads == 0 || fs->pool_failed)
		return 0;
	if (fs->pool == NULL && (fs->pool = nc_magicpool_new(fs->o.threads,
	    fs->o.threads * POOL_DEPTH < MIME_CACHE ?
	    fs->o.threads * POOL_DEPTH : MIME_CACHE, MAGIC_FLAGS)) == NULL) {
		/* Then libmagic in this thread, which says why it fails
		 * when it does. */
		fs->pool_failed = 1;
		return 0;
	}
	/* All outstanding: this thread helps the workers. */
	if ((fs->pending = nc_magicpool_ask(fs->pool, f->head,
	    f->nhead)) == 0)
		return 0;
	fs->asked[fs->pending % MIME_CACHE] = key;
	return 1;
}

/* f's MIME type: the sniffer's, the cache's, or libmagic's, now or (1)
 * later, from the pool. */
static int
mime(struct nc_file *f)
{
	struct nc_files *fs = f->fs;
	XXH128_hash_t key;
	const char *t;
	size_t slot;

	if (fs->o.no_mime)
		return 0;
	if ((t = nc_sniff_mime(f->head, f->nhead)) != NULL) {
		snprintf(f->mime, sizeof f->mime, "%s", t);
		return 0;
	}
	if (f->nhead == 0)
		return 0;
	key = XXH3_128bits(f->head, f->nhead);
	slot = (size_t)(key.low64 % MIME_CACHE);
	if (fs->cache[slot].mime[0] != '\0' &&
	    XXH128_isEqual(fs->cache[slot].key, key)) {
		memcpy(f->mime, fs->cache[slot].mime, sizeof f->mime);
		fs->st.mime_cached++;
		return 0;
	}
	if (magic_later(fs, f, key))
		return 1;
	magic_here(fs, f, key);
	return 0;
}

static int
late_ready(void *arg, uint64_t id, int wait)
{
	struct nc_files *fs = arg;

	if (!nc_magicpool_take(fs->pool, id, fs->answer, wait))
		return 0;
	if (fs->answer[0] != '\0') {
		fs->st.mime_magic++;
		cache_put(fs, fs->asked[id % MIME_CACHE], fs->answer);
	}
	return 1;
}

static void
late_fill(void *arg, uint64_t id, ProtobufCMessage *msg)
{
	struct nc_files *fs = arg;
	Netcap__File *m = (Netcap__File *)msg;
	char *t;

	(void)id;
	/* protobuf-c frees what it unpacked, this string with it; out of
	 * memory, the type stays empty. */
	if (fs->answer[0] != '\0' && (t = strdup(fs->answer)) != NULL)
		m->mime_type = t;
}

static void
late_drop(void *arg, uint64_t id)
{
	struct nc_files *fs = arg;

	nc_magicpool_drop(fs->pool, id);
}

int
nc_files_late(struct nc_files *fs, const Netcap__File *m,
    struct nc_late *late)
{
	if (fs == NULL || fs->pending == 0 || fs->pending_for != m)
		return 0;
	late->ready = late_ready;
	late->fill = late_fill;
	late->drop = late_drop;
	late->arg = fs;
	late->id = fs->pending;
	fs->pending = 0;
	fs->pending_for = NULL;
	return 1;
}

void
nc_file_end(struct nc_file *f, int truncated, Netcap__File *m)
{
	struct nc_files *fs = f->fs;
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned n;
	int i;

	for (i = 0; i < HASHES; i++)
		if (f->md[i] != NULL && EVP_DigestFinal_ex(f->md[i], md, &n))
			hex(f->hex[i], md, n);
	/* A file whose record was never written leaves its question
	 * behind. */
	if (fs->pending != 0) {
		nc_magicpool_drop(fs->pool, fs->pending);
		fs->pending = 0;
	}
	if (mime(f))
		fs->pending_for = m;
	fs->st.files++;
	if (f->fd >= 0) {
		if (close(f->fd) != 0) {
			f->fd = -1;
			unlinkat(fs->dirfd, f->tmp, 0);
			drop(f, &fs->st.errors, &fs->warned_error,
			    strerror(errno));
		} else {
			f->fd = -1;
			/* Content names itself: a file already there under
			 * this name holds the same bytes. */
			if (renameat(fs->dirfd, f->tmp, fs->dirfd,
			    f->hex[H_SHA256]) != 0) {
				unlinkat(fs->dirfd, f->tmp, 0);
				drop(f, &fs->st.errors, &fs->warned_error,
				    strerror(errno));
			} else {
				m->stored = 1;
				fs->st.stored++;
				fs->st.bytes += f->written;
			}
		}
	}
	m->size = f->size;
	m->truncated = truncated != 0;
	m->protocol = (char *)f->proto;
	m->name.data = f->name;
	m->name.len = f->nname;
	m->mime_type = f->mime;
	m->md5 = f->hex[H_MD5];
	m->sha1 = f->hex[H_SHA1];
	m->sha256 = f->hex[H_SHA256];
}

int
nc_files_parse_hashes(const char *s, unsigned *no_hash)
{
	static const struct {
		const char *name;
		unsigned bit;
	} h[] = { { "md5", NC_FILES_MD5 }, { "sha1", NC_FILES_SHA1 },
	    { "sha256", NC_FILES_SHA256 } };
	unsigned want = 0;
	size_t i, n;

	if (strcmp(s, "none") == 0) {
		*no_hash = NC_FILES_HASHES;
		return 0;
	}
	for (;;) {
		n = strcspn(s, ",");
		for (i = 0; i < sizeof h / sizeof h[0]; i++)
			if (strlen(h[i].name) == n &&
			    strncmp(s, h[i].name, n) == 0)
				break;
		if (i == sizeof h / sizeof h[0])
			return -1;
		want |= h[i].bit;
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	*no_hash = NC_FILES_HASHES & ~want;
	return 0;
}

void
nc_file_free(struct nc_file *f)
{
	int i;

	if (f == NULL)
		return;
	if (f->fd >= 0) {
		close(f->fd);
		unlinkat(f->fs->dirfd, f->tmp, 0);
		f->fs->used -= f->written;
	}
	for (i = 0; i < HASHES; i++)
		EVP_MD_CTX_free(f->md[i]);
	free(f);
}

size_t
nc_files_name(uint8_t *out, const uint8_t *p, size_t n)
{
	return p != NULL ? sanitise(out, p, n, 0) : 0;
}
