/* Output files that cannot be turned against their inputs or redirected
 * by a planted link (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The temporary files not yet committed, for the signal handler and
 * exit: a fixed table, since a handler may not allocate.  More than one
 * file per record type is never needed. */
#define PENDING_MAX 512

static struct nc_outfile *volatile pending[PENDING_MAX];
static int cleanup_at_exit;

static void
unlink_pending(void)
{
	struct nc_outfile *o;
	size_t i;

	for (i = 0; i < PENDING_MAX; i++)
		if ((o = pending[i]) != NULL)
			(void)unlinkat(o->dirfd, o->tmp, 0);
}

static void
on_signal(int sig)
{
	int e = errno;

	unlink_pending();
	errno = e;
	/* SA_RESETHAND restored the default action; it ends the program
	 * with this signal as the handler returns. */
	raise(sig);
}

void
nc_outfile_cleanup_on_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		/* What the caller chose to ignore (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Adds or removes o with the signals that use the table held off. */
static int
set_pending(struct nc_outfile *o, int on)
{
	sigset_t all, saved;
	size_t i;
	int rc = -1;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &saved);
	for (i = 0; i < PENDING_MAX; i++) {
		if (on && pending[i] == NULL) {
			pending[i] = o;
			rc = 0;
			break;
		}
		if (!on && pending[i] == o) {
			pending[i] = NULL;
			rc = 0;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (on && !cleanup_at_exit) {
		cleanup_at_exit = 1;
		atexit(unlink_pending);
	}
	return rc;
}

int
nc_inputs_add(struct nc_inputs *in, const char *path)
{
	struct nc_input_id *id;
	struct stat st;
	int rc;

	if (path == NULL || strcmp(path, "-") == 0)
		rc = fstat(STDIN_FILENO, &st);
	else
		rc = stat(path, &st);
	/* What cannot be looked at now cannot be read later either. */
	if (rc != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (in->n == in->cap) {
		size_t cap = in->cap > 0 ? in->cap * 2 : 8;

		if ((id = realloc(in->id, cap * sizeof *id)) == NULL)
			return -1;
		in->id = id;
		in->cap = cap;
	}
	in->id[in->n].dev = st.st_dev;
	in->id[in->n].ino = st.st_ino;
	in->n++;
	return 0;
}

void
nc_inputs_free(struct nc_inputs *in)
{
	free(in->id);
	memset(in, 0, sizeof *in);
}

static int
is_input(const struct nc_inputs *in, const struct stat *st)
{
	size_t i;

	for (i = 0; in != NULL && i < in->n; i++)
		if (in->id[i].dev == st->st_dev && in->id[i].ino == st->st_ino)
			return 1;
	return 0;
}

static int
failed(struct nc_outfile *o, int err, const char *what)
{
	if (err != 0)
		snprintf(o->why, sizeof o->why, "%s: %s", what, strerror(err));
	else
		snprintf(o->why, sizeof o->why, "%s", what);
	return -1;
}

/* A temporary name that says what it will become: a dot, as much of the
 * final name as fits, and a random suffix (random, so that another user
 * cannot claim it in advance and keep the run from starting). */
static void
temp_name(char *dst, size_t n, const char *base)
{
	uint64_t r = 0;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r ^= (uint64_t)time(NULL) << 20 ^ (uint64_t)getpid() ^
		    (uint64_t)(uintptr_t)dst;
	snprintf(dst, n, ".%.200s.%012llx", base,
	    (unsigned long long)(r & 0xffffffffffffull));
}

/* Whether a link at base may be followed: one of our own or root's
 * (/dev/stdout) may; one another user planted is replaced, never
 * followed to what it names. */
static int
trusted(int dirfd, const char *base)
{
	struct stat st;

	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	return !S_ISLNK(st.st_mode) || st.st_uid == 0 ||
	    st.st_uid == geteuid();
}

/* A pipe or a device: nothing to replace, and opening it creates
 * nothing.  Written only if it is still what was looked at. */
static int
open_device(struct nc_outfile *o, int dirfd, const char *base,
    const struct stat *want)
{
	struct stat st;

	o->fd = openat(dirfd, base, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0)
		return failed(o, errno, "cannot open");
	if (fstat(o->fd, &st) == 0 && st.st_dev == want->st_dev &&
	    st.st_ino == want->st_ino && st.st_rdev == want->st_rdev)
		return 0;
	close(o->fd);
	o->fd = -1;
	return failed(o, 0, "changed while being opened");
}

int
nc_outfile_openat(struct nc_outfile *o, int dirfd, const char *base,
    const char *name, const struct nc_inputs *in)
{
	sigset_t all, saved;
	struct stat st;
	int rc, tries;

	memset(o, 0, sizeof *o);
	o->fd = o->dirfd = -1;
	o->name = name;
	if (*base == '\0')
		return failed(o, ENOENT, "cannot create");
	if (fstatat(dirfd, base, &st, 0) == 0 && trusted(dirfd, base)) {
		if (S_ISDIR(st.st_mode))
			return failed(o, EISDIR, "cannot write");
		if (is_input(in, &st))
			return failed(o, 0, "is one of the inputs: refusing "
			    "to overwrite it");
		if (!S_ISREG(st.st_mode))
			return open_device(o, dirfd, base, &st);
	}
	if ((o->base = strdup(base)) == NULL)
		return failed(o, ENOMEM, "cannot create");
	o->dirfd = dirfd;
	/* No signal between creating the file and noting it for removal. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &saved);
	for (tries = 0; tries < 100; tries++) {
		temp_name(o->tmp, sizeof o->tmp, base);
		/* O_EXCL: a name that exists, link or not, is never
		 * opened. */
		o->fd = openat(dirfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
		if (o->fd >= 0 || errno != EEXIST)
			break;
	}
	if (o->fd < 0) {
		failed(o, errno, "cannot create a file in its folder");
		sigprocmask(SIG_SETMASK, &saved, NULL);
		free(o->base);
		o->base = NULL;
		o->dirfd = -1;
		return -1;
	}
	rc = set_pending(o, 1);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (rc < 0) {
		close(o->fd);
		nc_outfile_discard(o);
		return failed(o, EMFILE, "cannot create");
	}
	return 0;
}

/* The folder of path and its last component; "/" for "/x", "." for
 * "x". */
static int
split(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		*dir = strdup(".");
		*base = path;
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if ((*dir = malloc(n + 1)) != NULL) {
			memcpy(*dir, path, n);
			(*dir)[n] = '\0';
		}
		*base = slash + 1;
	}
	return *dir != NULL ? 0 : -1;
}

int
nc_outfile_open(struct nc_outfile *o, const char *path,
    const struct nc_inputs *in)
{
	const char *base;
	char *dir;
	struct stat st;
	int dirfd, rc;

	memset(o, 0, sizeof *o);
	o->fd = o->dirfd = -1;
	o->name = path;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->name = "stdout";
		/* Appending to the file being read would never end. */
		if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
		    is_input(in, &st))
			return failed(o, 0, "is one of the inputs: refusing "
			    "to write to it");
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (*path == '\0')
		return failed(o, ENOENT, "cannot create");
	if (split(path, &dir, &base) < 0)
		return failed(o, ENOMEM, "cannot create");
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dirfd < 0)
		return failed(o, errno, "cannot open its folder");
	rc = nc_outfile_openat(o, dirfd, base, path, in);
	if (o->dirfd < 0)
		close(dirfd);
	else
		o->own_dir = 1;
	return rc;
}

