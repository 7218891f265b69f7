/* Record types, derived from the Record envelope's descriptor so that a
 * type added to the schema is known everywhere with no further code. */
#include "registry.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The tables depend on the compiled-in schema alone: they are filled once,
 * by the first caller (pthread_once, so threads may race to be first), and
 * only read afterwards, so every decoder and sink of a process can share
 * them. */
static struct nc_type types[NC_TYPE_MAX];
static size_t ntypes;
static const struct nc_type *by_id[NC_TYPE_MAX + 1];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static atomic_int ready;		/* saves pthread_once's call */

static void
fill(void)
{
	const ProtobufCMessageDescriptor *rd = &netcap__record__descriptor;
	unsigned i;

	for (i = 0; i < rd->n_fields && ntypes < NC_TYPE_MAX; i++) {
		const ProtobufCFieldDescriptor *f = &rd->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->id > NC_TYPE_MAX)
			continue;
		types[ntypes].id = (int)f->id;
		types[ntypes].desc = f->descriptor;
		types[ntypes].name = types[ntypes].desc->short_name;
		by_id[f->id] = &types[ntypes];
		ntypes++;
	}
	atomic_store_explicit(&ready, 1, memory_order_release);
}

static inline void
load(void)
{
	if (!atomic_load_explicit(&ready, memory_order_acquire))
		pthread_once(&loaded, fill);
}

const struct nc_type *
nc_types(size_t *n)
{
	load();
	*n = ntypes;
	return types;
}

const struct nc_type *
nc_type_by_id(int id)
{
	load();
	if (id < 0 || id > NC_TYPE_MAX)
		return NULL;
	return by_id[id];
}

const struct nc_type *
nc_type_by_name(const char *name)
{
	const ProtobufCMessageDescriptor *rd = &netcap__record__descriptor;
	size_t i;

	load();
	for (i = 0; i < ntypes; i++)
		if (strcasecmp(types[i].name, name) == 0)
			return &types[i];
	for (i = 0; i < rd->n_fields; i++)
		if (strcasecmp(rd->fields[i].name, name) == 0)
			return nc_type_by_id((int)rd->fields[i].id);
	return NULL;
}

/* Sets or clears every type but Header. */
static void
all(struct nc_typeset *set, int on)
{
	size_t i;

	for (i = 0; i < ntypes; i++) {
		if (types[i].id == NETCAP__RECORD__RECORD_HEADER ||
		    set->has[types[i].id] == on)
			continue;
		set->has[types[i].id] = (uint8_t)on;
		set->count += on ? 1 : -1;
	}
}

static int
each(struct nc_typeset *set, const char *list, int on, const char **bad)
{
	char *badname = set->bad;
	const char *p = list, *e;
	char name[64];
	size_t n;

	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > 0) {
			const struct nc_type *t = NULL;

			if (n < sizeof name) {
				memcpy(name, p, n);
				name[n] = '\0';
				t = nc_type_by_name(name);
			}
			if (t == NULL && n == 3 && strncasecmp(p, "all", 3) == 0) {
				all(set, on);
				goto next;
			}
			if (t == NULL) {
				if (n >= sizeof set->bad)
					n = sizeof set->bad - 1;
				memcpy(badname, p, n);
				badname[n] = '\0';
				*bad = badname;
				return -1;
			}
			if (set->has[t->id] != on) {
				set->has[t->id] = (uint8_t)on;
				set->count += on ? 1 : -1;
			}
		}
next:
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

int
nc_typeset_add(struct nc_typeset *set, const char *list, const char **bad)
{
	return each(set, list, 1, bad);
}

int
nc_typeset_del(struct nc_typeset *set, const char *list, const char **bad)
{
	return each(set, list, 0, bad);
}

void
nc_typeset_all(struct nc_typeset *set)
{
	load();
	memset(set, 0, sizeof *set);
	all(set, 1);
}

void
nc_typeset_sub(struct nc_typeset *set, const struct nc_typeset *other)
{
	int id;

	for (id = 0; id <= NC_TYPE_MAX; id++)
		if (other->has[id] && set->has[id]) {
			set->has[id] = 0;
			set->count--;
		}
}
