/* Mail messages (mail.h): RFC 5322 header fields, RFC 2045-2049 MIME
 * structure and RFC 2047/2231 encoded words, all read by gmime 3.
 *
 * gmime parses the whole message it is given, so the bytes it gets are
 * bounded first: at most the cap, and only the header when the body has
 * more boundary-like lines ("--" at a line's start) than BOUNDARY_MAX, so
 * that a message of a million empty parts, or of multiparts nested a
 * thousand deep, never becomes a tree of that size (each part costs
 * gmime a few hundred bytes and a level of recursion).  The walk of the
 * tree then stops at PART_MAX parts and DEPTH_MAX levels.  A top-level
 * header longer than HEADER_MAX is read to there, and the body not.  gmime's
 * allocations are per message, never per packet. */
#include "tcpapp/mail.h"

#include <pthread.h>
#include <string.h>

#include <gmime/gmime.h>

#include "files/files.h"
#include "netcap.pb-c.h"

#define BOUNDARY_MAX	256		/* "--" lines before header only */
#define HEADER_MAX	(256 << 10)	/* bytes of the top-level header */
#define PART_MAX	64		/* parts listed, files written */
#define DEPTH_MAX	16		/* levels of nesting walked */
#define LIST_MAX	32		/* addresses of To or Cc kept */
#define FIELD_MAX	1024		/* bytes of one field kept */
#define NAME_MAX_	255		/* bytes of a file name, as files.c */
#define CHUNK		8192		/* decoded bytes read at once */

/* What a message's record points into until it is written. */
struct out {
	GPtrArray *keep;		/* strings to g_free */
	int cut;
	size_t nparts, natt;
	ProtobufCBinaryData parts[PART_MAX];
	ProtobufCBinaryData att_name[PART_MAX], att_type[PART_MAX];
	uint64_t att_size[PART_MAX];
	uint8_t names[PART_MAX][NAME_MAX_];
	const struct nc_tcpapp_ctx *c;
	const char *proto;
	int dir;
	uint32_t link;
	int rc;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
init_gmime(void)
{
	g_mime_init();
}

static uint64_t
cap(const struct nc_tcpapp_ctx *c)
{
	uint64_t max = c->opts != NULL && c->opts->body_max != 0 ?
	    c->opts->body_max : NC_MAIL_MAX;

	/* A GByteArray counts in guint. */
	return max < (1ULL << 31) ? max : 1ULL << 31;
}

void
nc_mail_begin(struct nc_mail *m)
{
	nc_mail_drop(m);
	m->active = 1;
}

void
nc_mail_data(struct nc_mail *m, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	GByteArray *a = m->buf;
	uint64_t max = cap(c), have;

	if (!m->active || n == 0)
		return;
	m->size += n;
	if (a == NULL && (m->buf = a = g_byte_array_new()) == NULL)
		return;
	have = a->len;
	if (have >= max) {
		m->cut = 1;
		return;
	}
	if (n > max - have) {
		n = (size_t)(max - have);
		m->cut = 1;
	}
	g_byte_array_append(a, p, (guint)n);
}

void
nc_mail_cut(struct nc_mail *m)
{
	if (m->active)
		m->cut = 1;
}

void
nc_mail_drop(struct nc_mail *m)
{
	if (m->buf != NULL)
		g_byte_array_unref(m->buf);
	memset(m, 0, sizeof *m);
}

void
nc_mail_free(struct nc_mail *m)
{
	nc_mail_drop(m);
}

/* A string gmime made, kept until the record is written. */
static ProtobufCBinaryData
own(struct out *o, char *s)
{
	size_t n;

	if (s == NULL)
		return nc_bin(NULL, 0);
	g_ptr_array_add(o->keep, s);
	if ((n = strlen(s)) > FIELD_MAX) {
		n = FIELD_MAX;
		o->cut = 1;
	}
	return nc_bin(s, n);
}

/* A header field's value as the header has it, unfolded. */
static ProtobufCBinaryData
header(struct out *o, GMimeObject *obj, const char *name)
{
	const char *v = g_mime_object_get_header(obj, name);

	if (v == NULL)
		return nc_bin(NULL, 0);
	while (*v == ' ' || *v == '\t')
		v++;
	return own(o, g_strdup(v));
}

static ProtobufCBinaryData
addresses(struct out *o, InternetAddressList *l)
{
	if (l == NULL || internet_address_list_length(l) == 0)
		return nc_bin(NULL, 0);
	return own(o, internet_address_list_to_string(l, NULL, FALSE));
}

static size_t
address_list(struct out *o, InternetAddressList *l, ProtobufCBinaryData *v)
{
	int i, n = l != NULL ? internet_address_list_length(l) : 0;

	if (n > LIST_MAX) {
		n = LIST_MAX;
		o->cut = 1;
	}
	for (i = 0; i < n; i++)
		v[i] = own(o, internet_address_to_string(
		    internet_address_list_get_address(l, i), NULL, FALSE));
	return (size_t)n;
}

/* The part's content, transfer encoding undone, into f (may be NULL);
 * its decoded size. */
static uint64_t
decode(GMimePart *p, struct nc_file *f)
{
	GMimeDataWrapper *w = g_mime_part_get_content(p);
	GMimeStream *raw, *s;
	GMimeFilter *filter;
	GMimeContentEncoding enc;
	char buf[CHUNK];
	ssize_t r;
	uint64_t size = 0;

	if (w == NULL || (raw = g_mime_data_wrapper_get_stream(w)) == NULL)
		return 0;
	g_mime_stream_reset(raw);
	s = g_mime_stream_filter_new(raw);
	enc = g_mime_data_wrapper_get_encoding(w);
	if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
		filter = g_mime_filter_basic_new(enc, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(s), filter);
		g_object_unref(filter);
	}
	while ((r = g_mime_stream_read(s, buf, sizeof buf)) > 0) {
		if (f != NULL)
			nc_file_data(f, (const uint8_t *)buf, (size_t)r);
		size += (uint64_t)r;
	}
	g_object_unref(s);
	return size;
}

