/* What the stream parser tests share: a connection, a context whose put()
 * keeps a copy of the records written, and calls that feed a parser. */
#ifndef NC_TEST_TCPAPP_H
#define NC_TEST_TCPAPP_H

#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/tcpapp.h"

#define MAXREC 16

/* Each record packed, so that the copy outlives the parser's buffers. */
static struct {
	int type;
	uint8_t *buf;
	size_t len;
} R[MAXREC];
static int NR;

static int
keep(void *arg, int type, const ProtobufCMessage *m)
{
	(void)arg;
	if (NR == MAXREC)
		return -1;
	R[NR].type = type;
	R[NR].len = protobuf_c_message_get_packed_size(m);
	R[NR].buf = malloc(R[NR].len + 1);
	protobuf_c_message_pack(m, R[NR].buf);
	NR++;
	return 0;
}

static void
forget(void)
{
	while (NR > 0)
		free(R[--NR].buf);
}

static struct nc_tcpapp_conn CONN = {
	.flow = 0x1234, .alen = 4,
	.ip = { { 192, 0, 2, 1 }, { 192, 0, 2, 2 } },
	.port = { 40000, 22 },
};
static struct nc_tcpapp_stats STATS;
static struct nc_tcpapp_opts OPTS;
static struct nc_tcpapp_ctx CTX = {
	.conn = &CONN, .ts = 1, .packet = 1, .put = keep, .stats = &STATS,
	.opts = &OPTS,
};

/* The bytes of dir in calls of at most step bytes; the last answer. */
static int
feed(const struct nc_tcpapp *a, void *s, int dir, const void *p, size_t n,
    size_t step)
{
	const uint8_t *b = p;
	size_t i, k;
	int rc = NC_TCPAPP_MORE;

	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		CTX.packet++;
		rc = a->data(s, dir, b + i, k, &CTX);
		if (rc < 0)
			return rc;
	}
	return rc;
}

#endif
