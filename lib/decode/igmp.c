/* Internet Group Management Protocol: version 1 (RFC 1112 appendix I),
 * 2 (RFC 2236) and 3 (RFC 3376).
 *
 *	+---------------+---------------+-------------------------------+
 *	|     type      | max resp code |           checksum            |
 *	|                         group address                         |
 *	+---------------------------------------------------------------+
 *	v3 query:  S/QRV(1) QQIC(1) number of sources(2) sources(4 each)
 *	v3 report: type(1) reserved(1) checksum(2) reserved(2)
 *	           number of group records(2), then group records:
 *	           type(1) aux len(1) sources(2) group(4) sources aux data
 *
 * The version of a query follows RFC 3376 section 7.1: 8 bytes long with
 * a zero max resp code is v1, 8 bytes otherwise v2, 12 bytes or more v3;
 * other lengths are invalid.  The length is the IP payload length.
 *
 * Only v2 messages and v3 queries have a max response time: in v1 the
 * byte is unused, in a v3 report reserved, and in other types (DVMRP,
 * mtrace) something else, so the record leaves it unset there rather
 * than claim a time of 0.
 *
 * The sources of a v3 report's group records are one flat list, split by
 * each record's number of sources.  The lists are too large for the stack
 * and live in the decoder's scratch space: IGMP decodes nothing nested
 * and emits before it returns, so nothing else holds them meanwhile. */
#include "decode/internal.h"

enum {
	IGMP_HDR = 8,
	IGMP_V3_QUERY_HDR = 12,
	IGMP_QUERY = 0x11,
	IGMP_V1_REPORT = 0x12,
	IGMP_V2_REPORT = 0x16,
	IGMP_V2_LEAVE = 0x17,
	IGMP_V3_REPORT = 0x22,
};

/* RFC 3376 4.1.1: codes from 128 up are a floating point value,
 * 0x10 | mant shifted left by exp + 3; both kinds count 1/10 s. */
static uint32_t
max_resp(uint8_t code)
{
	if (code < 128)
		return code;
	return (uint32_t)((code & 0x0f) | 0x10) << (((code >> 4) & 7) + 3);
}

static void
set_max_resp(Netcap__IGMP *g, uint32_t t)
{
	NC_DEC_SET(g, IGMP, max_resp_time, MAX_RESP_TIME, t);
}

static void
v3_records(struct nc_pkt *k, Netcap__IGMP *g, struct nc_cur *c,
    struct nc_issue *is)
{
	struct nc_decode_scratch *s = k->d->s;
	uint32_t i;

	g->groups_ip = s->groups;
	g->record_types = s->group_types;
	g->record_num_sources = s->group_nsrc;
	g->record_aux_lens = s->group_aux;
	g->sources_ip = s->sources;
	for (i = 0; i < g->num_records; i++) {
		struct nc_cur at = *c;
		uint8_t type, aux;
		uint16_t nsrc, j;
		const uint8_t *grp;
		struct nc_cur src;

		if (i == NC_MAX_GROUPS) {
			nc_dec_issue(is, "IGMP", &at, "too many group records");
			return;
		}
		type = nc_cur_u8(c);
		aux = nc_cur_u8(c);
		nsrc = nc_cur_be16(c);
		grp = nc_cur_bytes(c, 4);
		src = nc_cur_sub(c, (size_t)nsrc * 4);
		nc_cur_skip(c, (size_t)aux * 4);
		if (c->err) {
			nc_dec_issue(is, "IGMP", &at, "truncated group record "
			    "%u of %u", i + 1, g->num_records);
			return;
		}
		if (g->n_sources_ip + nsrc > NC_MAX_SOURCES) {
			nc_dec_issue(is, "IGMP", &at, "too many sources");
			return;
		}
		s->group_types[i] = type;
		s->groups[i].data = (uint8_t *)grp;
		s->groups[i].len = 4;
		s->group_nsrc[i] = nsrc;
		s->group_aux[i] = aux;
		for (j = 0; j < nsrc; j++) {
			s->sources[g->n_sources_ip].data =
			    (uint8_t *)nc_cur_bytes(&src, 4);
			s->sources[g->n_sources_ip++].len = 4;
		}
		g->n_groups_ip = g->n_record_types = i + 1;
		g->n_record_num_sources = g->n_record_aux_lens = i + 1;
	}
}

/* A v3 query's source addresses. */
static void
v3_sources(struct nc_pkt *k, Netcap__IGMP *g, struct nc_cur *c,
    struct nc_issue *is)
{
	struct nc_decode_scratch *s = k->d->s;
	uint32_t i;

	g->sources_ip = s->sources;
	for (i = 0; i < g->num_sources; i++) {
		struct nc_cur at = *c;
		const uint8_t *a;

		if (i == NC_MAX_SOURCES) {
			nc_dec_issue(is, "IGMP", &at, "too many sources");
			return;
		}
		a = nc_cur_bytes(c, 4);
		if (a == NULL) {
			nc_dec_issue(is, "IGMP", &at, "truncated source %u of "
			    "%u", i + 1, g->num_sources);
			return;
		}
		s->sources[i].data = (uint8_t *)a;
		s->sources[i].len = 4;
		g->n_sources_ip = i + 1;
	}
}

void
nc_dec_igmp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__IGMP g = NETCAP__IGMP__INIT;
	struct nc_cur start = *c, word;
	struct nc_issue is = { 0 };
	const uint8_t *group;
	uint8_t code;

	g.type = nc_cur_u8(c);
	code = nc_cur_u8(c);
	g.checksum = nc_cur_be16(c);
	word = nc_cur_sub(c, 4);
	group = word.p;
	if (c->err) {
		nc_dec_truncated(k, "IGMP", &start, IGMP_HDR);
		return;
	}
	switch (g.type) {
	case IGMP_QUERY:
		if (ip->declared == IGMP_HDR) {
			g.version = code == 0 ? 1 : 2;
			if (g.version == 2)
				set_max_resp(&g, code);
		} else if (ip->declared >= IGMP_V3_QUERY_HDR) {
			g.version = 3;
			set_max_resp(&g, max_resp(code));
			nc_cur_skip(c, 2);
			g.num_sources = nc_cur_be16(c);
			if (c->err) {
				nc_dec_truncated(k, "IGMP", &start,
				    IGMP_V3_QUERY_HDR);
				return;
			}
			v3_sources(k, &g, c, &is);
		} else {
			nc_dec_undecoded(k, "IGMP", &start, "bad query length "
			    "%zu", ip->declared);
			return;
		}
		break;
	case IGMP_V1_REPORT:
		g.version = 1;
		break;
	case IGMP_V2_REPORT:
	case IGMP_V2_LEAVE:
		/* RFC 2236 2.2: zero when sent and ignored, but still the
		 * field of the v2 header. */
		g.version = 2;
		set_max_resp(&g, code);
		break;
	case IGMP_V3_REPORT:
		g.version = 3;
		/* The group address word holds reserved(2) count(2). */
		nc_cur_skip(&word, 2);
		g.num_records = nc_cur_be16(&word);
		group = NULL;
		v3_records(k, &g, c, &is);
		break;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_IGMP)) {
		NC_DEC_IP_FLOW(&g, k, ip, 0, 0, 2);
		if (group != NULL) {
			g.group_ip.data = (uint8_t *)group;
			g.group_ip.len = 4;
		}
		nc_dec_emit(k, NETCAP__RECORD__RECORD_IGMP, &g.base);
	}
	nc_dec_flush_issue(k, &is);
}