static void
file_record(struct out *o, struct nc_file *f, int truncated)
{
	const struct nc_tcpapp_ctx *c = o->c;
	Netcap__File m = NETCAP__FILE__INIT;

	nc_file_end(f, truncated, &m);
	m.ts = c->ts;
	m.packet = c->packet;
	NC_TCPAPP_ENDS(m, c->conn, o->dir);
	m.direction = o->dir == NC_TCPAPP_ORIG ? "client" : "server";
	m.link = o->link;
	if (o->rc == 0 && c->put(c->arg, NETCAP__RECORD__RECORD_FILE,
	    &m.base) < 0)
		o->rc = -1;
	else if (o->rc == 0)
		c->stats->records++;
}

/* An attachment, or a part that is not text: listed, and a file. */
static void
attachment(struct out *o, GMimePart *p, ProtobufCBinaryData type)
{
	const char *name = g_mime_part_get_filename(p);
	struct nc_files *fs = o->c->opts != NULL ? o->c->opts->files : NULL;
	struct nc_file *f = NULL;
	size_t i = o->natt, n = name != NULL ? strlen(name) : 0;

	if (i == PART_MAX) {
		o->cut = 1;
		return;
	}
	o->natt++;
	o->att_name[i] = nc_bin(o->names[i], nc_files_name(o->names[i],
	    (const uint8_t *)name, n));
	if (name == NULL)
		o->att_name[i] = nc_bin(NULL, 0);
	o->att_type[i] = type;
	if (fs != NULL)
		f = nc_file_begin(fs, o->proto, (const uint8_t *)name, n);
	o->att_size[i] = decode(p, f);
	if (f != NULL) {
		file_record(o, f, o->cut);
		nc_file_free(f);
	}
}

static void
walk(struct out *o, GMimeObject *obj, int depth)
{
	GMimeContentType *ct;
	ProtobufCBinaryData type = nc_bin(NULL, 0);
	int i, n;

	if (obj == NULL)
		return;
	if (depth >= DEPTH_MAX || o->nparts == PART_MAX) {
		o->cut = 1;
		return;
	}
	if ((ct = g_mime_object_get_content_type(obj)) != NULL)
		type = own(o, g_mime_content_type_get_mime_type(ct));
	o->parts[o->nparts++] = type;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++)
			walk(o, g_mime_multipart_get_part(GMIME_MULTIPART(obj),
			    i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *in = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));

		if (in != NULL)
			walk(o, g_mime_message_get_mime_part(in), depth + 1);
	} else if (GMIME_IS_PART(obj)) {
		if (g_mime_part_is_attachment(GMIME_PART(obj)) ||
		    g_mime_part_get_filename(GMIME_PART(obj)) != NULL ||
		    ct == NULL || !g_mime_content_type_is_type(ct, "text",
		    "*"))
			attachment(o, GMIME_PART(obj), type);
	}
}

/* Whether the body after the header has too many lines that may be
 * boundaries; *hdr: the bytes of the header with its empty line. */
static int
too_many_parts(const GByteArray *a, guint *hdr)
{
	const uint8_t *p = a->data;
	guint i, n = a->len, lines = 0, body = n;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '\n')
			continue;
		if (body == n && (p[i + 1] == '\n' || (p[i + 1] == '\r' &&
		    i + 2 < n && p[i + 2] == '\n')))
			body = i + 1;
		else if (body < n && p[i + 1] == '-' && i + 2 < n &&
		    p[i + 2] == '-' && ++lines > BOUNDARY_MAX)
			break;
	}
	*hdr = body;
	return lines > BOUNDARY_MAX;
}

