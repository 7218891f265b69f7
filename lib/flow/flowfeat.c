/* A flow's features (flowfeat.h): everything is folded in as the packet
 * comes, and the record's values are worked out once, at the end. */
#include "flow/flowfeat.h"

#include <math.h>
#include <string.h>

void
nc_wstat_add(struct nc_wstat *s, double x)
{
	double d;

	if (s->n++ == 0 || x < s->min)
		s->min = x;
	if (s->n == 1 || x > s->max)
		s->max = x;
	d = x - s->mean;
	s->mean += d / (double)s->n;
	s->m2 += d * (x - s->mean);
}

double
nc_wstat_stddev(const struct nc_wstat *s)
{
	return s->n > 1 ? sqrt(s->m2 / (double)(s->n - 1)) : 0;
}

size_t
nc_flowfeat_size(unsigned splt_max)
{
	return sizeof(struct nc_flowfeat) +
	    splt_max * sizeof(struct nc_flowfeat_splt);
}

void
nc_flowfeat_init(struct nc_flowfeat *f, unsigned splt_max)
{
	memset(f, 0, sizeof *f);
	f->splt_max = (uint16_t)(splt_max > NC_FLOWFEAT_SPLT_MAX ?
	    NC_FLOWFEAT_SPLT_MAX : splt_max);
}

/* CICFlowMeter's bulk rule: a run of payload packets of one side, each
 * within NC_FLOWFEAT_SUBFLOW of the one before and with no payload
 * packet of the other side since the run began, counts once it reaches
 * NC_FLOWFEAT_BULK packets. */
static void
bulk_add(struct nc_flowfeat_bulk *b, const struct nc_flowfeat_bulk *other,
    int64_t ts, uint32_t size)
{
	if (b->run_pkts > 0 && other->run_pkts + other->pkts > 0 &&
	    other->last > b->start)
		b->run_pkts = 0;
	if (size == 0)
		return;
	if (b->run_pkts == 0 || ts - b->last > NC_FLOWFEAT_SUBFLOW) {
		b->start = b->last = ts;
		b->run_pkts = 1;
		b->run_bytes = size;
		return;
	}
	b->run_pkts++;
	b->run_bytes += size;
	if (b->run_pkts == NC_FLOWFEAT_BULK) {
		b->bulks++;
		b->pkts += b->run_pkts;
		b->bytes += b->run_bytes;
		b->duration += ts - b->start;
	} else if (b->run_pkts > NC_FLOWFEAT_BULK) {
		b->pkts++;
		b->bytes += size;
		b->duration += ts - b->last;
	}
	b->last = ts;
}

/* A gap over NC_FLOWFEAT_ACTIVE closes an active period and is an idle
 * one; an active period of no length (one packet) is not counted. */
static void
activity(struct nc_flowfeat *f, int64_t ts)
{
	if (ts - f->act_end > NC_FLOWFEAT_ACTIVE) {
		if (f->act_end > f->act_start)
			nc_wstat_add(&f->active, (double)(f->act_end -
			    f->act_start));
		nc_wstat_add(&f->idle, (double)(ts - f->act_end));
		f->act_start = ts;
	}
	f->act_end = ts;
}

static void
tcp_end(struct nc_flowfeat *f, const struct nc_flowfeat_pkt *p)
{
	struct nc_flowfeat_dir *d = &f->d[p->dir];

	if (p->flags & NC_FF_RST) {
		f->ended = 1;
		return;
	}
	if (f->fin2_dir != 0 && p->dir != f->fin2_dir - 1 &&
	    (p->flags & (NC_FF_ACK | NC_FF_FIN)) == NC_FF_ACK) {
		f->ended = 1;
		return;
	}
	if ((p->flags & NC_FF_FIN) && !d->fin) {
		d->fin = 1;
		if (f->d[!p->dir].fin)
			f->fin2_dir = (uint8_t)(p->dir + 1);
	}
}

int
nc_flowfeat_add(struct nc_flowfeat *f, const struct nc_flowfeat_pkt *p)
{
	struct nc_flowfeat_dir *d = &f->d[p->dir != 0];
	int64_t ts = p->ts;
	int i, dir = p->dir != 0;

	if (f->ps.n == 0) {
		f->first = f->last = f->act_start = f->act_end = ts;
		f->subflows = 1;
	}
	if (ts < f->last)
		ts = f->last;
	if (f->ps.n > 0) {
		nc_wstat_add(&f->piat, (double)(ts - f->last));
		if (ts - f->last > NC_FLOWFEAT_SUBFLOW)
			f->subflows++;
		activity(f, ts);
	}
	if (f->nsplt < f->splt_max) {
		f->splt[f->nsplt].dir = (uint8_t)dir;
		f->splt[f->nsplt].ps = p->ps;
		f->splt[f->nsplt].piat = f->ps.n > 0 ? ts - f->last : 0;
		f->nsplt++;
	}
	f->last = ts;
	nc_wstat_add(&f->ps, p->ps);
	nc_wstat_add(&f->payload, p->payload);

	if (d->packets == 0)
		d->first = d->last = ts;
	else
		nc_wstat_add(&d->piat, (double)(ts - d->last));
	d->last = ts;
	d->packets++;
	d->bytes += p->ps;
	d->payload_bytes += p->payload;
	d->header_bytes += p->header;
	if (d->packets == 1 || p->header < d->min_header)
		d->min_header = p->header;
	if (p->payload > 0)
		d->data_packets++;
	nc_wstat_add(&d->ps, p->ps);
	nc_wstat_add(&d->payload, p->payload);
	bulk_add(&d->bulk, &f->d[!dir].bulk, ts, p->payload);
	if (!p->tcp)
		return 0;
	if (!d->has_win) {
		d->has_win = 1;
		d->init_win = p->window;
	}
	for (i = 0; i < 8; i++)
		if (p->flags >> i & 1)
			d->flag[i]++;
	tcp_end(f, p);
	return f->ended;
}

