/* The table of announced connections (expect.h). */
#include "tcpapp/expect.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#define SETS	(NC_EXPECT_MAX / NC_EXPECT_WAYS)
#define SLOT_BITS 10			/* a handle: serial << SLOT_BITS | slot */

_Static_assert(NC_EXPECT_MAX == 1 << SLOT_BITS, "a slot fits its bits");
_Static_assert(NC_EXPECT_MAX % NC_EXPECT_WAYS == 0, "whole sets");

struct ent {
	uint64_t serial;		/* 0: empty */
	int64_t expire;
	uint64_t ctrl;
	struct nc_expect_key k;
	uint8_t taken;
	uint16_t nname;
	uint8_t name[NC_EXPECT_NAME];
};

struct nc_expect {
	struct ent *t;			/* NC_EXPECT_MAX, made at the first add */
	uint64_t serial;
	size_t used;			/* slots not empty, expired or not */
	struct nc_expect_stats st;
};

struct nc_expect *
nc_expect_new(void)
{
	return calloc(1, sizeof(struct nc_expect));
}

void
nc_expect_free(struct nc_expect *e)
{
	if (e == NULL)
		return;
	free(e->t);
	free(e);
}

static int
same(const struct nc_expect_key *a, const struct nc_expect_key *b)
{
	return a->alen == b->alen && a->port == b->port &&
	    memcmp(a->orig, b->orig, a->alen) == 0 &&
	    memcmp(a->resp, b->resp, a->alen) == 0;
}

/* The first slot of k's set. */
static size_t
set_of(const struct nc_expect_key *k)
{
	uint8_t b[2 * 16 + 3];

	b[0] = k->alen;
	memcpy(b + 1, k->orig, k->alen);
	memcpy(b + 1 + k->alen, k->resp, k->alen);
	b[1 + 2 * k->alen] = (uint8_t)(k->port >> 8);
	b[2 + 2 * k->alen] = (uint8_t)k->port;
	return (size_t)(XXH64(b, 3 + 2 * (size_t)k->alen, 0) % SETS) *
	    NC_EXPECT_WAYS;
}

/* Empties x, counting why if it was an announcement still waiting. */
static void
drop(struct nc_expect *e, struct ent *x, int64_t now)
{
	if (x->serial == 0)
		return;
	if (!x->taken) {
		if (now > x->expire)
			e->st.expired++;
		else
			e->st.evicted++;
	}
	x->serial = 0;
	e->used--;
}

static int
host(const struct nc_expect_key *k, const uint8_t *a, const uint8_t *ip)
{
	return memcmp(a, ip, k->alen) == 0;
}

uint64_t
nc_expect_add(struct nc_expect *e, const struct nc_expect_key *k,
    const uint8_t *client, const uint8_t *server, uint64_t ctrl, int64_t now)
{
	struct ent *x, *pick, *empty = NULL, *again = NULL, *stale = NULL,
	    *first = NULL;
	size_t s, i;

	if (k->port == 0 || (k->alen != 4 && k->alen != 16) ||
	    !((host(k, k->orig, client) && host(k, k->resp, server)) ||
	    (host(k, k->orig, server) && host(k, k->resp, client)))) {
		e->st.refused++;
		return 0;
	}
	if (e->t == NULL &&
	    (e->t = calloc(NC_EXPECT_MAX, sizeof *e->t)) == NULL)
		return 0;
	s = set_of(k);
	for (i = 0; i < NC_EXPECT_WAYS && again == NULL; i++) {
		x = &e->t[s + i];
		if (x->serial == 0) {
			if (empty == NULL)
				empty = x;
		} else if (!x->taken && same(&x->k, k)) {
			again = x;
		} else if (now > x->expire) {
			if (stale == NULL)
				stale = x;
		} else if (first == NULL || x->expire < first->expire) {
			first = x;
		}
	}
	if (again != NULL) {
		/* Announced again: the newer one counts, the older is not
		 * lost. */
		pick = again;
		pick->serial = 0;
		e->used--;
	} else {
		pick = empty != NULL ? empty : stale != NULL ? stale : first;
		drop(e, pick, now);
	}
	memset(pick, 0, offsetof(struct ent, name));
	pick->serial = ++e->serial;
	pick->expire = now + NC_EXPECT_TTL;
	pick->ctrl = ctrl;
	pick->k = *k;
	e->used++;
	e->st.added++;
	return pick->serial << SLOT_BITS | (uint64_t)(pick - e->t);
}

static struct ent *
of(const struct nc_expect *e, uint64_t h)
{
	struct ent *x;

	if (e->t == NULL || h == 0)
		return NULL;
	x = &e->t[h & (NC_EXPECT_MAX - 1)];
	return x->serial != 0 && x->serial == h >> SLOT_BITS ? x : NULL;
}

void
nc_expect_name(struct nc_expect *e, uint64_t h, const uint8_t *name,
    size_t n)
{
	struct ent *x = of(e, h);

	if (x == NULL)
		return;
	if (n > NC_EXPECT_NAME)
		n = NC_EXPECT_NAME;
	if (n > 0)
		memcpy(x->name, name, n);
	x->nname = (uint16_t)n;
}

uint64_t
nc_expect_take(struct nc_expect *e, const struct nc_expect_key *k,
    int64_t now)
{
	struct ent *x;
	size_t s, i;

	if (e->used == 0)
		return 0;
	s = set_of(k);
	for (i = 0; i < NC_EXPECT_WAYS; i++) {
		x = &e->t[s + i];
		if (x->serial == 0 || x->taken || !same(&x->k, k))
			continue;
		if (now > x->expire) {
			drop(e, x, now);
			return 0;
		}
		x->taken = 1;
		e->st.taken++;
		return x->serial << SLOT_BITS | (uint64_t)(x - e->t);
	}
	return 0;
}

int
nc_expect_get(const struct nc_expect *e, uint64_t h, uint64_t *ctrl,
    const uint8_t **name, size_t *n)
{
	const struct ent *x = of(e, h);

	if (x == NULL)
		return -1;
	*ctrl = x->ctrl;
	*name = x->name;
	*n = x->nname;
	return 0;
}

size_t
nc_expect_live(const struct nc_expect *e, int64_t now)
{
	size_t i, n = 0;

	if (e->t == NULL)
		return 0;
	for (i = 0; i < NC_EXPECT_MAX; i++)
		if (e->t[i].serial != 0 && now <= e->t[i].expire)
			n++;
	return n;
}

void
nc_expect_stats(const struct nc_expect *e, struct nc_expect_stats *st)
{
	*st = e->st;
}
