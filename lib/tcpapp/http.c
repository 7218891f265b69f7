/* HTTP/1.x (RFC 9112) parsed by libhtp, the parser Suricata uses: one
 * HTTP record per request and its response, and a File record per body
 * (files/files.h) after chunked and gzip/deflate decoding.
 *
 * libhtp pairs pipelined requests with responses in order, skips a
 * 100 Continue before the final response, and decodes bodies; it keeps
 * header lines under its field limit and at most HDR_LIMIT headers a
 * message.  What stays bounded here: transactions waiting for their
 * response (TX_MAX), bytes of one direction waiting while libhtp needs
 * the other's first (PEND_MAX), and decoded bytes of one body (the
 * opts' body_max): past it a body is no longer decompressed, hashed or
 * counted, and its record says so.
 *
 * A gap ends the parse: libhtp cannot resynchronise inside a message, and
 * pairing requests with responses after a gap would be guesswork. */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include <htp/htp.h>

#include "decode/cursor.h"
#include "tcpapp/creds.h"
#include "files/files.h"
#include "netcap.pb-c.h"

#define BODY_MAX	(32ULL << 20)	/* default decoded bytes of a body */
#define TX_MAX		256		/* requests waiting for responses */
#define PEND_MAX	(64 * 1024)
#define HDR_LIMIT	512		/* headers libhtp parses per message */
#define HDR_KEEP	256		/* headers a record keeps per message */

/* One request and its response. */
struct htx {
	int64_t ts;			/* the request's first packet */
	uint64_t packet;
	uint32_t depth;
	uint8_t capped[2];		/* by direction */
	uint64_t body[2];		/* decoded bytes counted */
	struct nc_file *file[2];
};

struct http {
	htp_connp_t *cp;
	const struct nc_tcpapp_ctx *c;	/* of the call under way */
	uint32_t depth, open;		/* requests seen, not yet written */
	uint8_t dead, failed;
	size_t npend[2];
	uint8_t *pend[2];
};

static const char *const methods[] = { "GET", "POST", "HEAD", "PUT",
	"DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "PROPFIND",
	"PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
	"REPORT", "SUBSCRIBE", "NOTIFY", "MKCALENDAR", "ACL" };

/* A request line starts with a method and SP; a server that speaks first
 * (a response to nothing) starts with "HTTP/". */
static enum nc_probe
http_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_cur c;
	size_t i, k, len;
	int more = 0;

	if (dir == NC_TCPAPP_RESP) {
		c = nc_cur_make(p, n);
		for (i = 0; i < 5 && i < n; i++)
			if (nc_cur_u8(&c) != (uint8_t)"HTTP/"[i])
				return NC_PROBE_NO;
		return n < 5 ? NC_PROBE_MORE : NC_PROBE_YES;
	}
	for (k = 0; k < sizeof methods / sizeof methods[0]; k++) {
		len = strlen(methods[k]);
		c = nc_cur_make(p, n);
		for (i = 0; i <= len && i < n; i++)
			if (nc_cur_u8(&c) != (i < len ?
			    (uint8_t)methods[k][i] : ' '))
				break;
		if (i == len + 1)
			return NC_PROBE_YES;
		if (i == n)
			more = 1;
	}
	return more ? NC_PROBE_MORE : NC_PROBE_NO;
}

static uint64_t
body_max(const struct nc_tcpapp_ctx *c)
{
	return c->opts != NULL && c->opts->body_max != 0 ?
	    c->opts->body_max : BODY_MAX;
}

static struct http *
conn_of(const htp_tx_t *tx)
{
	return htp_connp_get_user_data(tx->connp);
}

static ProtobufCBinaryData
bs(const bstr *b)
{
	return b != NULL ? nc_bin(bstr_ptr(b), bstr_len(b)) : nc_bin(NULL, 0);
}

static ProtobufCBinaryData
header(const htp_table_t *t, const char *name)
{
	const htp_header_t *h;

	if (t == NULL || (h = htp_table_get_c(t, name)) == NULL)
		return nc_bin(NULL, 0);
	return bs(h->value);
}

/* The headers of t as records, at most HDR_KEEP; whether some were
 * left out. */
static int
headers(const htp_table_t *t, Netcap__HTTPHeader *hv,
    Netcap__HTTPHeader **hp, size_t *n)
{
	const htp_header_t *h;
	size_t i, size = t != NULL ? htp_table_size(t) : 0;

	*n = 0;
	for (i = 0; i < size && *n < HDR_KEEP; i++) {
		if ((h = htp_table_get_index(t, i, NULL)) == NULL)
			continue;
		netcap__httpheader__init(&hv[*n]);
		hv[*n].name = bs(h->name);
		hv[*n].value = bs(h->value);
		hp[*n] = &hv[*n];
		(*n)++;
	}
	return size > HDR_KEEP;
}

