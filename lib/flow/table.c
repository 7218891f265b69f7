/* The flow table (table.h): a chained hash on the flow id, and one list
 * per timeout class in order of last packet, so that what timed out is
 * always at a list's head.  Entries come from slabs and go back to a
 * free list; no packet allocates unless it starts a flow and the free
 * list is empty, and never beyond max_flows entries. */
#include "flow/table.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"

#define SLAB		256	/* entries allocated at once */
#define BUCKETS_MIN	1024

/* Lists: one per class, then the flows waiting for their close time. */
#define CLOSING		NC_FLOW_CLASSES
#define LISTS		(NC_FLOW_CLASSES + 1)

struct list {
	struct nc_flow *head, *tail;
};

struct slab {
	struct slab *next;
	alignas(max_align_t) unsigned char mem[];
};

struct nc_flow_table {
	struct nc_flow **bucket;
	size_t nbucket;			/* a power of two */
	struct list list[LISTS];
	struct nc_flow *free;
	struct slab *slabs;
	size_t entry, data_size, allocated;
	struct nc_flow_opts o;
	nc_flow_end_fn *end;
	void *arg;
	int64_t now;
	struct nc_flow_stats st;
};

/* The owner's data follows the entry, aligned for any type. */
static size_t
data_offset(void)
{
	size_t a = alignof(max_align_t);

	return (sizeof(struct nc_flow) + a - 1) / a * a;
}

void *
nc_flow_data(struct nc_flow *f)
{
	return (unsigned char *)f + data_offset();
}

size_t
nc_flow_entry_size(const struct nc_flow_table *t)
{
	return t->entry;
}

const struct nc_flow_stats *
nc_flow_stats(const struct nc_flow_table *t)
{
	return &t->st;
}

