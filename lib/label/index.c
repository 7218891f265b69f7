/* The alert and rule indexes, label texts, and matching a record. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "label/internal.h"

struct nc_labeler *
nc_labeler_new(enum nc_label_key key, int64_t tol_ns)
{
	struct nc_labeler *l = calloc(1, sizeof *l);

	if (l == NULL)
		return NULL;
	l->key = key;
	l->tol = tol_ns;
	return l;
}

void
nc_labeler_free(struct nc_labeler *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nrules; i++)
		nc_filter_free(l->rules[i].f);
	for (i = 0; i < l->ntexts; i++)
		free(l->texts[i]);
	for (i = 0; i <= NC_TYPE_MAX; i++)
		free(l->views[i]);
	free(l->texts);
	free(l->slots);
	free(l->rules);
	free(l->alerts);
	free(l->bytuple);
	free(l->bycid);
	free(l);
}

const struct nc_label_stats *
nc_labeler_stats(const struct nc_labeler *l)
{
	return &l->st;
}

/* Grows *p (of *cap elements of size sz) to hold n + 1. */
static int
grow(void *pp, size_t *cap, size_t n, size_t sz)
{
	void **p = pp;
	size_t nc;
	void *q;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 64;
	if (nc > SIZE_MAX / sz)
		return -1;
	if ((q = realloc(*p, nc * sz)) == NULL)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

static int
rehash(struct nc_labeler *l)
{
	size_t i, j, n = l->nslots ? l->nslots * 2 : 256;
	uint32_t *s = calloc(n, sizeof *s);

	if (s == NULL)
		return -1;
	for (i = 0; i < l->ntexts; i++) {
		j = XXH3_64bits(l->texts[i], strlen(l->texts[i])) & (n - 1);
		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(l->slots);
	l->slots = s;
	l->nslots = n;
	return 0;
}

int64_t
nc_label_intern(struct nc_labeler *l, const char *s, size_t n)
{
	size_t j;
	char *t;
	uint32_t id;

	if (n > NC_LABEL_TEXT_MAX)
		n = NC_LABEL_TEXT_MAX;
	if ((l->ntexts + 1) * 2 > l->nslots && rehash(l) < 0)
		return -1;
	j = XXH3_64bits(s, n) & (l->nslots - 1);
	while ((id = l->slots[j]) != 0) {
		t = l->texts[id - 1];
		if (strncmp(t, s, n) == 0 && t[n] == '\0')
			return id - 1;
		j = (j + 1) & (l->nslots - 1);
	}
	if (grow(&l->texts, &l->captexts, l->ntexts, sizeof *l->texts) < 0 ||
	    (t = malloc(n + 1)) == NULL)
		return -1;
	memcpy(t, s, n);
	t[n] = '\0';
	l->texts[l->ntexts] = t;
	l->slots[j] = (uint32_t)++l->ntexts;
	return (int64_t)l->ntexts - 1;
}

uint64_t
nc_alert_key(uint8_t *a, uint8_t *b, uint16_t *pa, uint16_t *pb, size_t alen)
{
	uint8_t k[2 * 16 + 4], t[16];
	uint16_t tp;
	int c = memcmp(a, b, alen);

	if (c > 0 || (c == 0 && *pa > *pb)) {
		memcpy(t, a, alen);
		memcpy(a, b, alen);
		memcpy(b, t, alen);
		tp = *pa;
		*pa = *pb;
		*pb = tp;
	}
	memcpy(k, a, alen);
	memcpy(k + alen, b, alen);
	k[2 * alen] = (uint8_t)(*pa >> 8);
	k[2 * alen + 1] = (uint8_t)*pa;
	k[2 * alen + 2] = (uint8_t)(*pb >> 8);
	k[2 * alen + 3] = (uint8_t)*pb;
	return XXH3_64bits(k, 2 * alen + 4);
}

uint64_t
nc_cid_key(const char *cid, size_t n)
{
	return XXH3_64bits(cid, n);
}

int
nc_alert_add(struct nc_labeler *l, const struct nc_alert *a, const char *cid,
    size_t cidlen)
{
	struct nc_alert *x;
	uint32_t i = (uint32_t)l->nalerts;

	if (l->nalerts >= UINT32_MAX ||
	    grow(&l->alerts, &l->capalerts, l->nalerts, sizeof *l->alerts) < 0)
		return -1;
	x = &l->alerts[l->nalerts];
	*x = *a;
	x->hascid = cidlen > 0;
	if (x->alen > 0) {
		uint8_t ca[16], cb[16];
		uint16_t pa = x->pa, pb = x->pb;

		memcpy(ca, x->a, x->alen);
		memcpy(cb, x->b, x->alen);
		if (grow(&l->bytuple, &l->captuple, l->ntuple,
		    sizeof *l->bytuple) < 0)
			return -1;
		l->bytuple[l->ntuple++] = (struct nc_aref){ nc_alert_key(ca,
		    cb, &pa, &pb, x->alen), x->t1, i };
		memcpy(x->a, ca, x->alen);
		memcpy(x->b, cb, x->alen);
		x->pa = pa;
		x->pb = pb;
	}
	if (cidlen > 0) {
		if (grow(&l->bycid, &l->capcid, l->ncid, sizeof *l->bycid) < 0)
			return -1;
		l->bycid[l->ncid++] = (struct nc_aref){ nc_cid_key(cid,
		    cidlen), x->t1, i };
	}
	if (x->t1 - x->t0 > l->maxspan)
		l->maxspan = x->t1 - x->t0;
	l->nalerts++;
	l->st.alerts++;
	return 0;
}

static int
cmp_aref(const void *pa, const void *pb)
{
	const struct nc_aref *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->t1 != b->t1)
		return a->t1 < b->t1 ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int
cmp_rule(const void *pa, const void *pb)
{
	const struct nc_rule *a = pa, *b = pb;

	if (a->t0 != b->t0)
		return a->t0 < b->t0 ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

void
nc_labeler_ready(struct nc_labeler *l)
{
	size_t i;

	/* qsort(3) must not be given NULL, even for no elements. */
	if (l->ntuple > 0)
		qsort(l->bytuple, l->ntuple, sizeof *l->bytuple, cmp_aref);
	if (l->ncid > 0)
		qsort(l->bycid, l->ncid, sizeof *l->bycid, cmp_aref);
	if (l->nrules > 0)
		qsort(l->rules, l->nrules, sizeof *l->rules, cmp_rule);
	for (i = 0; i < l->nrules; i++)
		l->rules[i].maxend = i == 0 || l->rules[i].t1 >
		    l->rules[i - 1].maxend ? l->rules[i].t1 :
		    l->rules[i - 1].maxend;
}

/* A label found for a record, with what orders it. */
struct cand {
	uint32_t label;
	uint32_t src;		/* 0 schedule, 1 EVE, 2 fast.log */
	uint32_t sev;		/* rule: its line */
	int64_t t;
};

struct found {
	struct cand c[NC_LABEL_PER_RECORD];
	size_t n;
	int cut;
};

static int
better(const struct cand *a, const struct cand *b)
{
	if (a->src != b->src)
		return a->src < b->src;
	if (a->sev != b->sev)
		return a->sev < b->sev;
	return a->t < b->t;
}

/* Keeps each label once, at its best rank. */
static void
add(struct found *f, const struct cand *c)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->c[i].label == c->label) {
			if (better(c, &f->c[i]))
				f->c[i] = *c;
			return;
		}
	if (f->n == NC_LABEL_PER_RECORD) {
		f->cut = 1;
		return;
	}
	f->c[f->n++] = *c;
}

/* The first entry of idx[0, n) with key and t1 >= t. */
static size_t
lower(const struct nc_aref *idx, size_t n, uint64_t key, int64_t t)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (idx[mid].key < key || (idx[mid].key == key &&
		    idx[mid].t1 < t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
same_tuple(const struct nc_alert *x, const uint8_t *a, const uint8_t *b,
    size_t alen, uint16_t pa, uint16_t pb, uint8_t proto)
{
	return x->alen == alen && memcmp(x->a, a, alen) == 0 &&
	    memcmp(x->b, b, alen) == 0 && x->pa == pa && x->pb == pb &&
	    (x->proto == 0 || proto == 0 || x->proto == proto);
}

/* The alerts under key whose span, widened by the tolerance, meets
 * [r0, r1]: those ending at r0 - tol or later, until no later one can
 * start by r1 + tol. */
static void
scan(struct nc_labeler *l, const struct nc_aref *idx, size_t n, uint64_t key,
    const struct nc_view *v, const uint8_t *ca, const uint8_t *cb,
    uint16_t pa, uint16_t pb, int bycid, struct found *f)
{
	const struct nc_alert *x;
	struct cand c;
	size_t i;

	for (i = lower(idx, n, key, v->r0 - l->tol); i < n &&
	    idx[i].key == key; i++) {
		if (idx[i].t1 - l->maxspan > v->r1 + l->tol)
			break;
		x = &l->alerts[idx[i].i];
		if (x->t0 - l->tol > v->r1)
			continue;
		if (bycid ? 0 : (x->hascid && v->cid != NULL) ||
		    !same_tuple(x, ca, cb, v->alen, pa, pb, v->proto))
			continue;
		c = (struct cand){ x->label, x->src, x->sev, x->t1 };
		add(f, &c);
	}
}

static void
rules(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m, const struct nc_view *v, struct found *f)
{
	const struct nc_rule *r;
	struct cand c;
	size_t lo = 0, hi = l->nrules, mid;
	int verdict;

	/* Past the last rule that starts by r1. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->rules[mid].t0 <= v->r1)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0) {
		r = &l->rules[lo];
		if (r->maxend <= v->r0)
			break;
		if (r->t1 <= v->r0)
			continue;
		verdict = nc_filter_verdict(r->f, t->id);
		if (verdict == NC_FILTER_NEVER || (verdict == NC_FILTER_LOOK &&
		    !nc_filter_match(r->f, t, m)))
			continue;
		c = (struct cand){ r->label, 0, r->line, 0 };
		add(f, &c);
	}
}

static int
cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	return better(a, b) ? -1 : better(b, a);
}

size_t
nc_labeler_match(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m, const char **out)
{
	struct found f;
	struct nc_view v;
	uint8_t ca[16], cb[16];
	uint16_t pa, pb;
	uint64_t key;
	size_t i;

	f.n = 0;
	f.cut = 0;
	if (nc_view_read(l, t, m, &v) < 0)
		return 0;
	if (l->nrules > 0)
		rules(l, t, m, &v, &f);
	if (v.alen > 0 && l->ntuple > 0) {
		memcpy(ca, v.a, v.alen);
		memcpy(cb, v.b, v.alen);
		pa = v.pa;
		pb = v.pb;
		key = nc_alert_key(ca, cb, &pa, &pb, v.alen);
		scan(l, l->bytuple, l->ntuple, key, &v, ca, cb, pa, pb, 0, &f);
	}
	if (v.cid != NULL && l->ncid > 0) {
		key = nc_cid_key(v.cid, strlen(v.cid));
		scan(l, l->bycid, l->ncid, key, &v, NULL, NULL, 0, 0, 1, &f);
	}
	l->st.cut += f.cut;
	if (f.n > 1)
		qsort(f.c, f.n, sizeof f.c[0], cmp_cand);
	for (i = 0; i < f.n; i++)
		out[i] = l->texts[f.c[i].label];
	return f.n;
}