/* "HTTP/1.1" as "1.1". */
static ProtobufCBinaryData
version(const bstr *b)
{
	struct nc_cur c;
	size_t n;

	if (b == NULL)
		return nc_bin(NULL, 0);
	c = nc_cur_make(bstr_ptr(b), bstr_len(b));
	if (nc_cur_left(&c) >= 5 && nc_cur_peek(&c, 0) == 'H' &&
	    nc_cur_peek(&c, 4) == '/')
		nc_cur_skip(&c, 5);
	n = nc_cur_left(&c);
	return nc_bin(nc_cur_bytes(&c, n), n);
}

/* The file name a message gives: the filename parameter of its
 * Content-Disposition (RFC 6266), quoted or not. */
static ProtobufCBinaryData
disposition_name(const htp_table_t *t)
{
	static const char key[] = "filename=";
	ProtobufCBinaryData v = header(t, "content-disposition");
	struct nc_cur c = nc_cur_make(v.data, v.len);
	size_t i, n, k = sizeof key - 1;
	const uint8_t *p;
	uint8_t stop = ';';

	for (i = 0; i + k <= v.len; i++) {
		for (n = 0; n < k; n++)
			if ((nc_cur_peek(&c, i + n) | 0x20) != (uint8_t)key[n])
				break;
		/* "filename*=" is a different parameter and does not match. */
		if (n == k && (i == 0 || nc_cur_peek(&c, i - 1) == ' ' ||
		    nc_cur_peek(&c, i - 1) == ';'))
			break;
	}
	if (i + k > v.len)
		return nc_bin(NULL, 0);
	nc_cur_skip(&c, i + k);
	if (nc_cur_left(&c) > 0 && nc_cur_peek(&c, 0) == '"') {
		nc_cur_skip(&c, 1);
		stop = '"';
	}
	for (n = 0; n < nc_cur_left(&c) && nc_cur_peek(&c, n) != stop; n++)
		;
	p = nc_cur_bytes(&c, n);
	return nc_bin(p, n);
}

/* The last segment of the URI's path: what a browser would save it as. */
static ProtobufCBinaryData
uri_name(const bstr *uri)
{
	struct nc_cur c;
	size_t i, n, start = 0, end;

	if (uri == NULL)
		return nc_bin(NULL, 0);
	c = nc_cur_make(bstr_ptr(uri), bstr_len(uri));
	n = nc_cur_left(&c);
	for (end = 0; end < n && nc_cur_peek(&c, end) != '?' &&
	    nc_cur_peek(&c, end) != '#'; end++)
		;
	for (i = 0; i < end; i++)
		if (nc_cur_peek(&c, i) == '/')
			start = i + 1;
	nc_cur_skip(&c, start);
	return nc_bin(nc_cur_bytes(&c, end - start), end - start);
}

static struct htx *
htx_of(htp_tx_t *tx)
{
	return htp_tx_get_user_data(tx);
}

static int
request_start(htp_tx_t *tx)
{
	struct http *h = conn_of(tx);
	struct htx *t;

	/* A client that sends requests without reading the responses gets
	 * no more parsed than this. */
	if (h->open >= TX_MAX) {
		h->c->stats->capped++;
		return HTP_ERROR;
	}
	if ((t = calloc(1, sizeof *t)) == NULL) {
		h->failed = 1;
		return HTP_ERROR;
	}
	t->ts = h->c->ts;
	t->packet = h->c->packet;
	t->depth = ++h->depth;
	h->open++;
	htp_tx_set_user_data(tx, t);
	return HTP_OK;
}

/* Decoded body bytes of direction dir. */
static int
body(htp_tx_data_t *d, int dir)
{
	struct http *h = conn_of(d->tx);
	struct htx *t = htx_of(d->tx);
	uint64_t max = body_max(h->c);
	size_t n = d->len;
	ProtobufCBinaryData name;

	if (t == NULL || d->data == NULL || n == 0 || t->capped[dir])
		return HTP_OK;
	if (t->body[dir] + n > max) {
		n = (size_t)(max - t->body[dir]);
		t->capped[dir] = 1;
		h->c->stats->capped++;
		/* libhtp reads this field for each piece of the body: no
		 * more inflating of a bomb. */
		if (dir == NC_TCPAPP_RESP)
			d->tx->response_content_encoding_processing =
			    HTP_COMPRESSION_NONE;
	}
	t->body[dir] += n;
	if (h->c->opts == NULL || h->c->opts->files == NULL)
		return HTP_OK;
	if (t->file[dir] == NULL) {
		name = disposition_name(dir == NC_TCPAPP_ORIG ?
		    d->tx->request_headers : d->tx->response_headers);
		if (name.len == 0 && dir == NC_TCPAPP_RESP)
			name = uri_name(d->tx->request_uri);
		if ((t->file[dir] = nc_file_begin(h->c->opts->files, "http",
		    name.data, name.len)) == NULL) {
			h->failed = 1;
			return HTP_ERROR;
		}
	}
	nc_file_data(t->file[dir], d->data, n);
	return HTP_OK;
}

