/* Finding the conversation of a packet (connflow.h). */
#include "flow/connflow.h"

struct nc_flow *
nc_connflow_get(struct nc_flow_table *t, uint64_t id,
    const struct nc_conn_pkt *p, int *isnew)
{
	struct nc_flow_key k;
	struct nc_flow *f;
	struct nc_conn *c;
	int dir;

	nc_flow_key_make(&k, p->src, p->dst, p->alen, p->sport, p->dport,
	    p->proto, &dir);
	if ((f = nc_flow_get(t, id, &k, p->ts, isnew)) == NULL)
		return NULL;
	c = nc_flow_data(f);
	if (!*isnew && (nc_conn_attempt_over(c, p->ts) ||
	    nc_conn_reuse(c, p))) {
		nc_flow_close_at(t, f, p->ts);
		nc_flow_advance(t, p->ts);
		f = nc_flow_get(t, id, &k, p->ts, isnew);
	}
	return f;
}
