/* The generic record walker: renders any message of the schema as CSV
 * columns, a JSON object or a one-line summary, and resolves dotted field
 * paths, all from protobuf-c descriptors.  No code here names a record type
 * except the small hint table in walk.c; a type added to the schema shows up
 * everywhere with no further code.
 *
 * Rendering conventions (also in nc-tocsv(1)):
 *
 *   ts          int64 ns since the epoch, and any int64 field whose name
 *               ends in "_ts", is a time: epoch seconds with 9 fraction
 *               digits (1258531221.486539000) or, with NC_TIME_ISO, RFC 3339
 *               UTC with nanoseconds (2009-11-18T08:00:21.486539000Z).
 *               Header.created is a time too, but 0 (not recorded) renders
 *               empty (JSON null).
 *   *_ip        bytes (singular or repeated): IPv4 or IPv6 text when 4 or
 *               16 bytes long, else hex.
 *   *_mac *_hw  bytes: aa:bb:cc:dd:ee:ff when 6 bytes long, else hex.
 *   flow        uint64: 16 lower-case hex digits.
 *   TCP.flags   letters in bit order from the lowest bit, one per set bit:
 *               F (FIN 0x001) S (SYN) R (RST) P (PSH) A (ACK) U (URG)
 *               E (ECE) C (CWR) N (NS 0x100); SYN+ACK is "SA", FIN+PSH+ACK
 *               "FPA", none "".  Bits above 0x100 follow as "+0x..." hex.
 *   text        strings, and bytes fields marked [text] in the schema
 *               (scripts/text-fields): nc_fmt_esc_str in CSV,
 *               nc_fmt_safe_str in summaries, JSON strings.
 *   other bytes hex in every sink, JSON too (what tcpdump and Zeek print).
 *   double      fixed point, at most 6 decimals, trailing zeros dropped
 *               (7.5, 0, 0.333333); nan/inf/-inf (JSON null).  No locale.
 *   bool        true / false.
 *   enum        the value's name, or its number when unknown.
 *   repeated    joined by ";" in CSV and summaries (a ";" in a text
 *               element of a CSV cell as \x3b), arrays in JSON.
 *   message     in a CSV or TSV cell, the JSON nc-tojson writes for the
 *               field (an object, or an array for a repeated one), which
 *               a reader parses back whatever it holds; nested values
 *               joined by ":" in field order in summaries (IPv4 options
 *               "7:11:0a0b0c"); an absent nested message is empty (JSON
 *               null).
 *   -f paths    through a repeated message: one ";"-joined slot per
 *               element, empty (TSV "-") where the value is absent, so
 *               paths through one repeated message line up.
 *   TSV         (nc_cols.tsv) TAB between cells, every cell escaped as
 *               text is, "-" for a value not there, "(empty)" for an
 *               empty one, a value that reads as either with its first
 *               byte as \xNN, as Zeek's logs write them.
 *   oneof       a field in a oneof renders only when it is the member set:
 *               empty in CSV, omitted in JSON and summaries otherwise.
 *               Every other proto3 scalar always renders, even when 0.
 *   names       a coded value with a name (names.c: DNS types, DHCP
 *               message types, ICMP types and codes, ARP operation, NTP
 *               mode ...) stays a number, and the name follows: a
 *               FIELD_name key in JSON (absent when no name is known), a
 *               FIELD_name column in CSV after FIELD's, "mode=3(client)"
 *               in summaries.  A -f or filter path may end in FIELD_name
 *               at any depth (answers.type_name), a string.  A flag set
 *               (LLDP capabilities) is named by its bits: "Bridge, Router".
 *               NTP's reference id and timestamps are read rather than
 *               named, as FIELD_text and FIELD_time (a time as ts), and
 *               summaries show them read instead of the number.
 *   hex         checksums, ethertypes, DHCP xid and the like are 0x....
 *               in summaries, numbers in CSV and JSON.
 *   IPv4.flags  in summaries as tcpdump: [DF], [+] (MF), [rsvd], [none]
 *               (shown even when 0); a number in CSV and JSON.
 *   JSON        {"type":"TCP",...}: the first key names the record type, so
 *               a record's own field called "type" (ICMP, IGMP, Dot1Q) is
 *               "type_" in every sink and path ("type" still resolves);
 *               nested objects keep their names.  Times are strings
 *               (nc-tojson defaults to NC_TIME_ISO), integers beyond 2^53
 *               strings of digits; an empty string or bytes field (no
 *               presence) is null, an unset oneof member or absent
 *               message has no key.
 *   once        a bytes field whose FIELD_ip, FIELD_mac or FIELD_text
 *               sibling is set is null in JSON (but beside text that is
 *               not UTF-8) and empty in nc_cols_all's CSV.
 */
#ifndef NC_WALK_H
#define NC_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "render.h"

/* --- field paths (for -f and the filter language) --------------------- */

#define NC_PATH_MAX 8

/* A resolved dotted path: field[i] is a field of msg[i]; every field but
 * the last is a message field (singular or repeated). */
struct nc_path {
	int depth;
	const ProtobufCMessageDescriptor *msg[NC_PATH_MAX];
	const ProtobufCFieldDescriptor *field[NC_PATH_MAX];
	/* Set for a path ending in FIELD_name: the name of the last
	 * field's coded value (names.h) rather than its number. */
	const struct nc_names *names;
};

/* Resolves "options.type" from desc, matching names case-insensitively.
 * 0 on success; -1 when a name is unknown, steps through a field that is
 * not a message, or the path is empty or too deep (*bad then points at the
 * offending component, whose length is in *badlen). */
