/* A crash at a chosen instant, for the tests: preloaded into a program,
 * it lets renameat(2) rename, then kills the process with SIGKILL when
 * the new name ends in $NC_KILL_AFTER_RENAME.  nc-recv's tests use it to
 * die just after a state file is saved and before anything else is
 * done, the window a kill from outside hits only by luck. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int renameat(int, const char *, int, const char *);

int
renameat(int olddir, const char *old, int newdir, const char *new)
{
	static int (*real)(int, const char *, int, const char *);
	const char *end = getenv("NC_KILL_AFTER_RENAME");
	size_t n, k;
	int r;

	if (real == NULL)
		real = (int (*)(int, const char *, int, const char *))
		    dlsym(RTLD_NEXT, "renameat");
	r = real(olddir, old, newdir, new);
	if (r == 0 && end != NULL && *end != '\0') {
		n = strlen(new);
		k = strlen(end);
		if (n >= k && strcmp(new + n - k, end) == 0)
			kill(getpid(), SIGKILL);
	}
	return r;
}
