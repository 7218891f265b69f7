/* The records a decoder emits, kept for the decoder unit tests to look
 * at.  collect() packs each record and unpacks it again, so that a test
 * sees what a reader of the stream would, not the decoder's own structs:
 * a field the decoder set but the packing drops fails the test.
 * static inline, so a test file that uses only some of these gets no
 * unused-function warnings. */
#ifndef NC_TEST_RECS_H
#define NC_TEST_RECS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <protobuf-c/protobuf-c.h>

/* Enough for the busiest test; more aborts rather than lose records. */
#define MAXREC 4096

static struct {
	int type;
	ProtobufCMessage *m;
} rec[MAXREC];
static int nrec;
static int stop_at = -1;	/* emit returns non-zero for this record */

/* The emit callback to give nc_decoder_init(). */
static inline int
collect(void *ctx, int type, const ProtobufCMessage *msg)
{
	static uint8_t buf[1 << 20];
	size_t n = protobuf_c_message_get_packed_size(msg);

	(void)ctx;
	if (nrec == MAXREC || n > sizeof buf)
		abort();
	if (protobuf_c_message_pack(msg, buf) != n)
		abort();
	rec[nrec].type = type;
	rec[nrec].m = protobuf_c_message_unpack(msg->descriptor, NULL, n, buf);
	if (rec[nrec].m == NULL)
		abort();
	nrec++;
	return nrec - 1 == stop_at ? 42 : 0;
}

static inline void
clear(void)
{
	int i;

	for (i = 0; i < nrec; i++)
		protobuf_c_message_free_unpacked(rec[i].m, NULL);
	nrec = 0;
}

/* The nth record of this type, or NULL. */
static inline void *
get(int type, int nth)
{
	int i;

	for (i = 0; i < nrec; i++)
		if (rec[i].type == type && nth-- == 0)
			return rec[i].m;
	return NULL;
}

static inline int
count(int type)
{
	int i, n = 0;

	for (i = 0; i < nrec; i++)
		n += rec[i].type == type;
	return n;
}

/* The record types in emission order, "Ethernet,IPv4,TCP". */
static inline const char *
order(void)
{
	static char s[4096];
	int i;

	s[0] = '\0';
	for (i = 0; i < nrec && strlen(s) < sizeof s - 64; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, rec[i].m->descriptor->short_name);
	}
	return s;
}

static inline int
order_is(const char *want)
{
	if (strcmp(order(), want) == 0)
		return 1;
	printf("# records: %s\n#    want: %s\n", order(), want);
	return 0;
}

static inline int
bin_is(ProtobufCBinaryData b, const void *want, size_t n)
{
	return b.len == n && (n == 0 || memcmp(b.data, want, n) == 0);
}

#endif
