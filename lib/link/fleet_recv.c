/* nc-recv's fleet mode (fleet_recv.h). */
#include "fleet_recv.h"
#include "sensorhdr.h"
#include "once.h"
#include "cli.h"
#include "net.h"
#include "outfile.h"
#include "seen.h"
#include "store.h"
#include "stream.h"
#include "wire.h"
#include "netcap.pb-c.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Messages taken from the consumer at a time, and how long to wait for
 * them: the acknowledgements of a batch go out after it is written. */
#define FETCH 64
#define FETCH_MS 200
/* Empty fetches in a row after which the durable is looked for. */
#define IDLE_CHECK 10

struct sensor {
	const struct nc_pin *pin;
	char fp[NC_PIN_TEXT];
	char keytext[NC_FLEET_KEY_TEXT];
	EVP_PKEY *key;		/* once a message showed it */
	uint64_t stream;
	uint64_t last;		/* the highest number written */
	struct nc_seen seen;
	struct nc_writer *w;	/* -d: on st.fd */
	struct nc_store st;
	int dirty;
};

struct loop {
	struct nc_fleet_collector *c;
	struct sensor *sensors;
	size_t nsensors;
	struct nc_writer *out;	/* stdout, without -d */
	int current;		/* the sensor stdout's records are of, -1 */
	int dirfd;
	size_t prefix;		/* of the subjects: "STREAM." */
	EVP_MD_CTX *mc;
	char last_msg[512];
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void say(struct loop *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
say(struct loop *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nc_warn_once(l->last_msg, sizeof l->last_msg, l->c->quiet, fmt, ap);
	va_end(ap);
}

/* Writes one record of sensor s; -1 on an output failure. */
static int
put(struct loop *l, struct sensor *s, const char *subject,
    const uint8_t *rec, size_t len, uint64_t seq)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	struct nc_frame f = { .data = rec, .len = len };
	int r;

	if (l->c->dir == NULL) {
		if (l->current != s - l->sensors) {
			nc_sensor_header(&h, s->pin->name, s->fp, subject);
			if (nc_writer_put(l->out, NETCAP__RECORD__RECORD_HEADER,
			    &h.base) < 0)
				return -1;
			l->current = (int)(s - l->sensors);
		}
		return nc_writer_frame(l->out, &f);
	}
	if (s->w == NULL) {
		if ((r = nc_store_open(&s->st)) < 0) {
			nc_warn("%s", s->st.why);
			return -1;
		}
		if (r == 1)
			s->st.first = seq;
		if ((s->w = nc_writer_open(s->st.fd)) == NULL)
			return -1;
		if (r == 1) {
			off_t end;

			nc_sensor_header(&h, s->pin->name, s->fp, subject);
			if (nc_writer_put(s->w, NETCAP__RECORD__RECORD_HEADER,
			    &h.base) < 0 || nc_writer_flush(s->w) < 0 ||
			    (end = lseek(s->st.fd, 0, SEEK_END)) < 0)
				return -1;
			s->st.len = (uint64_t)end;
		}
	}
	s->dirty = 1;
	s->st.len += nc_varint_len(len) + len;
	return nc_writer_frame(s->w, &f);
}

/* The sensor a subject names, after checking the message's key; NULL
 * (and why) when it is not one of ours. */
static struct sensor *
sender_of(struct loop *l, natsMsg *m, const char **why)
{
	const char *subj = natsMsg_GetSubject(m), *name, *key = NULL;
	struct sensor *s = NULL;
	size_t i;

	if (strlen(subj) <= l->prefix) {
		*why = "no sensor name in the subject";
		return NULL;
	}
	name = subj + l->prefix;
	for (i = 0; i < l->nsensors; i++)
		if (strcmp(l->sensors[i].pin->name, name) == 0) {
			s = &l->sensors[i];
			break;
		}
	if (s == NULL) {
		*why = "the sensor is not listed";
		return NULL;
	}
	if (natsMsgHeader_Get(m, "Nc-Key", &key) != NATS_OK) {
		*why = "no key";
		return NULL;
	}
	if (s->key == NULL || strcmp(key, s->keytext) != 0) {
		EVP_PKEY *k = nc_fleet_key_parse(key, s->pin->hash);

		if (k == NULL) {
			*why = "not the key listed for the sensor";
			return NULL;
		}
		EVP_PKEY_free(s->key);
		s->key = k;
		snprintf(s->keytext, sizeof s->keytext, "%s", key);
	}
	return s;
}

/* Writes the records of one message that this collector has not; 0
 * done (or the message is refused and logged: *bad), -1 on an output
 * failure. */
static int
take(struct loop *l, natsMsg *m, int *bad)
{
	const uint8_t *p = (const uint8_t *)natsMsg_GetData(m);
	size_t n = (size_t)natsMsg_GetDataLength(m), off;
	const char *why = NULL, *sig = NULL, *subj = natsMsg_GetSubject(m);
	struct nc_wire_msg w;
	struct sensor *s;
	uint64_t stream, first;
	long count, k;

	*bad = 1;
	if ((s = sender_of(l, m, &why)) == NULL)
		goto refuse;
	if (natsMsgHeader_Get(m, "Nc-Sig", &sig) != NATS_OK ||
	    !nc_fleet_verify(l->mc, s->key, p, n, sig)) {
		why = "bad signature";
		goto refuse;
	}
	if ((count = nc_fleet_parse(p, n, l->c->cap, &stream, &first,
	    &why)) < 0)
		goto refuse;
	*bad = 0;
	if (stream != s->stream) {
		if (s->stream != 0 && !l->c->quiet)
			nc_warn("%s: a new stream: the sensor's spool was "
			    "started anew", subj);
		s->stream = stream;
		s->last = 0;
		nc_seen_clear(&s->seen);
		s->dirty = 1;
	}
	off = (size_t)nc_wire_parse(p, n, l->c->cap, &w, &why);
	while (off < n) {
		k = nc_wire_parse(p + off, n - off, l->c->cap, &w, &why);
		off += (size_t)k;
		if (nc_seen_has(&s->seen, w.seq))
			continue;	/* written before: a copy */
		if (put(l, s, subj, w.data, w.len, w.seq) < 0)
			return -1;
		if (w.seq > s->last)
			s->last = w.seq;
	}
	if (nc_seen_add(&s->seen, first, first + (uint64_t)count - 1) < 0) {
		nc_warn("out of memory");
		return -1;
	}
	return 0;
refuse:
	if (!l->c->quiet)
		nc_warn("%s: %s: discarded", subj, why);
	return 0;
}

/* Makes what was written durable; with rotate, files of -d are given
 * their final names when due (2: all). */
static int
sync_out(struct loop *l, int rotate)
{
	size_t i;

	if (l->c->dir == NULL)
		return nc_writer_flush(l->out);
	for (i = 0; i < l->nsensors; i++) {
		struct sensor *s = &l->sensors[i];
		int due = s->w != NULL && (rotate == 2 ||
		    (l->c->rotate_size && s->st.len >= l->c->rotate_size) ||
		    (l->c->rotate_secs > 0 && difftime(time(NULL),
		    s->st.begun) >= l->c->rotate_secs));

		if (!s->dirty && !due)
			continue;
		if (s->w != NULL && (nc_writer_flush(s->w) < 0 ||
		    fsync(s->st.fd) != 0)) {
			nc_warn_errno("%s: %s.ncap.part", l->c->dir,
			    s->pin->name);
			return -1;
		}
		if (nc_store_save(&s->st, s->stream, s->last) < 0) {
			nc_warn("%s: %s", l->c->dir, s->st.why);
			return -1;
		}
		s->dirty = 0;
		if (due) {
			nc_writer_close(s->w);
			s->w = NULL;
			if (nc_store_finish(&s->st) < 0) {
				nc_warn("%s: %s", l->c->dir, s->st.why);
				return -1;
			}
		}
	}
	return 0;
}

static int
setup(struct loop *l)
{
	struct nc_fleet_collector *c = l->c;
	char why[320];
	size_t i;

	l->nsensors = c->pins->n;
	l->current = -1;
	l->dirfd = -1;
	l->prefix = strlen(c->conf.stream) + 1;
	if ((l->sensors = calloc(l->nsensors, sizeof *l->sensors)) == NULL ||
	    (l->mc = EVP_MD_CTX_new()) == NULL) {
		nc_warn("out of memory");
		return -1;
	}
	if (c->dir != NULL &&
	    (l->dirfd = nc_outdir_open(c->dir, why, sizeof why)) < 0) {
		nc_warn("%s", why);
		return -1;
	}
	for (i = 0; i < l->nsensors; i++) {
		struct sensor *s = &l->sensors[i];

		s->pin = &c->pins->pin[i];
		nc_pin_text(s->pin->hash, s->fp);
		if (c->dir == NULL)
			continue;
		/* The server may offer again what it was told was written
		 * (its acknowledgements are saved lazily): the set of what
		 * was written is kept with the state. */
		s->st.seen = &s->seen;
		if (nc_store_recover(&s->st, l->dirfd, s->pin->name) < 0) {
			nc_warn("%s: %s", c->dir, s->st.why);
			return -1;
		}
		s->stream = s->st.stream;
		s->last = s->st.seq;
	}
	if (c->dir == NULL && (l->out = nc_writer_open(STDOUT_FILENO)) == NULL) {
		nc_warn("out of memory");
		return -1;
	}
	return 0;
}

/* Subscribes to the durable; -1 with why while the server is away. */
static int
subscribe(struct loop *l, jsCtx *js, jsOptions *jo, natsSubscription **sub,
    char *why, size_t whylen)
{
	struct nc_fleet_collector *c = l->c;
	char subj[NC_FLEET_STREAM_MAX + 3];
	jsSubOptions so;
	jsErrCode je = 0;
	natsStatus st;

	if (nc_fleet_stream(&c->conf, js, jo, why, whylen) < 0)
		return -1;
	snprintf(subj, sizeof subj, "%s.>", c->conf.stream);
	jsSubOptions_Init(&so);
	so.Stream = c->conf.stream;
	so.Config.AckPolicy = js_AckExplicit;
	so.Config.AckWait = (int64_t)(c->idle * 1e9);
	so.Config.MaxAckPending = 16 * FETCH;
	st = js_PullSubscribe(sub, js, subj, c->durable, jo, &so, &je);
	if (st != NATS_OK) {
		const char *e = nats_GetLastError(NULL);

		snprintf(why, whylen, "%s: durable %s: %s", c->conf.stream,
		    c->durable, e != NULL && *e ? e : natsStatus_GetText(st));
		return -1;
	}
	return 0;
}

/* 1 when the server no longer has the durable (or its stream).  A pull
 * request to a deleted consumer is not always answered with an error:
 * it can just time out, again and again. */
static int
durable_gone(natsSubscription *sub, jsOptions *jo)
{
	jsConsumerInfo *ci = NULL;
	jsErrCode je = 0;
	natsStatus st;

	st = natsSubscription_GetConsumerInfo(&ci, sub, jo, &je);
	jsConsumerInfo_Destroy(ci);
	return st == NATS_NOT_FOUND || je == JSConsumerNotFoundErr ||
	    je == JSStreamNotFoundErr;
}

static int
run(struct loop *l, natsConnection **ncp, jsCtx **jsp, jsOptions *jo)
{
	struct nc_fleet_collector *c = l->c;
	natsConnection *nc;
	jsCtx *js;
	natsSubscription *sub = NULL;
	natsMsgList list;
	natsStatus st;
	char why[320], bad[FETCH];
	int i, rval = 0, empty = 0, k;

	while (!stopping) {
		if (*ncp != NULL && sub != NULL && natsConnection_Status(*ncp) ==
		    NATS_CONN_STATUS_CLOSED) {
			natsSubscription_Destroy(sub);
			sub = NULL;
		}
		if ((k = nc_fleet_revive(&c->conf, ncp, jsp, jo, why,
		    sizeof why)) != 0) {
			say(l, "%s", why);
			poll(NULL, 0, 100);
			continue;
		}
		nc = *ncp;
		js = *jsp;
		if (natsConnection_Status(nc) != NATS_CONN_STATUS_CONNECTED) {
			say(l, "%s: not connected", c->conf.shown);
			poll(NULL, 0, 100);
			continue;
		}
		if (sub == NULL && subscribe(l, js, jo, &sub, why,
		    sizeof why) < 0) {
			say(l, "%s", why);
			natsSubscription_Destroy(sub);
			sub = NULL;
			poll(NULL, 0, 200);
			continue;
		}
		memset(&list, 0, sizeof list);
		st = natsSubscription_Fetch(&list, sub, FETCH, FETCH_MS, NULL);
		if (st == NATS_TIMEOUT) {
			if (sync_out(l, 1) < 0) {
				rval = -1;
				break;
			}
			empty++;
			if (c->drain > 0 && empty >= c->drain)
				break;
			if (empty % IDLE_CHECK == 0 && durable_gone(sub, jo)) {
				say(l, "%s: durable %s is gone: subscribing "
				    "again", c->conf.stream, c->durable);
				natsSubscription_Destroy(sub);
				sub = NULL;
			}
			continue;
		}
		if (st != NATS_OK) {
			const char *e = nats_GetLastError(NULL);

			say(l, "%s: %s", c->conf.shown, e != NULL && *e ? e :
			    natsStatus_GetText(st));
			natsMsgList_Destroy(&list);
			/* Whatever went wrong (the durable was deleted, or
			 * lost by a server started again), subscribing
			 * again makes it anew. */
			natsSubscription_Destroy(sub);
			sub = NULL;
			poll(NULL, 0, 100);
			continue;
		}
		l->last_msg[0] = '\0';
		empty = 0;
		for (i = 0; i < list.Count && i < FETCH && rval == 0; i++) {
			if (take(l, list.Msgs[i], &k) < 0)
				rval = -1;
			else if ((bad[i] = (char)k))
				natsMsg_Term(list.Msgs[i], NULL);
		}
		/* Acknowledged only once it is written for good. */
		if (rval == 0 && sync_out(l, 1) < 0)
			rval = -1;
		/* The acknowledgements go out together and one round trip
		 * confirms them all: a collector killed after writing has
		 * little time to leave written records unacknowledged
		 * (another collector, or this one started again without
		 * its memory of them, would write them twice). */
		for (i = 0; i < list.Count && i < FETCH && rval == 0; i++)
			if (!bad[i])
				natsMsg_Ack(list.Msgs[i], NULL);
		if (rval == 0)
			natsConnection_FlushTimeout(nc, 1000);
		natsMsgList_Destroy(&list);
		if (rval < 0)
			break;
	}
	natsSubscription_Destroy(sub);
	return rval;
}

int
nc_fleet_recv_run(struct nc_fleet_collector *c)
{
	struct loop l = { .c = c };
	struct sigaction sa = { 0 };
	natsConnection *nc = NULL;
	jsCtx *js = NULL;
	jsOptions jo;
	char why[320];
	size_t i;
	int rval = -1;

	if (setup(&l) < 0)
		goto out;
	jsOptions_Init(&jo);
	jo.Wait = (int64_t)(c->conf.timeout * 1000);
	if (nc_fleet_connect(&c->conf, &nc, &js, &jo, why, sizeof why) < 0) {
		nc_warn("%s", why);
		goto out;
	}
	if (!c->quiet)
		nc_warn("reading %s from %s as %s", c->conf.stream,
		    c->conf.shown, c->durable);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rval = run(&l, &nc, &js, &jo);
	if (sync_out(&l, c->dir != NULL ? 2 : 1) < 0)
		rval = -1;
out:
	jsCtx_Destroy(js);
	natsConnection_Destroy(nc);
	for (i = 0; i < l.nsensors; i++) {
		if (l.sensors != NULL) {
			if (l.sensors[i].w != NULL)
				nc_writer_close(l.sensors[i].w);
			EVP_PKEY_free(l.sensors[i].key);
			nc_seen_clear(&l.sensors[i].seen);
		}
	}
	if (l.out != NULL && nc_writer_close(l.out) < 0 && errno != EPIPE) {
		nc_warn_errno("stdout");
		rval = -1;
	}
	if (l.dirfd >= 0)
		close(l.dirfd);
	EVP_MD_CTX_free(l.mc);
	free(l.sensors);
	return rval;
}