static void
release(struct nc_outfile *o)
{
	free(o->base);
	o->base = NULL;
	if (o->own_dir)
		close(o->dirfd);
	o->own_dir = 0;
	o->dirfd = -1;
}

int
nc_outfile_commit(struct nc_outfile *o)
{
	int rc = 0;

	o->fd = -1;
	if (o->dirfd < 0)
		return 0;
	set_pending(o, 0);
	if (renameat(o->dirfd, o->tmp, o->dirfd, o->base) != 0) {
		rc = failed(o, errno, "cannot rename the finished file "
		    "into place");
		(void)unlinkat(o->dirfd, o->tmp, 0);
	}
	release(o);
	return rc;
}

void
nc_outfile_discard(struct nc_outfile *o)
{
	o->fd = -1;
	if (o->dirfd < 0)
		return;
	set_pending(o, 0);
	(void)unlinkat(o->dirfd, o->tmp, 0);
	release(o);
}

/* mkdir -p, reporting the first component that cannot be made. */
static int
make_dirs(const char *path, char *why, size_t whylen)
{
	char *p = strdup(path), *s, c;

	if (p == NULL) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	/* A leading "/" is the root, which exists. */
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		/* Never writable by every user, whatever the umask: such
		 * a folder would be refused below. */
		if (mkdir(p, 0775) < 0 && errno != EEXIST) {
			snprintf(why, whylen, "cannot create %s: %s", p,
			    strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
}

int
nc_outdir_open(const char *path, char *why, size_t whylen)
{
	struct stat st;
	int fd;

	if (*path == '\0') {
		snprintf(why, whylen, "an empty folder name");
		return -1;
	}
	if (make_dirs(path, why, whylen) < 0)
		return -1;
	/* Everything after this goes through the descriptor: the folder
	 * checked is the folder written. */
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(why, whylen, "%s", errno == ENOTDIR ?
		    "not a directory" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if ((st.st_mode & S_IWOTH) != 0 &&
	    ((st.st_mode & S_ISVTX) == 0 || st.st_uid != geteuid())) {
		snprintf(why, whylen, "refusing a folder every user may "
		    "write to (mode %04o, owner %lu): use a folder of your "
		    "own", (unsigned)(st.st_mode & 07777),
		    (unsigned long)st.st_uid);
		close(fd);
		return -1;
	}
	return fd;
}