int nc_walk_path(const ProtobufCMessageDescriptor *desc, const char *path,
    struct nc_path *p, const char **bad, size_t *badlen);

/* Writes the canonical "a.b" spelling of a resolved path. */
void nc_walk_path_name(const struct nc_path *p, struct nc_buf *b);

enum nc_value_kind {
	NC_V_INT,		/* i: int32, sint32, sfixed32, 64-bit forms */
	NC_V_UINT,		/* u: uint32, fixed32, uint64, fixed64 */
	NC_V_DOUBLE,		/* d: double, float */
	NC_V_BOOL,		/* u: 0 or 1 */
	NC_V_ENUM,		/* i: the number */
	NC_V_STRING,		/* data, len (NUL-terminated) */
	NC_V_BYTES,		/* data, len */
	NC_V_MESSAGE,		/* data: the ProtobufCMessage (may be NULL) */
};

/* The kind of value field fd holds (NC_V_MESSAGE for a message). */
int nc_walk_field_kind(const ProtobufCFieldDescriptor *fd);

/* One value reached by a path: a singular field, or one element of a
 * repeated one. */
struct nc_value {
	const ProtobufCMessageDescriptor *msg;	/* the message holding it */
	const ProtobufCFieldDescriptor *field;
	int kind;
	int64_t i;
	uint64_t u;
	double d;
	const void *data;
	size_t len;
};

typedef int (*nc_value_fn)(const struct nc_value *v, void *arg);

/* Calls fn on every value at the end of p in m, in order: one for a
 * singular field, one per element of a repeated field, for every element of
 * each repeated message on the way; none for an unset oneof member or an
 * absent message.  Stops at the first non-zero return of fn and returns it;
 * else 0. */
int nc_walk_path_each(const ProtobufCMessage *m, const struct nc_path *p,
    nc_value_fn fn, void *arg);

/* Appends the text of the values at p joined by ";" as a CSV column shows
 * it; returns how many there were. */
size_t nc_walk_path_text(const ProtobufCMessage *m, const struct nc_path *p,
    int tfmt, struct nc_buf *b);

/* Appends the text of one value as CSV shows it. */
void nc_walk_value_text(const struct nc_value *v, int tfmt, struct nc_buf *b);
/* Bytes one element of repeated field f takes in protobuf-c's array (the
 * reader's memory budget counts with it too). */
size_t nc_walk_elem_size(const ProtobufCFieldDescriptor *f);

/* The value as a number: integers, enums, bools and doubles (a time is its
 * ns count, flow and flags their raw numbers).  -1 for strings, bytes and
 * messages. */
int nc_walk_value_num(const struct nc_value *v, double *d);

/* --- whole records ----------------------------------------------------- */

/* CSV columns: a list of paths, by default one per top-level field. */
struct nc_cols {
	size_t n;
	struct nc_path *path;
	int tsv;		/* TAB-separated, as Zeek's logs (see below) */
	/* Every field (nc_cols_all): a raw copy of bytes that another
	 * column holds decoded is left empty, so each value shows once.
	 * Paths a user names show what they name. */
	int once;
};

/* All top-level fields of desc in schema order, each field with named
 * values followed by its FIELD_name column. */
void nc_cols_all(const ProtobufCMessageDescriptor *desc, struct nc_cols *c);
/* The comma-separated paths of list; FIELD_name names the value of a
 * top-level field that has names.  -1 on an unknown one, with *bad and
 * *badlen pointing at it in list. */
int nc_cols_parse(const ProtobufCMessageDescriptor *desc, const char *list,
    struct nc_cols *c, const char **bad, size_t *badlen);
void nc_cols_free(struct nc_cols *c);

/* The header row and a record row, each with its "\n".  Fields that need
 * it are quoted by libcsv (RFC 4180); others are written bare. */
void nc_walk_csv_header(const struct nc_cols *c, struct nc_buf *b);
/* The header lines of a TSV table, as Zeek's ASCII logs start
 * (#separator, #set_separator, #empty_field, #unset_field, #path,
 * #fields, #types), so zeek-cut reads it: path is the record type. */
void nc_walk_tsv_header(const struct nc_cols *c, const char *path,
    struct nc_buf *b);
void nc_walk_csv(const ProtobufCMessage *m, const struct nc_cols *c,
    int tfmt, struct nc_buf *b);

/* {"type":"TCP","ts":...} and "\n": fields in schema order, see above. */
void nc_walk_json(const ProtobufCMessage *m, const char *type, int tfmt,
    struct nc_buf *b);

/* The nc-dump line with its "\n", the fields a summary hint names
 * (hints.h) for types that have one, else as nc_walk_summary_all. */
void nc_walk_summary(const ProtobufCMessage *m, const char *type, int tfmt,
    struct nc_buf *b);

/* The nc-dump -v line with its "\n":
 *	TIME PACKET TYPE [SRC > DST] name=value ...
 * TIME and PACKET are "-" for types without ts or packet fields; a Header
 * is "HEADER name=value ...".  SRC and DST are src_ip/dst_ip (with
 * :src_port/:dst_port when the type has ports; IPv6 as [addr]:port), else
 * src_mac/dst_mac.  Then every other field except ts, packet and flow that
 * is not zero, false or empty (a set oneof member shows even when 0),
 * strings made safe for a terminal and quoted when they hold spaces, bytes
 * over 32 shown as their first 32 in hex and "...". */
void nc_walk_summary_all(const ProtobufCMessage *m, const char *type,
    int tfmt, struct nc_buf *b);

/* The top-level field names of desc, comma-separated (for messages). */
void nc_walk_field_names(const ProtobufCMessageDescriptor *desc,
    struct nc_buf *b);

#endif