struct nc_flow_table *
nc_flow_table_new(const struct nc_flow_opts *o, size_t data_size,
    nc_flow_end_fn *end, void *arg)
{
	static const int64_t deflt[NC_FLOW_CLASSES] = {
		NC_FLOW_TCP_TIMEOUT, NC_FLOW_UDP_TIMEOUT,
		NC_FLOW_UDP_TIMEOUT, NC_FLOW_UDP_TIMEOUT,
	};
	struct nc_flow_table *t;
	size_t a = alignof(max_align_t);
	int i;

	if (data_size > ((size_t)1 << 24) || (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	if (o != NULL)
		t->o = *o;
	for (i = 0; i < NC_FLOW_CLASSES; i++)
		if (t->o.timeout[i] <= 0)
			t->o.timeout[i] = deflt[i];
	if (t->o.max_flows == 0)
		t->o.max_flows = NC_FLOW_MAX_DEFAULT;
	t->data_size = data_size;
	t->entry = (data_offset() + data_size + a - 1) / a * a;
	t->nbucket = BUCKETS_MIN;
	t->bucket = calloc(t->nbucket, sizeof *t->bucket);
	if (t->bucket == NULL) {
		free(t);
		return NULL;
	}
	t->end = end;
	t->arg = arg;
	t->now = INT64_MIN;
	return t;
}

void
nc_flow_table_free(struct nc_flow_table *t)
{
	struct slab *s, *next;

	if (t == NULL)
		return;
	for (s = t->slabs; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	free(t->bucket);
	free(t);
}

void
nc_flow_key_make(struct nc_flow_key *k, const uint8_t *src,
    const uint8_t *dst, size_t alen, uint16_t sport, uint16_t dport,
    uint8_t proto, int *dir)
{
	if (alen > 16)
		alen = 16;
	memset(k, 0, sizeof *k);
	k->alen = (uint8_t)alen;
	k->proto = proto;
	*dir = nc_flow_swapped(src, dst, alen, sport, dport);
	memcpy(k->addr[*dir], src, alen);
	memcpy(k->addr[!*dir], dst, alen);
	k->port[*dir] = sport;
	k->port[!*dir] = dport;
}

static int
same(const struct nc_flow_key *a, const struct nc_flow_key *b)
{
	return a->alen == b->alen && a->proto == b->proto &&
	    a->port[0] == b->port[0] && a->port[1] == b->port[1] &&
	    memcmp(a->addr[0], b->addr[0], a->alen) == 0 &&
	    memcmp(a->addr[1], b->addr[1], a->alen) == 0;
}

static enum nc_flow_class
class_of(uint8_t proto)
{
	switch (proto) {
	case 6: return NC_FLOW_TCP;
	case 17: return NC_FLOW_UDP;
	case 1: case 58: return NC_FLOW_ICMP;
	default: return NC_FLOW_OTHER;
	}
}

static void
unlink_list(struct list *l, struct nc_flow *f)
{
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		l->head = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	else
		l->tail = f->prev;
	f->prev = f->next = NULL;
}

static void
append(struct list *l, struct nc_flow *f)
{
	f->next = NULL;
	f->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = f;
	else
		l->head = f;
	l->tail = f;
}

static struct list *
list_of(struct nc_flow_table *t, struct nc_flow *f)
{
	return &t->list[f->closing ? CLOSING : f->cls];
}

/* Ends f: the owner hears of it, then the entry goes back to the free
 * list. */
static void
finish(struct nc_flow_table *t, struct nc_flow *f, enum nc_flow_end why)
{
	struct nc_flow **pp = &t->bucket[f->id & (t->nbucket - 1)];

	while (*pp != f)
		pp = &(*pp)->hnext;
	*pp = f->hnext;
	unlink_list(list_of(t, f), f);
	if (t->end != NULL)
		t->end(t->arg, f, why);
	switch (why) {
	case NC_FLOW_CLOSED: t->st.closed++; break;
	case NC_FLOW_TIMEOUT: t->st.timed_out++; break;
	case NC_FLOW_EVICTED: t->st.evicted++; break;
	case NC_FLOW_FLUSHED: t->st.flushed++; break;
	}
	t->st.live--;
	f->hnext = t->free;
	t->free = f;
}

static void
expire(struct nc_flow_table *t)
{
	struct nc_flow *f;
	int i;

	for (i = 0; i < NC_FLOW_CLASSES; i++)
		while ((f = t->list[i].head) != NULL &&
		    t->now - f->last >= t->o.timeout[i])
			finish(t, f, NC_FLOW_TIMEOUT);
	while ((f = t->list[CLOSING].head) != NULL && f->close_at <= t->now)
		finish(t, f, NC_FLOW_CLOSED);
}

void
nc_flow_advance(struct nc_flow_table *t, int64_t now)
{
	if (now > t->now)
		t->now = now;
	expire(t);
}

void
nc_flow_advance_wall(struct nc_flow_table *t)
{
	struct timespec now;

	/* CLOCK_REALTIME: the packets' time, unlike nc_now_ns, which
	 * measures intervals. */
	clock_gettime(CLOCK_REALTIME, &now);
	nc_flow_advance(t, (int64_t)now.tv_sec * 1000000000 + now.tv_nsec);
}

void
nc_flow_close_at(struct nc_flow_table *t, struct nc_flow *f, int64_t at)
{
	struct list *l = &t->list[CLOSING];
	struct nc_flow *p;

	unlink_list(list_of(t, f), f);
	f->closing = 1;
	f->close_at = at;
	/* Sorted by close time; nearly always the tail. */
	for (p = l->tail; p != NULL && p->close_at > at; p = p->prev)
		;
	f->prev = p;
	f->next = p != NULL ? p->next : l->head;
	if (f->next != NULL)
		f->next->prev = f;
	else
		l->tail = f;
	if (p != NULL)
		p->next = f;
	else
		l->head = f;
}

void
nc_flow_flush(struct nc_flow_table *t)
{
	struct nc_flow *f, *oldest;
	int i;

	for (;;) {
		oldest = NULL;
		for (i = 0; i < LISTS; i++)
			if ((f = t->list[i].head) != NULL &&
			    (oldest == NULL || f->last < oldest->last))
				oldest = f;
		if (oldest == NULL)
			break;
		finish(t, oldest, NC_FLOW_FLUSHED);
	}
}

struct nc_flow_table *
nc_flow_table_next(struct nc_flow_table *t, struct nc_flow_stats *total)
{
	struct nc_flow_table *n;

	nc_flow_flush(t);
	nc_flow_stats_add(total, &t->st);
	n = nc_flow_table_new(&t->o, t->data_size, t->end, t->arg);
	nc_flow_table_free(t);
	return n;
}

void
nc_flow_stats_add(struct nc_flow_stats *to, const struct nc_flow_stats *s)
{
	to->created += s->created;
	to->closed += s->closed;
	to->timed_out += s->timed_out;
	to->evicted += s->evicted;
	to->flushed += s->flushed;
	if (s->peak > to->peak)
		to->peak = s->peak;
}

/* Makes room for one more entry: the free list, a new slab, or the
 * least recent flow evicted when the table is at its cap.  Flows waiting
 * to close go first: their conversation is over. */
static struct nc_flow *
entry(struct nc_flow_table *t)
{
	struct nc_flow *f, *oldest = NULL;
	struct slab *s;
	size_t i, n;

	if (t->free == NULL && t->allocated < t->o.max_flows) {
		n = t->o.max_flows - t->allocated;
		if (n > SLAB)
			n = SLAB;
		if ((s = malloc(sizeof *s + n * t->entry)) == NULL)
			return NULL;
		s->next = t->slabs;
		t->slabs = s;
		for (i = n; i-- > 0;) {
			f = (struct nc_flow *)(void *)(s->mem + i * t->entry);
			f->hnext = t->free;
			t->free = f;
		}
		t->allocated += n;
	}
	if (t->free == NULL) {
		if ((oldest = t->list[CLOSING].head) == NULL)
			for (i = 0; i < NC_FLOW_CLASSES; i++)
				if ((f = t->list[i].head) != NULL &&
				    (oldest == NULL || f->last < oldest->last))
					oldest = f;
		if (oldest == NULL)
			return NULL;
		finish(t, oldest, NC_FLOW_EVICTED);
	}
	f = t->free;
	t->free = f->hnext;
	return f;
}

/* Doubles the buckets when flows outnumber them; failing to is no
 * error, only longer chains. */
static void
grow(struct nc_flow_table *t)
{
	struct nc_flow **b, *f, *next;
	size_t n = t->nbucket * 2, i;

	if (t->st.live <= t->nbucket || n > t->o.max_flows * 2 ||
	    (b = calloc(n, sizeof *b)) == NULL)
		return;
	for (i = 0; i < t->nbucket; i++)
		for (f = t->bucket[i]; f != NULL; f = next) {
			next = f->hnext;
			f->hnext = b[f->id & (n - 1)];
			b[f->id & (n - 1)] = f;
		}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = n;
}

struct nc_flow *
nc_flow_get(struct nc_flow_table *t, uint64_t id, const struct nc_flow_key *k,
    int64_t now, int *isnew)
{
	struct nc_flow *f;
	size_t b;

	nc_flow_advance(t, now);
	*isnew = 0;
	for (f = t->bucket[id & (t->nbucket - 1)]; f != NULL; f = f->hnext)
		if (f->id == id && same(&f->key, k)) {
			f->last = t->now;
			if (!f->closing) {
				/* Most recent: to the tail of its list. */
				unlink_list(&t->list[f->cls], f);
				append(&t->list[f->cls], f);
			}
			return f;
		}
	if ((f = entry(t)) == NULL)
		return NULL;
	memset(f, 0, t->entry);
	f->id = id;
	f->key = *k;
	f->cls = (uint8_t)class_of(k->proto);
	f->first = f->last = t->now;
	b = id & (t->nbucket - 1);
	f->hnext = t->bucket[b];
	t->bucket[b] = f;
	append(&t->list[f->cls], f);
	t->st.created++;
	if (++t->st.live > t->st.peak)
		t->st.peak = t->st.live;
	grow(t);
	*isnew = 1;
	return f;
}