static int
request_body(htp_tx_data_t *d)
{
	return body(d, NC_TCPAPP_ORIG);
}

static int
response_body(htp_tx_data_t *d)
{
	return body(d, NC_TCPAPP_RESP);
}

static int
put_file(struct http *h, struct htx *t, int dir, int truncated)
{
	const struct nc_tcpapp_ctx *c = h->c;
	const struct nc_tcpapp_conn *cn = c->conn;
	Netcap__File m = NETCAP__FILE__INIT;
	int rc;

	nc_file_end(t->file[dir], truncated || t->capped[dir], &m);
	m.ts = c->ts;
	m.packet = c->packet;
	NC_TCPAPP_ENDS(m, cn, dir);
	m.direction = dir == NC_TCPAPP_ORIG ? "client" : "server";
	m.link = t->depth;
	rc = c->put(c->arg, NETCAP__RECORD__RECORD_FILE, &m.base);
	nc_file_free(t->file[dir]);
	t->file[dir] = NULL;
	return rc;
}

/* An Authorization header with the Basic scheme (RFC 7617) is a login in
 * clear text: "user:password" in base64, the user ending at the first
 * colon.  The response says whether it worked: 401 is a refusal, any
 * other status an acceptance, none at all unknown. */
static int
basic_creds(const struct nc_tcpapp_ctx *c, const struct htx *t,
    const htp_tx_t *tx, uint32_t status)
{
	struct nc_tcpapp_ctx at = *c;
	ProtobufCBinaryData v = header(tx->request_headers, "authorization");
	uint8_t d[2 * NC_CRED_MAX + 2];
	size_t colon, i = 6, n;
	long len;
	int accepted;

	if (v.len < 6 || strncasecmp((const char *)v.data, "basic ", 6) != 0)
		return 0;
	while (i < v.len && v.data[i] == ' ')
		i++;
	n = v.len - i;
	while (n > 0 && (v.data[i + n - 1] == ' ' || v.data[i + n - 1] == '\t'))
		n--;
	if ((len = nc_creds_base64(v.data + i, n, d, sizeof d)) < 0) {
		c->stats->malformed++;
		return 0;
	}
	for (colon = 0; colon < (size_t)len && d[colon] != ':'; colon++)
		;
	if (colon == (size_t)len) {
		c->stats->malformed++;
		return 0;
	}
	accepted = status == 0 ? NC_CRED_UNKNOWN : status == 401 ?
	    NC_CRED_REJECTED : NC_CRED_ACCEPTED;
	/* The record's time is the request's, which carried the password. */
	at.ts = t->ts;
	at.packet = t->packet;
	return nc_creds_put(&at, "http", "Basic", d, colon, &d[colon + 1],
	    (size_t)len - colon - 1, accepted,
	    tx->response_line != NULL ? bstr_ptr(tx->response_line) : NULL,
	    tx->response_line != NULL ? bstr_len(tx->response_line) : 0);
}

/* Writes tx's records and forgets it; complete: its response was read
 * to the end. */
