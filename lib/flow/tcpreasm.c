/* TCP reassembly of one direction (tcpreasm.h).  Positions are taken
 * relative to the next expected sequence number, as signed 32-bit
 * differences, so that wraparound needs no special case. */
#include "flow/tcpreasm.h"

#include <stdlib.h>
#include <string.h>

struct nc_reasm_seg {
	struct nc_reasm_seg *next;
	uint32_t seq;
	size_t n;
	uint8_t data[];
};

/* a - b in sequence space: negative when a is before b. */
static int64_t
sdiff(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;

	return d < 0x80000000u ? (int64_t)d : (int64_t)d - 0x100000000LL;
}

void
nc_reasm_init(struct nc_reasm *r, size_t conn_max, size_t total_max)
{
	memset(r, 0, sizeof *r);
	r->conn_max = conn_max > 0 ? conn_max : NC_REASM_CONN_MAX;
	r->total_max = total_max > 0 ? total_max : NC_REASM_TOTAL_MAX;
}

static void
deliver(struct nc_reasm_dir *d, const uint8_t *p, size_t n,
    const struct nc_reasm_out *out)
{
	if (out != NULL && out->data != NULL)
		out->data(out->arg, p, n);
	d->next += (uint32_t)n;
	d->offset += n;
}

static void
skip(struct nc_reasm *r, struct nc_reasm_dir *d, uint64_t n,
    const struct nc_reasm_out *out)
{
	if (out != NULL && out->gap != NULL)
		out->gap(out->arg, n);
	r->gaps++;
	r->gap_bytes += n;
	d->next += (uint32_t)n;
	d->offset += n;
}

static void
release(struct nc_reasm *r, struct nc_reasm_dir *d, struct nc_reasm_seg *w)
{
	d->wait = w->next;
	d->waiting -= w->n;
	r->used -= w->n;
	free(w);
}

/* Delivers the waiting segments that start at or before next. */
static void
drain(struct nc_reasm *r, struct nc_reasm_dir *d,
    const struct nc_reasm_out *out)
{
	struct nc_reasm_seg *w;
	int64_t rel;

	while ((w = d->wait) != NULL && (rel = sdiff(w->seq, d->next)) <= 0) {
		if ((uint64_t)-rel < w->n)
			deliver(d, w->data + -rel, w->n - (size_t)-rel, out);
		release(r, d, w);
	}
}

/* Stores the bytes of [a, a + n) (relative to next, a > 0 or ahead of
 * something waiting) that nothing waiting holds yet; bytes that do wait
 * already stay as they are and are compared with the new ones. */
static void
insert(struct nc_reasm *r, struct nc_reasm_dir *d, int64_t a,
    const uint8_t *p, size_t n)
{
	struct nc_reasm_seg **pp = &d->wait, *w, *s;
	int64_t b = a + (int64_t)n, cur = a, ws, we, end;

	while (cur < b) {
		while ((w = *pp) != NULL &&
		    sdiff(w->seq, d->next) + (int64_t)w->n <= cur)
			pp = &w->next;
		if (w != NULL && (ws = sdiff(w->seq, d->next)) <= cur) {
			we = ws + (int64_t)w->n;
			end = we < b ? we : b;
			r->overlaps++;
			if (memcmp(p + (cur - a), w->data + (cur - ws),
			    (size_t)(end - cur)) != 0)
				r->overlaps_differ++;
			cur = end;
			continue;
		}
		end = w != NULL && (ws = sdiff(w->seq, d->next)) < b ? ws : b;
		s = malloc(sizeof *s + (size_t)(end - cur));
		if (s == NULL) {
			r->oom++;
			cur = end;
			continue;
		}
		s->seq = d->next + (uint32_t)cur;
		s->n = (size_t)(end - cur);
		memcpy(s->data, p + (cur - a), s->n);
		s->next = w;
		*pp = s;
		pp = &s->next;
		d->waiting += s->n;
		r->used += s->n;
		cur = end;
	}
}

void
nc_reasm_segment(struct nc_reasm *r, struct nc_reasm_dir *d, uint32_t seq,
    int syn, int fin, const uint8_t *p, size_t n,
    const struct nc_reasm_out *out)
{
	int64_t rel;

	if (syn)
		seq++;			/* the SYN takes one number */
	if (!d->started) {
		/* The SYN, or the first data of a connection that was open
		 * before the capture began. */
		if (!syn && n == 0)
			return;
		d->next = seq;
		d->started = 1;
	}
	if (fin && !d->fin) {
		d->fin = 1;
		d->fin_seq = seq + (uint32_t)n;
	}
	if (n == 0)
		return;
	rel = sdiff(seq, d->next);
	if (rel < 0) {
		if ((uint64_t)-rel >= n) {
			r->retrans_bytes += n;
			return;
		}
		r->retrans_bytes += (uint64_t)-rel;
		p += -rel;
		n -= (size_t)-rel;
		rel = 0;
	}
	if (rel == 0 && (d->wait == NULL ||
	    sdiff(d->wait->seq, d->next) >= (int64_t)n)) {
		/* In order and clear of what waits: the common case, no copy. */
		deliver(d, p, n, out);
		drain(r, d, out);
		return;
	}
	insert(r, d, rel, p, n);
	drain(r, d, out);
	/* Over a cap: stop waiting for the first hole. */
	while (d->wait != NULL &&
	    (d->waiting > r->conn_max || r->used > r->total_max)) {
		r->capped++;
		skip(r, d, (uint64_t)sdiff(d->wait->seq, d->next), out);
		drain(r, d, out);
	}
}

void
nc_reasm_flush(struct nc_reasm *r, struct nc_reasm_dir *d,
    const struct nc_reasm_out *out)
{
	int64_t rel;

	while (d->wait != NULL) {
		skip(r, d, (uint64_t)sdiff(d->wait->seq, d->next), out);
		drain(r, d, out);
	}
	/* Bytes before the FIN that never came. */
	if (d->started && d->fin && (rel = sdiff(d->fin_seq, d->next)) > 0)
		skip(r, d, (uint64_t)rel, out);
	memset(d, 0, sizeof *d);
}

void
nc_reasm_drop(struct nc_reasm *r, struct nc_reasm_dir *d)
{
	while (d->wait != NULL)
		release(r, d, d->wait);
	memset(d, 0, sizeof *d);
}
