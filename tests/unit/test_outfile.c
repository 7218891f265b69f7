/* Unit tests for lib/outfile.c: temporary names, commit and discard,
 * inputs refused, -d folders judged, and no file left by exit or a
 * signal. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"

static char dir[] = "/tmp/nc-test-outfile.XXXXXX";

/* The names in dir, sorted, space-separated ("" when empty). */
static const char *
listing(const char *d)
{
	static char out[4096];
	struct dirent **names;
	int i, n;

	out[0] = '\0';
	n = scandir(d, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0) {
			if (out[0] != '\0')
				strcat(out, " ");
			strncat(out, names[i]->d_name,
			    sizeof out - strlen(out) - 2);
		}
		free(names[i]);
	}
	free(names);
	return out;
}

static void
put(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	if ((f = fopen(p, "w")) == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

static void
clear(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.[!.]*", dir, dir);
	if (system(cmd) != 0)
		abort();
}

static void
test_commit_discard(void)
{
	struct nc_outfile o;
	char p[512];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);

	put("out", "before");
	ok(nc_outfile_openat(&o, dfd, "out", "out", NULL) == 0 && o.fd >= 0,
	    "opens");
	ok(strncmp(listing(dir), ".out.", 5) == 0 &&
	    strstr(listing(dir), " out") != NULL,
	    "a hidden temporary name beside the old file: %s", listing(dir));
	(void)!write(o.fd, "after", 5);
	close(o.fd);
	ok(nc_outfile_commit(&o) == 0 && strcmp(listing(dir), "out") == 0,
	    "commit renames it into place: %s", listing(dir));
	snprintf(p, sizeof p, "%s/out", dir);
	{
		char buf[16] = "";
		FILE *f = fopen(p, "r");

		(void)!fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		ok(strcmp(buf, "after") == 0, "with the new content");
	}
	ok(nc_outfile_openat(&o, dfd, "out", "out", NULL) == 0, "opens again");
	close(o.fd);
	nc_outfile_discard(&o);
	ok(strcmp(listing(dir), "out") == 0, "discard removes the temporary "
	    "file and keeps the old one: %s", listing(dir));
	close(dfd);
	clear();
}

static void
test_inputs(void)
{
	struct nc_inputs in = { 0 };
	struct nc_outfile o;
	char p[512], q[512];

	put("in", "capture");
	snprintf(p, sizeof p, "%s/in", dir);
	snprintf(q, sizeof q, "%s/other", dir);
	ok(nc_inputs_add(&in, p) == 0 && in.n == 1, "an input is remembered");
	ok(nc_inputs_add(&in, "/nonexistent/x") == 0 && in.n == 1,
	    "a missing one is not");
	ok(nc_outfile_open(&o, p, &in) < 0 &&
	    strstr(o.why, "is one of the inputs") != NULL,
	    "writing to it is refused: %s", o.why);
	ok(nc_outfile_open(&o, q, &in) == 0, "another file is not");
	close(o.fd);
	nc_outfile_discard(&o);
	ok(strcmp(listing(dir), "in") == 0, "nothing else was created: %s",
	    listing(dir));
	ok(nc_outfile_open(&o, "", &in) < 0, "an empty name is refused");
	nc_inputs_free(&in);
	clear();
}

static void
test_outdir(void)
{
	char p[512], why[256];
	int fd;

	snprintf(p, sizeof p, "%s/a/b/c", dir);
	fd = nc_outdir_open(p, why, sizeof why);
	ok(fd >= 0, "a folder and its parents are made");
	close(fd);
	chmod(p, 0777);
	ok(nc_outdir_open(p, why, sizeof why) < 0 &&
	    strstr(why, "every user may write") != NULL,
	    "one anyone may write to is refused: %s", why);
	chmod(p, 01777);
	fd = nc_outdir_open(p, why, sizeof why);
	ok(fd >= 0, "unless sticky and ours");
	close(fd);
	ok(nc_outdir_open("", why, sizeof why) < 0, "an empty name is refused");
	put("file", "x");
	snprintf(p, sizeof p, "%s/file", dir);
	ok(nc_outdir_open(p, why, sizeof why) < 0 &&
	    strcmp(why, "not a directory") == 0, "a file is not a folder: %s",
	    why);
	clear();
}

/* In a child: opens "out" and then ends as how says. */
static int
child(int how)
{
	struct nc_outfile o;
	pid_t pid = fork();
	int dfd, st;

	if (pid == 0) {
		nc_outfile_cleanup_on_signals();
		dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (nc_outfile_openat(&o, dfd, "out", "out", NULL) < 0)
			_exit(3);
		if (how == 0)
			exit(1);
		raise(SIGTERM);
		_exit(4);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void
test_cleanup(void)
{
	int st;

	st = child(0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 1 &&
	    strcmp(listing(dir), "") == 0,
	    "exit removes what was not committed: [%s]", listing(dir));
	st = child(1);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM &&
	    strcmp(listing(dir), "") == 0,
	    "so does SIGTERM, which still ends the program: [%s]",
	    listing(dir));
	clear();
}

int
main(void)
{
	char cmd[600];

	if (mkdtemp(dir) == NULL)
		abort();
	test_commit_discard();
	test_inputs();
	test_outdir();
	test_cleanup();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
	return tap_done();
}
