/* Keeping the records a filter selects, as nc-filter does, on the record
 * loop of transform.h: frames are written byte for byte as they came;
 * Header records always pass; invert keeps what does not match; bypacket
 * keeps every record of a packet when any of its records is kept by the
 * expression.
 *
 * The layers of one packet are consecutive in a stream and share their
 * packet number (ncap(5)); a packet ends where the number changes, at a
 * record without one, and at a Header.  Its frames are held, in memory
 * that is reused for the next packet, until that end; the records of a
 * packet larger than NC_SELECT_HOLD_MAX (which no capture gives, only a
 * forged stream) are judged in parts of that size. */
#ifndef NC_FILTER_SELECT_H
#define NC_FILTER_SELECT_H

#include <stdint.h>

#include "filter/filter.h"
#include "stream.h"
#include "transform.h"

/* The most the frames of one packet are held in (see nc_select_init). */
#define NC_SELECT_HOLD_MAX (64u << 20)

struct nc_select {
	const struct nc_filter *filter;
	int invert;
	int bypacket;
	/* NULL, or the only types that may be written (-t, -x): the others
	 * are dropped before the expression sees them. */
	const struct nc_typeset *only;
	uint64_t kept;			/* records written (not Headers) */

	/* Private. */
	uint32_t packet_field[NC_TYPE_MAX + 1];	/* 0: the type has none */
	uint64_t packet;		/* of the held frames, 0: none held */
	int any;			/* a held frame matched */
	uint8_t *held;			/* the held frames: length, bytes */
	size_t len, cap;
	size_t nheld;
};

/* Sets up s (filter, invert and bypacket set by the caller) and x's types
 * and callbacks; x->out is the output, or NULL to only count.  x->arg is
 * s. */
void nc_select_init(struct nc_select *s, struct nc_transform *x);
/* After nc_transform_run stopped on damaged input: writes what a packet
 * held so far would give, as the end of input does.  -1 with errno when
 * a write failed. */
int nc_select_finish(struct nc_transform *x);
void nc_select_free(struct nc_select *s);

/* The varint field number fieldnum at the top level of a serialized
 * message, read without unpacking it; 0 when absent or unreadable. */
uint64_t nc_select_peek_uint(const uint8_t *body, size_t len,
    uint32_t fieldnum);

#endif