#define MS(ns)	((double)(ns) / 1e6)

/* A statistic into the record's four fields for it: sizes as they are,
 * times from ns to ms. */
static void
stat_u(const struct nc_wstat *s, uint32_t *min, double *mean,
    double *stddev, uint32_t *max)
{
	*min = (uint32_t)s->min;
	*mean = s->mean;
	*stddev = nc_wstat_stddev(s);
	*max = (uint32_t)s->max;
}

static void
stat_ms(const struct nc_wstat *s, double *min, double *mean, double *stddev,
    double *max)
{
	*min = MS(s->min);
	*mean = MS(s->mean);
	*stddev = MS(nc_wstat_stddev(s));
	*max = MS(s->max);
}

static uint64_t
flag(const struct nc_flowfeat *f, int dir, int bit)
{
	return dir < 0 ? f->d[0].flag[bit] + f->d[1].flag[bit] :
	    f->d[dir].flag[bit];
}

static void
bulk(const struct nc_flowfeat_bulk *b, double *bytes, double *pkts,
    double *rate)
{
	if (b->bulks == 0)
		return;
	*bytes = (double)b->bytes / (double)b->bulks;
	*pkts = (double)b->pkts / (double)b->bulks;
	if (b->duration > 0)
		*rate = (double)b->bytes / ((double)b->duration / 1e9);
}

void
nc_flowfeat_fill(const struct nc_flowfeat *f, Netcap__Flow *m,
    struct nc_flowfeat_out *o)
{
	const struct nc_flowfeat_dir *s = &f->d[0], *d = &f->d[1];
	struct nc_wstat active = f->active;
	unsigned i;

	/* The period running at the end is an active one too. */
	if (f->act_end > f->act_start)
		nc_wstat_add(&active, (double)(f->act_end - f->act_start));

	m->bidirectional_first_seen_ms = (uint64_t)(f->first / 1000000);
	m->bidirectional_last_seen_ms = (uint64_t)(f->last / 1000000);
	m->bidirectional_duration_ms = MS(f->last - f->first);
	m->bidirectional_packets = s->packets + d->packets;
	m->bidirectional_bytes = s->bytes + d->bytes;
	m->src2dst_first_seen_ms = (uint64_t)(s->first / 1000000);
	m->src2dst_last_seen_ms = (uint64_t)(s->last / 1000000);
	m->src2dst_duration_ms = MS(s->last - s->first);
	m->src2dst_packets = s->packets;
	m->src2dst_bytes = s->bytes;
	if (d->packets > 0) {
		m->dst2src_first_seen_ms = (uint64_t)(d->first / 1000000);
		m->dst2src_last_seen_ms = (uint64_t)(d->last / 1000000);
		m->dst2src_duration_ms = MS(d->last - d->first);
	}
	m->dst2src_packets = d->packets;
	m->dst2src_bytes = d->bytes;

	stat_u(&f->ps, &m->bidirectional_min_ps, &m->bidirectional_mean_ps,
	    &m->bidirectional_stddev_ps, &m->bidirectional_max_ps);
	stat_u(&s->ps, &m->src2dst_min_ps, &m->src2dst_mean_ps,
	    &m->src2dst_stddev_ps, &m->src2dst_max_ps);
	stat_u(&d->ps, &m->dst2src_min_ps, &m->dst2src_mean_ps,
	    &m->dst2src_stddev_ps, &m->dst2src_max_ps);
	stat_ms(&f->piat, &m->bidirectional_min_piat_ms,
	    &m->bidirectional_mean_piat_ms, &m->bidirectional_stddev_piat_ms,
	    &m->bidirectional_max_piat_ms);
	stat_ms(&s->piat, &m->src2dst_min_piat_ms, &m->src2dst_mean_piat_ms,
	    &m->src2dst_stddev_piat_ms, &m->src2dst_max_piat_ms);
	stat_ms(&d->piat, &m->dst2src_min_piat_ms, &m->dst2src_mean_piat_ms,
	    &m->dst2src_stddev_piat_ms, &m->dst2src_max_piat_ms);

