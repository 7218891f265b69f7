/* What the files of lib/label share: the alert and rule stores. */
#ifndef NC_LABEL_INTERNAL_H
#define NC_LABEL_INTERNAL_H

#include "filter/filter.h"
#include "label/label.h"

/* An alert, its endpoints in canonical order (the lower address and port
 * first) so that either direction of a record finds it. */
struct nc_alert {
	int64_t t0, t1;		/* flow start (or the alert) .. the alert, ns */
	uint8_t a[16], b[16];
	uint16_t pa, pb;
	uint8_t alen;		/* 0: no endpoints, only a community ID */
	uint8_t proto;		/* 0: unknown, matches any */
	uint8_t src;		/* 1 EVE, 2 fast.log: the precedence */
	uint8_t hascid;
	uint32_t sev;
	uint32_t label;
};

/* An index entry: sorted by key, then by the alert's end time. */
struct nc_aref {
	uint64_t key;
	int64_t t1;
	uint32_t i;
};

struct nc_rule {
	int64_t t0, t1;		/* [t0, t1) */
	int64_t maxend;		/* the latest t1 of this and every earlier rule */
	struct nc_filter *f;
	uint32_t label;
	unsigned line;
};

struct nc_labeler {
	enum nc_label_key key;
	int64_t tol;
	struct nc_alert *alerts;
	size_t nalerts, capalerts;
	struct nc_aref *bytuple, *bycid;
	size_t ntuple, ncid, captuple, capcid;
	int64_t maxspan;	/* the longest t1 - t0 of an alert */
	struct nc_rule *rules;
	size_t nrules, caprules;
	/* Interned label texts. */
	char **texts;
	size_t ntexts, captexts;
	uint32_t *slots;	/* open addressing: text id + 1, 0 empty */
	size_t nslots;
	struct nc_label_stats st;
	char why[320];		/* a message made for one line */
	/* Per type, what matching needs; filled on first use. */
	struct nc_view_fields *views[NC_TYPE_MAX + 1];
};

/* The fields of a record that matching reads. */
struct nc_view {
	int64_t r0, r1;
	const uint8_t *a, *b;
	size_t alen;
	uint16_t pa, pb;
	uint8_t proto;
	const char *cid;	/* NULL when the record has none */
};

/* 0 and *v filled, or -1 when m has no addresses to match by. */
int nc_view_read(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m, struct nc_view *v);
const struct nc_view_fields *nc_view_fields(struct nc_labeler *l,
    const struct nc_type *t);
int nc_view_labelable(const struct nc_view_fields *vf);

/* The canonical order and key of an address pair. */
uint64_t nc_alert_key(uint8_t *a, uint8_t *b, uint16_t *pa, uint16_t *pb,
    size_t alen);
uint64_t nc_cid_key(const char *cid, size_t n);
/* The id of text s[0, n), interned; -1 when out of memory. */
int64_t nc_label_intern(struct nc_labeler *l, const char *s, size_t n);
int nc_alert_add(struct nc_labeler *l, const struct nc_alert *a,
    const char *cid, size_t cidlen);

#endif
