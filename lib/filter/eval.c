/* Evaluation of a compiled filter on one record, and what it can be for
 * each record type before any record is seen.  Nothing here allocates:
 * values are read where the reader unpacked them. */
#define _GNU_SOURCE		/* memmem */
#include "filter/node.h"

#include <ctype.h>
#include <string.h>

struct test {
	const struct node *n;
	const struct per_type *pt;
};

/* -1, 0, 1 as a < b, a == b, a > b; 2 when unordered (NaN). */
static int
cmp_num(const struct nc_value *v, const struct lit *l, int64_t num)
{
	double d;

	if (l->kind == L_NAME) {
		/* Only enumerations take names. */
		return v->i < num ? -1 : v->i > num;
	}
	if (v->kind == NC_V_DOUBLE || l->kind == L_FLOAT) {
		d = v->kind == NC_V_DOUBLE ? v->d : v->kind == NC_V_INT ||
		    v->kind == NC_V_ENUM ? (double)v->i : (double)v->u;
		if (d != d)
			return 2;
		return d < l->d ? -1 : d > l->d;
	}
	if (v->kind == NC_V_INT || v->kind == NC_V_ENUM) {
		if (l->neg) {
			/* -mag fits: the parser keeps mag <= 2^63. */
			int64_t x = (int64_t)(0 - l->mag);

			return v->i < x ? -1 : v->i > x;
		}
		if (v->i < 0)
			return -1;
		return (uint64_t)v->i < l->mag ? -1 : (uint64_t)v->i > l->mag;
	}
	if (l->neg)
		return 1;
	return v->u < l->mag ? -1 : v->u > l->mag;
}

