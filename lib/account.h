/* Giving up root after the packet sources are open (-Z): the account is
 * looked up before anything is opened, so that a wrong name costs
 * nothing, and switched to once the sources are open. */
#ifndef NC_ACCOUNT_H
#define NC_ACCOUNT_H

#include <sys/types.h>

struct nc_account {
	char name[64];
	uid_t uid;
	gid_t gid;
	int found;		/* 0: no such account (only for the default) */
};

/* Looks up user, or "nobody" when user is NULL.  A named user that does
 * not exist is an error (-1, warned); a missing "nobody" is not (found is
 * 0). */
int nc_account_lookup(struct nc_account *a, const char *user);

/* Switches to a (uid, gid and its supplementary groups) when running as
 * root, and makes sure root cannot be regained.  Warns when the process
 * still runs as root afterwards or keeps capabilities.  -1 (warned) when
 * the switch fails. */
int nc_account_switch(const struct nc_account *a);

#endif
