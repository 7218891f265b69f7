/* Leaving root for an unprivileged account, as OpenBSD tcpdump does after
 * opening its sources. */
#include "account.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int
nc_account_lookup(struct nc_account *a, const char *user)
{
	const char *name = user != NULL ? user : "nobody";
	struct passwd *pw;

	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		if (user == NULL)
			return 0;
		/* The name may be long or binary: show a bounded part. */
		nc_warn("unknown user: %.64s%s", user,
		    strlen(user) > 64 ? "..." : "");
		return -1;
	}
	snprintf(a->name, sizeof a->name, "%s", pw->pw_name);
	a->uid = pw->pw_uid;
	a->gid = pw->pw_gid;
	a->found = 1;
	return 0;
}

/* Effective capabilities, from /proc (Linux); 0 where unknown. */
static unsigned long long
capabilities(void)
{
	unsigned long long caps = 0;
	char line[128];
	FILE *f;

	if ((f = fopen("/proc/self/status", "re")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return caps;
}

/* Says so when the process can still do what root can. */
static void
warn_privileged(const char *why)
{
	unsigned long long caps;

	if (getuid() == 0 || geteuid() == 0) {
		nc_warn("still running as root%s", why);
		return;
	}
	if ((caps = capabilities()) != 0)
		nc_warn("still holding capabilities %#llx%s", caps, why);
}

int
nc_account_switch(const struct nc_account *a)
{
	if (geteuid() != 0 && getuid() != 0) {
		/* Capabilities given to the program file stay. */
		warn_privileged("");
		return 0;
	}
	if (!a->found) {
		nc_warn("running as root: no unprivileged account \"nobody\" "
		    "to switch to (use -Z user)");
		return 0;
	}
	if (a->uid == 0) {
		warn_privileged(" (-Z names a root account)");
		return 0;
	}
	if (initgroups(a->name, a->gid) != 0 || setgid(a->gid) != 0 ||
	    setuid(a->uid) != 0) {
		nc_warn_errno("cannot switch to user %s", a->name);
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0 || getuid() == 0 ||
	    geteuid() == 0) {
		nc_warn("could not give up root privileges");
		return -1;
	}
	warn_privileged("");
	return 0;
}
