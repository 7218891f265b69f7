/* nc-recv's per-sensor files (store.h). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
fail(struct nc_store *st, const char *what)
{
	snprintf(st->why, sizeof st->why, "%s: %s", what, strerror(errno));
	return -1;
}

static void
part_name(const struct nc_store *st, char *buf, size_t n)
{
	snprintf(buf, n, "%s.ncap.part", st->name);
}

int
nc_store_recover(struct nc_store *st, int dirfd, const char *name)
{
	char path[128];
	uint64_t len = 0;
	struct stat sb;
	FILE *fp;
	int fd, ok;

	st->dirfd = dirfd;
	st->name = name;
	st->fd = -1;
	st->stream = st->seq = st->len = 0;
	if (st->seen != NULL)
		nc_seen_clear(st->seen);
	snprintf(path, sizeof path, ".%s.state", name);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		if ((fp = fdopen(fd, "r")) == NULL) {
			close(fd);
			return fail(st, path);
		}
		ok = fscanf(fp, "%" SCNx64 " %" SCNu64 " %" SCNu64, &st->stream,
		    &st->seq, &len) == 3;
		if (ok && st->seen != NULL)
			nc_seen_scan(st->seen, fp);
		fclose(fp);
		if (!ok) {
			snprintf(st->why, sizeof st->why, "%s: damaged", path);
			return -1;
		}
	} else if (errno != ENOENT)
		return fail(st, path);
	part_name(st, path, sizeof path);
	fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail(st, path);
	if (fstat(fd, &sb) != 0 || ((uint64_t)sb.st_size > len &&
	    (ftruncate(fd, (off_t)len) != 0 || fsync(fd) != 0))) {
		close(fd);
		return fail(st, path);
	}
	close(fd);
	if (len == 0 && unlinkat(dirfd, path, 0) != 0)
		return fail(st, path);
	return 0;
}

int
nc_store_open(struct nc_store *st)
{
	char path[128];
	struct stat sb;

	part_name(st, path, sizeof path);
	st->fd = openat(st->dirfd, path, O_WRONLY | O_CREAT | O_APPEND |
	    O_CLOEXEC | O_NOFOLLOW, 0644);
	if (st->fd < 0 || fstat(st->fd, &sb) != 0)
		return fail(st, path);
	st->len = (uint64_t)sb.st_size;
	st->begun = time(NULL);
	st->first = st->seq + 1;
	return st->len == 0;
}

int
nc_store_save(struct nc_store *st, uint64_t stream, uint64_t seq)
{
	char path[128], tmp[140];
	FILE *fp;
	int fd, ok;

	snprintf(path, sizeof path, ".%s.state", st->name);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fd = openat(st->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	if (fd < 0)
		return fail(st, tmp);
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return fail(st, tmp);
	}
	ok = fprintf(fp, "%016" PRIx64 " %" PRIu64 " %" PRIu64 "\n", stream,
	    seq, st->fd >= 0 ? st->len : 0) > 0 &&
	    (st->seen == NULL || nc_seen_print(st->seen, fp) == 0) &&
	    fflush(fp) == 0 && fsync(fd) == 0;
	if (fclose(fp) != 0 || !ok)
		return fail(st, tmp);
	if (renameat(st->dirfd, tmp, st->dirfd, path) != 0 ||
	    fsync(st->dirfd) != 0)
		return fail(st, path);
	st->stream = stream;
	st->seq = seq;
	return 0;
}

int
nc_store_finish(struct nc_store *st)
{
	char part[128], final[160], stamp[32];
	struct tm tm;
	int i;

	if (st->fd < 0)
		return 0;
	close(st->fd);
	st->fd = -1;
	part_name(st, part, sizeof part);
	gmtime_r(&st->begun, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(final, sizeof final, "%s.%s.%010" PRIu64 ".ncap", st->name,
	    stamp, st->first);
	/* Taken only when a stream began anew within the second. */
	for (i = 1; faccessat(st->dirfd, final, F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
	    i < 100000; i++)
		snprintf(final, sizeof final, "%s.%s.%010" PRIu64 ".%d.ncap",
		    st->name, stamp, st->first, i);
	if (renameat(st->dirfd, part, st->dirfd, final) != 0 ||
	    fsync(st->dirfd) != 0)
		return fail(st, final);
	st->len = 0;
	return nc_store_save(st, st->stream, st->seq);
}
