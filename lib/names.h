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
 * set the value is a set of flags and the table names single bits (LLDP
 * capabilities): the name is the set bits' names joined by ", ". */
struct nc_names {
	const char *msg, *field, *by;
	const struct nc_name *v;
	unsigned n;
	int bits;
};

/* Room for the longest name nc_names_text writes. */
#define NC_NAMES_BUF 256

/* The table for field of message msg (protobuf short names), or NULL. */
const struct nc_names *nc_names_for(const char *msg, const char *field);
/* The name of value (by: the keying field's value), or NULL. */
const char *nc_names_get(const struct nc_names *t, uint32_t value,
    uint32_t by);
/* The same for any table: a flag set's names are written into buf, bits
 * without a name as one 0x... for all of them; NULL when no bit is set. */
const char *nc_names_text(const struct nc_names *t, uint32_t value,
    uint32_t by, char buf[NC_NAMES_BUF]);

/* Fields shown in hex by nc-dump: identifiers and checksums, which are
 * read as hex in packet listings and specifications (tcpdump, RFCs). */
int nc_names_hex(const char *msg, const char *field);

#endif
