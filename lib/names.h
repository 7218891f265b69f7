/* Names for coded values: DNS types, DHCP message types, ICMP types and
 * codes and the like, which the schema keeps as numbers.  The walker
 * shows a name beside its number (JSON "mode":3,"mode_name":"client";
 * CSV a mode_name column; nc-dump mode=3(client)); see walk.h. */
#ifndef NC_NAMES_H
#define NC_NAMES_H

#include <stdint.h>

struct nc_name {
	uint32_t value;
	const char *name;
};

/* The names of one field.  When by is set, a value's name depends on the
 * field of that name in the same message (ICMP codes on the type): the
 * table is keyed by that field's value << 16 | the value.  When bits is
 * kind is NC_NAMES_BITS the value is a set of flags and the table names
 * single bits (LLDP capabilities): the name is the set bits' names joined
 * by ", ". */
struct nc_names {
	const char *msg, *field, *by;
	const struct nc_name *v;
	unsigned n;
	int kind;		/* enum nc_names_kind */
};

enum nc_names_kind {
	NC_NAMES_VALUES,	/* a name per value, from v */
	NC_NAMES_BITS,		/* a name per bit, from v */
	/* Read rather than named, and shown instead of the number in
	 * summaries (see nc_names_suffix): */
	NC_NAMES_REFID,		/* NTP reference id, by the stratum */
	NC_NAMES_NTPTIME,	/* NTP 64-bit timestamp */
};

/* The key or column after the field's name: "_name", or for what is
 * read rather than named "_text" and "_time". */
const char *nc_names_suffix(const struct nc_names *t);

/* Room for the longest name nc_names_text writes. */
#define NC_NAMES_BUF 256

/* The table for field of message msg (protobuf short names), or NULL. */
const struct nc_names *nc_names_for(const char *msg, const char *field);
/* The name of value (by: the keying field's value), or NULL. */
const char *nc_names_get(const struct nc_names *t, uint32_t value,
    uint32_t by);
/* The same for any table: a flag set's names are written into buf, bits
 * without a name as one 0x... for all of them, NULL when no bit is set;
 * an NTP reference id as four characters for stratum (by) 0 or 1, NULL
 * when they are not printable ASCII or all NUL, else as an IPv4 address.
 * Not for NC_NAMES_NTPTIME, see nc_names_ntp_ns. */
const char *nc_names_text(const struct nc_names *t, uint64_t value,
    uint32_t by, char buf[NC_NAMES_BUF]);

/* An NTP timestamp (32.32 seconds) as ns since the Unix epoch, into *ns:
 * -1 for 0, which means unset.  RFC 4330 section 3: a value whose top bit
 * is clear is in era 1, from 2036-02-07T06:28:16Z. */
int nc_names_ntp_ns(uint64_t v, int64_t *ns);

/* Fields shown in hex by nc-dump: identifiers and checksums, which are
 * read as hex in packet listings and specifications (tcpdump, RFCs). */
int nc_names_hex(const char *msg, const char *field);

#endif
