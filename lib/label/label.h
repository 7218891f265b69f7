/* Ground truth for records: Suricata alerts (EVE JSON and fast.log) and
 * attack schedules, held in indexes and matched against each record that
 * has endpoints, for nc-label.  The matching rules and the precedence
 * between sources are in nc-label(1).
 *
 * Alerts are indexed by a hash of their endpoints (either direction) and
 * sorted by time within it, and by community ID; schedule rules by time
 * window.  A record costs a binary search per index plus the alerts and
 * rules that overlap it, never a scan of a whole source. */
#ifndef NC_LABEL_H
#define NC_LABEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

#include "registry.h"

/* What an alert's label is. */
enum nc_label_key {
	NC_LABEL_SIGNATURE,
	NC_LABEL_CATEGORY,
	NC_LABEL_SEVERITY,
};

#define NC_LABEL_TEXT_MAX	1024	/* bytes of one label kept */
#define NC_LABEL_PER_RECORD	64	/* distinct labels given one record */
#define NC_LABEL_LINE_MAX	(1 << 20) /* one line of a source file */

struct nc_labeler;

struct nc_label_stats {
	uint64_t alerts;	/* alerts indexed */
	uint64_t ignored;	/* EVE events that are not alerts */
	uint64_t rules;
	uint64_t cut;		/* records with more than NC_LABEL_PER_RECORD labels */
};

/* NULL when out of memory.  tol_ns widens every alert's time span both
 * ways when it is matched. */
struct nc_labeler *nc_labeler_new(enum nc_label_key key, int64_t tol_ns);
void nc_labeler_free(struct nc_labeler *l);

/* One line of a source (without its newline).  Return 0 when the line
 * was taken or was one to pass over (a blank line, a comment, an EVE
 * event that is not an alert), -1 with *why set when it is malformed, or
 * -2 when out of memory. */
int nc_labeler_eve_line(struct nc_labeler *l, const char *s, size_t n,
    const char **why);
int nc_labeler_fast_line(struct nc_labeler *l, const char *s, size_t n,
    const char **why);
/* line numbers the rule for precedence and messages. */
int nc_labeler_rule_line(struct nc_labeler *l, const char *s, size_t n,
    unsigned line, const char **why);

/* Reads a whole source file: 0, or -1 with err holding "name:line: why"
 * (or what failed reading it). */
enum nc_label_source { NC_LABEL_EVE, NC_LABEL_FAST, NC_LABEL_RULES };
int nc_labeler_read(struct nc_labeler *l, enum nc_label_source src,
    FILE *fp, const char *name, char *err, size_t errlen);

/* Builds the indexes: after the last source, before the first match. */
void nc_labeler_ready(struct nc_labeler *l);

/* 1 when records of type t can be labelled: their message has label,
 * labels, ts and an address pair. */
int nc_labeler_labelable(struct nc_labeler *l, const struct nc_type *t);

/* 1 when record m carries a label or labels already. */
int nc_labeler_has_labels(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m);

/* The labels of record m, best first, into out[0, NC_LABEL_PER_RECORD);
 * returns how many (0: nothing matched).  The strings live as long as l. */
size_t nc_labeler_match(struct nc_labeler *l, const struct nc_type *t,
    const ProtobufCMessage *m, const char **out);

const struct nc_label_stats *nc_labeler_stats(const struct nc_labeler *l);

/* The serialized Record rec[0, n) of type, with label and labels[0, nl)
 * appended to its member message's bytes (a parser merges fields appended
 * to an encoded message, so the rest stays byte for byte), into out
 * (emptied first).  Returns 0, or -1 when rec is not one Record member. */
struct nc_buf;
int nc_label_append(const uint8_t *rec, size_t n, int type,
    const char *label, const char *const *labels, size_t nl,
    struct nc_buf *out);

/* The same for a record that has labels already: they are replaced, so
 * the record is packed again and framed onto w.  Returns like
 * nc_writer_put, or -1 when m has no label fields. */
struct nc_writer;
int nc_label_repack(struct nc_writer *w, int type, const ProtobufCMessage *m,
    const char *label, const char *const *labels, size_t nl);

#endif
