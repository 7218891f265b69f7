/* Reading a few fields of a flat record straight from its frame, for a
 * transform that looks at many records and keeps little of each: cheaper
 * than unpacking every field (unpack.c) when only a handful matter.
 *
 * A flat record is what nc-decode writes for link, IP and transport
 * layers: scalars and bytes, field numbers below NC_SCAN_FIELDS.  Fields
 * at or above it, and nested or repeated ones, are stepped over. */
#ifndef NC_SCAN_H
#define NC_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define NC_SCAN_FIELDS	128

/* What a field number holds: kind[f] is 0 when absent, else one of
 * these.  A byte per field, cleared for each record, costs fewer
 * instructions per field than bit masks. */
enum { NC_SCAN_SCALAR = 1, NC_SCAN_BYTES = 2 };

struct nc_scan {
	/* Indexed by field number.  Slot 0 takes the fields stepped over
	 * (protobuf has no field 0), so the scan stores every field
	 * without a test. */
	uint8_t kind[NC_SCAN_FIELDS];
	uint64_t v[NC_SCAN_FIELDS];		/* varint, fixed32, fixed64 */
	const uint8_t *b[NC_SCAN_FIELDS];	/* length-delimited */
	uint32_t blen[NC_SCAN_FIELDS];
};

/* Reads the record in frame bytes p[0, n) (the serialized Record: its
 * oneof tag, length and message) into s.  Returns 0, or -1 when the bytes
 * are not a well-formed record (s then holds what came before). */
int nc_scan_record(struct nc_scan *s, const uint8_t *p, size_t n);

static inline int
nc_scan_has(const struct nc_scan *s, unsigned f)
{
	return f - 1 < NC_SCAN_FIELDS - 1 && s->kind[f] != 0;
}

static inline int
nc_scan_isbytes(const struct nc_scan *s, unsigned f)
{
	return f - 1 < NC_SCAN_FIELDS - 1 && s->kind[f] == NC_SCAN_BYTES;
}

/* The value of scalar field f, 0 when absent (as proto3 reads it) or
 * when the record holds bytes there. */
static inline uint64_t
nc_scan_u(const struct nc_scan *s, unsigned f)
{
	return f - 1 < NC_SCAN_FIELDS - 1 && s->kind[f] == NC_SCAN_SCALAR ?
	    s->v[f] : 0;
}

/* The bytes of field f and their length; NULL and 0 when absent or when
 * the record holds a scalar there. */
static inline const uint8_t *
nc_scan_bytes(const struct nc_scan *s, unsigned f, size_t *len)
{
	if (!nc_scan_isbytes(s, f)) {
		*len = 0;
		return NULL;
	}
	*len = s->blen[f];
	return s->b[f];
}

#endif