	/* Bits 0-7: FIN SYN RST PSH ACK URG ECE CWR. */
	m->bidirectional_syn_packets = flag(f, -1, 1);
	m->bidirectional_cwr_packets = flag(f, -1, 7);
	m->bidirectional_ece_packets = flag(f, -1, 6);
	m->bidirectional_urg_packets = flag(f, -1, 5);
	m->bidirectional_ack_packets = flag(f, -1, 4);
	m->bidirectional_psh_packets = flag(f, -1, 3);
	m->bidirectional_rst_packets = flag(f, -1, 2);
	m->bidirectional_fin_packets = flag(f, -1, 0);
	m->src2dst_syn_packets = flag(f, 0, 1);
	m->src2dst_cwr_packets = flag(f, 0, 7);
	m->src2dst_ece_packets = flag(f, 0, 6);
	m->src2dst_urg_packets = flag(f, 0, 5);
	m->src2dst_ack_packets = flag(f, 0, 4);
	m->src2dst_psh_packets = flag(f, 0, 3);
	m->src2dst_rst_packets = flag(f, 0, 2);
	m->src2dst_fin_packets = flag(f, 0, 0);
	m->dst2src_syn_packets = flag(f, 1, 1);
	m->dst2src_cwr_packets = flag(f, 1, 7);
	m->dst2src_ece_packets = flag(f, 1, 6);
	m->dst2src_urg_packets = flag(f, 1, 5);
	m->dst2src_ack_packets = flag(f, 1, 4);
	m->dst2src_psh_packets = flag(f, 1, 3);
	m->dst2src_rst_packets = flag(f, 1, 2);
	m->dst2src_fin_packets = flag(f, 1, 0);

	m->src2dst_payload_bytes = s->payload_bytes;
	m->dst2src_payload_bytes = d->payload_bytes;
	stat_u(&f->payload, &m->bidirectional_min_payload,
	    &m->bidirectional_mean_payload, &m->bidirectional_stddev_payload,
	    &m->bidirectional_max_payload);
	stat_u(&s->payload, &m->src2dst_min_payload, &m->src2dst_mean_payload,
	    &m->src2dst_stddev_payload, &m->src2dst_max_payload);
	stat_u(&d->payload, &m->dst2src_min_payload, &m->dst2src_mean_payload,
	    &m->dst2src_stddev_payload, &m->dst2src_max_payload);
	m->src2dst_header_bytes = s->header_bytes;
	m->dst2src_header_bytes = d->header_bytes;
	m->src2dst_min_header_bytes = s->min_header;
	if (s->has_win) {
		m->_src2dst_init_win_bytes_case =
		    NETCAP__FLOW___SRC2DST_INIT_WIN_BYTES_SRC2DST_INIT_WIN_BYTES;
		m->src2dst_init_win_bytes = s->init_win;
	}
	if (d->has_win) {
		m->_dst2src_init_win_bytes_case =
		    NETCAP__FLOW___DST2SRC_INIT_WIN_BYTES_DST2SRC_INIT_WIN_BYTES;
		m->dst2src_init_win_bytes = d->init_win;
	}
	m->src2dst_data_packets = s->data_packets;
	stat_ms(&active, &m->active_min_ms, &m->active_mean_ms,
	    &m->active_stddev_ms, &m->active_max_ms);
	stat_ms(&f->idle, &m->idle_min_ms, &m->idle_mean_ms,
	    &m->idle_stddev_ms, &m->idle_max_ms);
	bulk(&s->bulk, &m->src2dst_bulk_bytes, &m->src2dst_bulk_packets,
	    &m->src2dst_bulk_rate);
	bulk(&d->bulk, &m->dst2src_bulk_bytes, &m->dst2src_bulk_packets,
	    &m->dst2src_bulk_rate);
	m->subflows = f->subflows;
	if (f->subflows > 0) {
		m->src2dst_subflow_packets = (double)s->packets /
		    (double)f->subflows;
		m->src2dst_subflow_bytes = (double)s->payload_bytes /
		    (double)f->subflows;
		m->dst2src_subflow_packets = (double)d->packets /
		    (double)f->subflows;
		m->dst2src_subflow_bytes = (double)d->payload_bytes /
		    (double)f->subflows;
	}
	if (s->packets > 0)
		m->down_up_ratio = (double)d->packets / (double)s->packets;

	for (i = 0; i < f->nsplt; i++) {
		o->dir[i] = f->splt[i].dir;
		o->ps[i] = f->splt[i].ps;
		o->piat[i] = MS(f->splt[i].piat);
	}
	m->n_splt_direction = m->n_splt_ps = m->n_splt_piat_ms = f->nsplt;
	m->splt_direction = o->dir;
	m->splt_ps = o->ps;
	m->splt_piat_ms = o->piat;
}
