/* FTP data connections (RFC 959 3.2): the connections an FTP control
 * connection announced (expect.h) carry one file, or a listing, in one
 * direction, ended by the end of the connection (stream mode, RFC 959
 * 3.4.1).  Its bytes become a File record named by the control
 * connection's RETR, STOR, STOU or APPE and linked to that connection's
 * flow; it is truncated when a gap cut it or its sender's FIN was not
 * seen.  Nothing in the bytes is parsed. */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>

#include "files/files.h"
#include "netcap.pb-c.h"
#include "tcpapp/expect.h"

struct ftpdata {
	struct nc_file *file;		/* from the first byte on */
	int dir;			/* the direction that sends it */
	uint8_t gap;			/* bytes of it were never seen */
	uint64_t ctrl;			/* the control connection's flow */
};

static enum nc_probe
ftpdata_probe(int dir, const uint8_t *p, size_t n)
{
	(void)dir;
	(void)p;
	(void)n;
	return NC_PROBE_NO;
}

static void *
ftpdata_open(const struct nc_tcpapp_ctx *c)
{
	(void)c;
	return calloc(1, sizeof(struct ftpdata));
}

static int
ftpdata_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct ftpdata *d = s;
	const uint8_t *name = NULL;
	size_t nn = 0;

	/* No file sink: nothing to do with the bytes. */
	if (c->opts == NULL || c->opts->files == NULL)
		return NC_TCPAPP_DONE;
	if (d->file == NULL) {
		/* Named now rather than at the start: in passive mode the
		 * client connects before it sends RETR. */
		if (c->expect != NULL && nc_expect_get(c->expect,
		    c->expected, &d->ctrl, &name, &nn) < 0)
			name = NULL;
		if ((d->file = nc_file_begin_path(c->opts->files, "ftp-data",
		    name, nn)) == NULL)
			return -1;
		d->dir = dir;
	}
	if (dir != d->dir) {
		/* A transfer goes one way; bytes the other way are not
		 * part of it. */
		c->stats->malformed++;
		return NC_TCPAPP_MORE;
	}
	nc_file_data(d->file, p, n);
	return NC_TCPAPP_MORE;
}

static int
ftpdata_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct ftpdata *d = s;

	(void)n;
	(void)c;
	/* A gap before the first byte leaves the file's direction unknown:
	 * whatever comes then is cut anyway. */
	if (d->file == NULL || dir == d->dir)
		d->gap = 1;
	return NC_TCPAPP_MORE;
}

static int
ftpdata_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct ftpdata *d = s;
	Netcap__File m = NETCAP__FILE__INIT;
	int rc = 0;

	if (d->file != NULL) {
		/* In stream mode the sender's FIN ends the file (RFC 959
		 * 3.4.1): without it, more may have followed. */
		nc_file_end(d->file, d->gap || !c->fin[d->dir], &m);
		m.ts = c->ts;
		m.packet = c->packet;
		NC_TCPAPP_ENDS(m, c->conn, d->dir);
		m.direction = d->dir == NC_TCPAPP_ORIG ? "client" : "server";
		m.link_flow = d->ctrl;
		if ((rc = c->put(c->arg, NETCAP__RECORD__RECORD_FILE,
		    &m.base)) == 0)
			c->stats->records++;
		nc_file_free(d->file);
	}
	free(d);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_ftpdata = {
	.name = "ftp-data",
	.probe = ftpdata_probe,
	.open = ftpdata_open,
	.data = ftpdata_data,
	.gap = ftpdata_gap,
	.close = ftpdata_close,
};