static int
put_tx(struct http *h, htp_tx_t *tx, int complete)
{
	const struct nc_tcpapp_ctx *c = h->c;
	const struct nc_tcpapp_conn *cn = c->conn;
	struct htx *t = htx_of(tx);
	Netcap__HTTP m = NETCAP__HTTP__INIT;
	Netcap__HTTPHeader qv[HDR_KEEP], rv[HDR_KEEP];
	Netcap__HTTPHeader *qp[HDR_KEEP], *rp[HDR_KEEP];
	int rc = 0, dir;

	if (t == NULL)
		return 0;
	htp_tx_set_user_data(tx, NULL);
	h->open--;
	m.ts = t->ts;
	m.packet = t->packet;
	NC_TCPAPP_ENDS(m, cn, NC_TCPAPP_ORIG);
	m.trans_depth = t->depth;
	m.method = bs(tx->request_method);
	m.host = header(tx->request_headers, "host");
	m.uri = bs(tx->request_uri);
	m.version = version(tx->request_protocol);
	m.user_agent = header(tx->request_headers, "user-agent");
	m.referer = header(tx->request_headers, "referer");
	m.origin = header(tx->request_headers, "origin");
	if (tx->response_status_number > 0 && tx->response_status_number < 1000)
		m.status_code = (uint32_t)tx->response_status_number;
	m.status_msg = bs(tx->response_message);
	m.response_version = version(tx->response_protocol);
	if (tx->seen_100continue)
		m.info_code = 100;
	m.request_content_type = header(tx->request_headers, "content-type");
	m.response_content_type = header(tx->response_headers,
	    "content-type");
	if (tx->request_content_length >= 0) {
		m._request_content_length_case =
		    NETCAP__HTTP___REQUEST_CONTENT_LENGTH_REQUEST_CONTENT_LENGTH;
		m.request_content_length = (uint64_t)tx->request_content_length;
	}
	if (tx->response_content_length >= 0 &&
	    tx->response_progress >= HTP_RESPONSE_HEADERS) {
		m._response_content_length_case =
		    NETCAP__HTTP___RESPONSE_CONTENT_LENGTH_RESPONSE_CONTENT_LENGTH;
		m.response_content_length =
		    (uint64_t)tx->response_content_length;
	}
	m.request_body_len = t->body[NC_TCPAPP_ORIG];
	m.response_body_len = t->body[NC_TCPAPP_RESP];
	m.request_body_capped = t->capped[NC_TCPAPP_ORIG];
	m.response_body_capped = t->capped[NC_TCPAPP_RESP];
	m.cookie = header(tx->request_headers, "cookie");
	m.set_cookie = header(tx->response_headers, "set-cookie");
	m.server = header(tx->response_headers, "server");
	m.x_powered_by = header(tx->response_headers, "x-powered-by");
	m.headers_capped = headers(tx->request_headers, qv, qp,
	    &m.n_request_headers) | headers(tx->response_headers, rv, rp,
	    &m.n_response_headers);
	m.request_headers = qp;
	m.response_headers = rp;
	m.complete = complete != 0;
	if (c->put(c->arg, NETCAP__RECORD__RECORD_HTTP, &m.base) < 0)
		rc = -1;
	else
		c->stats->records++;
	if (basic_creds(c, t, tx, m.status_code) < 0)
		rc = -1;
	for (dir = 0; dir < 2; dir++)
		if (t->file[dir] != NULL && put_file(h, t, dir, dir ==
		    NC_TCPAPP_ORIG ? tx->request_progress <
		    HTP_REQUEST_COMPLETE : !complete) < 0)
			rc = -1;
	free(t);
	if (rc < 0)
		h->failed = 1;
	return rc;
}

static int
tx_complete(htp_tx_t *tx)
{
	struct http *h = conn_of(tx);

	return put_tx(h, tx, 1) < 0 ? HTP_ERROR : HTP_OK;
}

/* The configuration every connection shares. */
static void *
http_init(void)
{
	htp_cfg_t *cfg = htp_config_create();

	if (cfg == NULL)
		return NULL;
	htp_config_set_server_personality(cfg, HTP_SERVER_IDS);
	/* libhtp would keep every message it logs for the connection's
	 * life: a hostile stream could make millions. */
	htp_config_set_log_level(cfg, HTP_LOG_NONE);
	htp_config_set_number_headers_limit(cfg, HDR_LIMIT);
	htp_config_set_response_decompression(cfg, 1);
	/* libhtp has no switch to stop inflating a request body past the
	 * cap, as it has for responses; request bodies are rarely encoded,
	 * and are kept as sent. */
	htp_config_set_request_decompression(cfg, 0);
	htp_config_set_response_decompression_layer_limit(cfg, 2);
	htp_config_set_parse_request_cookies(cfg, 0);
	htp_config_set_tx_auto_destroy(cfg, 1);
	htp_config_register_request_start(cfg, request_start);
	htp_config_register_request_body_data(cfg, request_body);
	htp_config_register_response_body_data(cfg, response_body);
	htp_config_register_transaction_complete(cfg, tx_complete);
	return cfg;
}

static void
http_fini(void *shared)
{
	htp_config_destroy(shared);
}