static void
fields(struct out *o, GMimeMessage *msg, Netcap__Mail *r,
    ProtobufCBinaryData *to, ProtobufCBinaryData *cc)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	GDateTime *dt;
	gint64 t;

	r->from = addresses(o, g_mime_message_get_from(msg));
	r->n_to = address_list(o, g_mime_message_get_to(msg), to);
	r->to = to;
	r->n_cc = address_list(o, g_mime_message_get_cc(msg), cc);
	r->cc = cc;
	r->reply_to = addresses(o, g_mime_message_get_reply_to(msg));
	if (g_mime_message_get_subject(msg) != NULL)
		r->subject = own(o, g_strdup(g_mime_message_get_subject(msg)));
	r->date = header(o, obj, "Date");
	/* Only the dates whose nanoseconds fit in 64 bits. */
	if (r->date.len > 0 && (dt = g_mime_message_get_date(msg)) != NULL &&
	    (t = g_date_time_to_unix(dt)) > -9000000000LL &&
	    t < 9000000000LL) {
		r->_date_time_case = NETCAP__MAIL___DATE_TIME_DATE_TIME;
		r->date_time = t * 1000000000LL;
	}
	r->message_id = header(o, obj, "Message-ID");
	r->in_reply_to = header(o, obj, "In-Reply-To");
	r->x_originating_ip = header(o, obj, "X-Originating-IP");
	r->user_agent = header(o, obj, "User-Agent");
	if (r->user_agent.len == 0)
		r->user_agent = header(o, obj, "X-Mailer");
}

/* Reads a (takes it) and writes the records. */
static int
put(GByteArray *a, uint64_t size, int cut, const struct nc_tcpapp_ctx *c,
    const char *proto, int dir, uint32_t link)
{
	Netcap__Mail r = NETCAP__MAIL__INIT;
	ProtobufCBinaryData to[LIST_MAX], cc[LIST_MAX];
	struct out *o;
	GMimeStream *s;
	GMimeParser *p;
	GMimeMessage *msg;
	guint hdr;
	int rc;

	pthread_once(&once, init_gmime);
	if ((o = g_try_malloc0(sizeof *o)) == NULL) {
		g_byte_array_unref(a);
		return 0;
	}
	o->keep = g_ptr_array_new_with_free_func(g_free);
	o->cut = cut;
	o->c = c;
	o->proto = proto;
	o->dir = dir;
	o->link = link;
	if (too_many_parts(a, &hdr)) {
		g_byte_array_set_size(a, hdr);
		o->cut = 1;
	}
	/* gmime grows a header line in small steps: megabytes of header
	 * cost it time out of all proportion, and no field keeps them. */
	if (hdr > HEADER_MAX) {
		g_byte_array_set_size(a, HEADER_MAX);
		o->cut = 1;
	}
	/* The stream takes a; the parser, the stream. */
	s = g_mime_stream_mem_new_with_byte_array(a);
	p = g_mime_parser_new_with_stream(s);
	g_object_unref(s);
	msg = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	if (msg != NULL) {
		fields(o, msg, &r, to, cc);
		walk(o, g_mime_message_get_mime_part(msg), 0);
	}
	r.ts = c->ts;
	r.packet = c->packet;
	NC_TCPAPP_ENDS(r, c->conn, dir);
	r.protocol = (char *)proto;
	r.link = link;
	r.parts = o->parts;
	r.n_parts = o->nparts;
	r.attachment_names = o->att_name;
	r.n_attachment_names = o->natt;
	r.attachment_types = o->att_type;
	r.n_attachment_types = o->natt;
	r.attachment_sizes = o->att_size;
	r.n_attachment_sizes = o->natt;
	r.body_bytes = size;
	r.cut = o->cut != 0;
	r.direction = dir == NC_TCPAPP_ORIG ? "client" : "server";
	rc = o->rc;
	if (rc == 0 && (rc = c->put(c->arg, NETCAP__RECORD__RECORD_MAIL,
	    &r.base)) == 0)
		c->stats->records++;
	if (msg != NULL)
		g_object_unref(msg);
	g_ptr_array_unref(o->keep);
	g_free(o);
	return rc;
}

int
nc_mail_end(struct nc_mail *m, const struct nc_tcpapp_ctx *c,
    const char *proto, int dir, uint32_t link, int cut)
{
	GByteArray *a = m->buf;
	uint64_t size = m->size;
	int was_cut = m->cut || cut;

	if (!m->active)
		return 0;
	m->buf = NULL;
	nc_mail_drop(m);
	if (a == NULL)
		a = g_byte_array_new();
	return put(a, size, was_cut, c, proto, dir, link);
}

int
nc_mail_put(const uint8_t *p, size_t n, uint64_t size, int cut,
    const struct nc_tcpapp_ctx *c, const char *proto, int dir,
    uint32_t link)
{
	GByteArray *a = g_byte_array_sized_new((guint)n);

	g_byte_array_append(a, p, (guint)n);
	return put(a, size, cut, c, proto, dir, link);
}