static int
cmp_bytes(const void *a, size_t alen, const void *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

static int
by_op(int op, int c)
{
	if (c == 2)
		return op == OP_NE;
	switch (op) {
	case OP_EQ:
	case OP_IN:
		return c == 0;
	case OP_NE:
		return c != 0;
	case OP_LT:
		return c < 0;
	case OP_LE:
		return c <= 0;
	case OP_GT:
		return c > 0;
	case OP_GE:
		return c >= 0;
	}
	return 0;
}

static int
in_prefix(const struct nc_value *v, const struct lit *l)
{
	size_t full = (size_t)l->prefix / 8;
	int rest = l->prefix % 8;
	const uint8_t *p = v->data;

	if (v->len != (l->kind == L_CIDR4 ? 4u : 16u))
		return 0;
	if (full > 0 && memcmp(p, l->addr, full) != 0)
		return 0;
	return rest == 0 ||
	    ((p[full] ^ l->addr[full]) & (uint8_t)(0xff00 >> rest)) == 0;
}

static int
icontains(const unsigned char *h, size_t hlen, const unsigned char *nd,
    size_t nlen)
{
	size_t i, j;

	if (nlen == 0)
		return 1;
	for (i = 0; i + nlen <= hlen; i++) {
		for (j = 0; j < nlen && tolower(h[i + j]) == tolower(nd[j]);
		    j++)
			;
		if (j == nlen)
			return 1;
	}
	return 0;
}

/* Whether one value satisfies the test with literal l. */
static int
one(const struct node *n, const struct nc_value *v, const struct lit *l,
    int64_t num)
{
	regmatch_t m[1];
	size_t alen;

	switch (n->op) {
	case OP_CONTAINS:
		return l->len == 0 || (v->len >= l->len &&
		    memmem(v->data, v->len, l->s, l->len) != NULL);
	case OP_ICONTAINS:
		return icontains(v->data, v->len, (const void *)l->s, l->len);
	case OP_RE:
	case OP_IRE:
		/* REG_STARTEND: the value need not end in a NUL, and one
		 * inside it does not end it. */
		m[0].rm_so = 0;
		m[0].rm_eo = (regoff_t)v->len;
		return regexec(&n->re, v->data != NULL ? v->data : "", 1, m,
		    REG_STARTEND) == 0;
	}
	switch (l->kind) {
	case L_STR:
		return by_op(n->op, cmp_bytes(v->data, v->len, l->s, l->len));
	case L_CIDR4:
	case L_CIDR6:
		return in_prefix(v, l);
	case L_IP4:
	case L_IP6:
	case L_MAC:
		alen = l->kind == L_IP4 ? 4 : l->kind == L_IP6 ? 16 : 6;
		/* An address of another family is not equal, nor ordered. */
		if (v->len != alen)
			return n->op == OP_NE;
		return by_op(n->op, cmp_bytes(v->data, v->len, l->addr, alen));
	}
	return by_op(n->op, cmp_num(v, l, num));
}

static int
truth(const struct nc_value *v)
{
	switch (v->kind) {
	case NC_V_INT:
	case NC_V_ENUM:
		return v->i != 0;
	case NC_V_UINT:
	case NC_V_BOOL:
		return v->u != 0;
	case NC_V_DOUBLE:
		return v->d != 0;
	case NC_V_STRING:
	case NC_V_BYTES:
		return v->len > 0;
	default:
		return v->data != NULL;
	}
}

/* nc_walk_path_each's callback: 1 (stop, matched) or 0. */
static int
test_value(const struct nc_value *v, void *arg)
{
	const struct test *t = arg;
	size_t i;

	if (t->n->op == OP_TRUTH)
		return truth(v);
	for (i = 0; i < t->n->nlits; i++)
		if (t->pt->ok[i] && one(t->n, v, &t->n->lits[i], t->pt->num[i]))
			return 1;
	return 0;
}

int
nc_filter_eval(const struct nc_filter *f, int node, int type,
    const ProtobufCMessage *m)
{
	const struct node *n = &f->nodes[node];
	struct test t;
	int i;

	switch (n->kind) {
	case N_TYPE:
		return n->type == type;
	case N_NOT:
		return !nc_filter_eval(f, n->kids[0], type, m);
	case N_AND:
		for (i = 0; i < n->nkids; i++)
			if (!nc_filter_eval(f, n->kids[i], type, m))
				return 0;
		return 1;
	case N_OR:
		for (i = 0; i < n->nkids; i++)
			if (nc_filter_eval(f, n->kids[i], type, m))
				return 1;
		return 0;
	}
	if (type < 0 || type > NC_TYPE_MAX || n->pt[type] == NULL)
		return 0;
	t.n = n;
	t.pt = n->pt[type];
	return nc_walk_path_each(m, &t.pt->path, test_value, &t) == 1;
}

/* Three-valued: what node is for every record of type. */
static int
verdict(const struct nc_filter *f, int node, int type)
{
	const struct node *n = &f->nodes[node];
	int i, v, all = 1;

	switch (n->kind) {
	case N_TYPE:
		return n->type == type ? NC_FILTER_ALWAYS : NC_FILTER_NEVER;
	case N_FIELD:
		return n->pt[type] != NULL ? NC_FILTER_LOOK : NC_FILTER_NEVER;
	case N_NOT:
		v = verdict(f, n->kids[0], type);
		return v == NC_FILTER_LOOK ? v : v == NC_FILTER_ALWAYS ?
		    NC_FILTER_NEVER : NC_FILTER_ALWAYS;
	}
	/* and: one NEVER decides; or: one ALWAYS decides. */
	for (i = 0; i < n->nkids; i++) {
		v = verdict(f, n->kids[i], type);
		if (n->kind == N_AND && v == NC_FILTER_NEVER)
			return v;
		if (n->kind == N_OR && v == NC_FILTER_ALWAYS)
			return v;
		if (v == NC_FILTER_LOOK)
			all = 0;
	}
	if (!all)
		return NC_FILTER_LOOK;
	return n->kind == N_AND ? NC_FILTER_ALWAYS : NC_FILTER_NEVER;
}

void
nc_filter_verdicts(struct nc_filter *f)
{
	int t;

	for (t = 0; t <= NC_TYPE_MAX; t++)
		f->verdict[t] = (uint8_t)verdict(f, f->root, t);
}

int
nc_filter_verdict(const struct nc_filter *f, int type)
{
	if (type < 0 || type > NC_TYPE_MAX)
		return NC_FILTER_NEVER;
	return f->verdict[type];
}

int
nc_filter_match(const struct nc_filter *f, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	return nc_filter_eval(f, f->root, t->id, m);
}