static void *
http_open(const struct nc_tcpapp_ctx *c)
{
	struct http *h;

	if (c->shared == NULL || (h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	if ((h->cp = htp_connp_create(c->shared)) == NULL) {
		free(h);
		return NULL;
	}
	htp_connp_set_user_data(h->cp, h);
	htp_connp_open(h->cp, NULL, c->conn->port[NC_TCPAPP_ORIG], NULL,
	    c->conn->port[NC_TCPAPP_RESP], NULL);
	return h;
}

static struct timeval
tv_of(int64_t ns)
{
	struct timeval tv;

	tv.tv_sec = (time_t)(ns / 1000000000);
	tv.tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
	return tv;
}

/* Hands p[0, n) of dir to libhtp; what it cannot take before the other
 * direction's next bytes is kept, under PEND_MAX. */
static void
push(struct http *h, int dir, const uint8_t *p, size_t n)
{
	struct timeval tv = tv_of(h->c->ts);
	struct nc_cur cur = nc_cur_make(p, n);
	size_t used;
	int rc;

	if (h->dead || n == 0)
		return;
	if (dir == NC_TCPAPP_ORIG) {
		rc = htp_connp_req_data(h->cp, &tv, p, n);
		used = rc == HTP_STREAM_DATA_OTHER ?
		    htp_connp_req_data_consumed(h->cp) : n;
	} else {
		rc = htp_connp_res_data(h->cp, &tv, p, n);
		used = rc == HTP_STREAM_DATA_OTHER ?
		    htp_connp_res_data_consumed(h->cp) : n;
	}
	if (rc == HTP_STREAM_ERROR || rc == HTP_STREAM_TUNNEL ||
	    rc == HTP_STREAM_CLOSED || rc == HTP_STREAM_STOP) {
		if (rc == HTP_STREAM_ERROR)
			h->c->stats->malformed++;
		h->dead = 1;
		return;
	}
	if (used >= n)
		return;
	nc_cur_skip(&cur, used);
	n = nc_cur_left(&cur);
	if (h->pend[dir] == NULL && (h->pend[dir] = malloc(PEND_MAX)) == NULL) {
		h->failed = 1;
		return;
	}
	if (n > PEND_MAX - h->npend[dir]) {
		h->c->stats->capped++;
		h->dead = 1;
		return;
	}
	memcpy(h->pend[dir] + h->npend[dir], nc_cur_bytes(&cur, n), n);
	h->npend[dir] += n;
}

/* Bytes of dir that waited for the other direction's, handed again. */
static void
retry(struct http *h, int dir)
{
	size_t n = h->npend[dir];
	uint8_t *p = h->pend[dir];

	if (n == 0)
		return;
	/* push() appends what is still left to the emptied buffer: a
	 * buffer of its own for the bytes handed now. */
	h->pend[dir] = NULL;
	h->npend[dir] = 0;
	push(h, dir, p, n);
	free(p);
}

static int
state(const struct http *h)
{
	if (h->failed)
		return -1;
	return h->dead ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

static int
http_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct http *h = s;
	size_t before;

	h->c = c;
	if (h->npend[dir] > 0) {
		/* Still waiting for the other side: in line behind. */
		before = h->npend[dir];
		if (n > PEND_MAX - before) {
			c->stats->capped++;
			h->dead = 1;
		} else {
			memcpy(h->pend[dir] + before, p, n);
			h->npend[dir] += n;
		}
		return state(h);
	}
	push(h, dir, p, n);
	retry(h, !dir);
	return state(h);
}

static int
http_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct http *h = s;

	(void)dir;
	(void)n;
	h->c = c;
	h->dead = 1;
	return state(h);
}

/* The transactions libhtp still holds: written incomplete, freed. */
static int
pending(struct http *h)
{
	htp_conn_t *conn = htp_connp_get_connection(h->cp);
	size_t i, n;
	htp_tx_t *tx;
	int rc = 0;

	if (conn == NULL || conn->transactions == NULL)
		return 0;
	n = htp_list_size(conn->transactions);
	for (i = 0; i < n; i++)
		if ((tx = htp_list_get(conn->transactions, i)) != NULL &&
		    htx_of(tx) != NULL && put_tx(h, tx, 0) < 0)
			rc = -1;
	return rc;
}

static int
http_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct http *h = s;
	struct timeval tv = tv_of(c->ts);
	int rc;

	h->c = c;
	/* The end of the connection ends a response body that runs to it. */
	if (!h->dead)
		htp_connp_close(h->cp, &tv);
	rc = pending(h) < 0 || h->failed ? -1 : 0;
	htp_connp_destroy_all(h->cp);
	free(h->pend[0]);
	free(h->pend[1]);
	free(h);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_http = {
	.name = "http",
	.probe = http_probe,
	.open = http_open,
	.data = http_data,
	.gap = http_gap,
	.close = http_close,
	.init = http_init,
	.fini = http_fini,
};
