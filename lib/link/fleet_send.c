/* nc-send's fleet mode (fleet_send.h). */
#include "fleet_send.h"
#include "once.h"
#include "feed.h"
#include "cli.h"
#include "net.h"
#include "stream.h"
#include "wire.h"

#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* NATS servers take messages of 1 MiB unless told otherwise; room is
 * left for the headers. */
#define MSG_MAX ((1u << 20) - 1024)
/* How long a record may wait for others to fill its message: a few
 * records a message would cost JetStream and the collector dearly. */
#define LINGER 0.005

enum { PENDING, STORED, REFUSED };

struct flight {
	uint64_t first, last;
	double sent;
	int state;
};

struct run {
	struct nc_fleet_sender *s;
	atomic_int eof, input_err;
	pthread_mutex_t mu;	/* ring, taken by the acknowledgement thread */
	struct flight ring[NC_FLEET_INFLIGHT];
	size_t head, count;
	char refusal[256];
	char subject[NC_FLEET_STREAM_MAX + NC_NAME_MAX + 2];
	char key[NC_FLEET_KEY_TEXT];
	uint8_t *buf;		/* the message being made */
	size_t len;		/* of buf, 0 when none is begun */
	uint64_t first, last, nrec;	/* its records */
	double since;		/* when its first record came */
	uint8_t *hold;		/* a record that did not fit in the last */
	size_t hold_len, hold_cap;
	uint64_t hold_seq;
	uint64_t oversize;	/* records too long for a message */
	char last_msg[512];
	double backoff;
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void say(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nc_warn_once(r->last_msg, sizeof r->last_msg, r->s->quiet, fmt, ap);
	va_end(ap);
}

static void *
reader(void *arg)
{
	struct run *r = arg;

	nc_feed_stdin(r->s->spool, &r->eof, &r->input_err);
	return NULL;
}

/* JetStream's answer to one message, on libnats's thread. */
static void
on_ack(jsCtx *js, natsMsg *msg, jsPubAck *pa, jsPubAckErr *pae, void *arg)
{
	struct run *r = arg;
	const char *id = NULL;
	unsigned long long st, a, b;
	size_t i;

	(void)js;
	if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &id) == NATS_OK &&
	    sscanf(id, "%16llx-%llu-%llu", &st, &a, &b) == 3) {
		pthread_mutex_lock(&r->mu);
		for (i = 0; i < r->count; i++) {
			struct flight *f = &r->ring[(r->head + i) %
			    NC_FLEET_INFLIGHT];

			if (f->first != a || f->last != b || f->state != PENDING)
				continue;
			f->state = pa != NULL ? STORED : REFUSED;
			if (pa == NULL)
				snprintf(r->refusal, sizeof r->refusal, "%s",
				    pae != NULL && pae->ErrText != NULL ?
				    pae->ErrText : "refused");
			break;
		}
		pthread_mutex_unlock(&r->mu);
	}
	natsMsg_Destroy(msg);
}

/* Adds a flight; the ring has room. */
static void
fly(struct run *r, uint64_t first, uint64_t last, int state)
{
	struct flight *f;

	pthread_mutex_lock(&r->mu);
	f = &r->ring[(r->head + r->count) % NC_FLEET_INFLIGHT];
	f->first = first;
	f->last = last;
	f->sent = nc_net_now();
	f->state = state;
	r->count++;
	pthread_mutex_unlock(&r->mu);
}

/* Acknowledges in the spool the stored run at the head of the ring; 1
 * when a message was refused or is overdue. */
static int
land(struct run *r, double idle)
{
	int bad = 0;
	size_t i;

	pthread_mutex_lock(&r->mu);
	while (r->count > 0 && r->ring[r->head].state == STORED) {
		nc_spool_ack(r->s->spool, r->ring[r->head].last);
		r->head = (r->head + 1) % NC_FLEET_INFLIGHT;
		r->count--;
		/* Working again: the next trouble is news. */
		r->last_msg[0] = '\0';
		r->backoff = 0.05;
	}
	for (i = 0; i < r->count; i++) {
		struct flight *f = &r->ring[(r->head + i) % NC_FLEET_INFLIGHT];

		if (f->state == REFUSED)
			bad = 1;
	}
	if (r->count > 0 && nc_net_now() - r->ring[r->head].sent > idle + 1) {
		snprintf(r->refusal, sizeof r->refusal,
		    "no acknowledgement for %gs", idle);
		bad = 1;
	}
	pthread_mutex_unlock(&r->mu);
	return bad;
}

/* Appends a record to the message at *len. */
static size_t
put_rec(uint8_t *buf, size_t len, uint64_t seq, const uint8_t *rec,
    size_t rlen)
{
	len += nc_wire_record_head(buf + len, seq, rlen);
	memcpy(buf + len, rec, rlen);
	return len + rlen;
}

/* Adds what the spool holds to the message being made in r->buf: 1
 * when it is to go now (full, the input ended, or its first record has
 * waited LINGER seconds), 0 not yet (or nothing to send, or one flight
 * was taken by a record too long to send), -1 on a spool failure. */
static int
build(struct run *r, struct nc_spool_cursor *c)
{
	struct nc_spool *sp = r->s->spool;
	const uint8_t *rec;
	uint64_t seq;
	size_t rlen;
	int k, flushed = 0;

	if (r->len == 0) {
		r->len = nc_wire_hello(r->buf, sp->stream);
		r->nrec = 0;
	}
	if (r->hold_len > 0 && r->nrec == 0) {
		r->len = put_rec(r->buf, r->len, r->hold_seq, r->hold,
		    r->hold_len);
		r->first = r->last = r->hold_seq;
		r->since = nc_net_now();
		r->hold_len = 0;
		r->nrec = 1;
	}
	while (r->len < NC_FLEET_BATCH) {
		k = nc_spool_next(sp, c, &seq, &rec, &rlen);
		if (k < 0) {
			nc_warn("%s", sp->why);
			return -1;
		}
		if (k == 0) {
			if (flushed)
				break;
			if (nc_spool_flush(sp) < 0) {
				nc_warn("%s", sp->why);
				return -1;
			}
			flushed = 1;
			continue;
		}
		if (r->len + NC_WIRE_HEAD_MAX + rlen > MSG_MAX) {
			if (r->nrec == 0) {
				/* Alone too long for NATS: counted, and
				 * taken as delivered so the rest goes on. */
				r->oversize++;
				fly(r, seq, seq, STORED);
				return 0;
			}
			if (r->hold_cap < rlen) {
				uint8_t *q = realloc(r->hold, rlen);

				if (q == NULL) {
					nc_warn("out of memory");
					return -1;
				}
				r->hold = q;
				r->hold_cap = rlen;
			}
			memcpy(r->hold, rec, rlen);
			r->hold_len = rlen;
			r->hold_seq = seq;
			return 1;
		}
		r->len = put_rec(r->buf, r->len, seq, rec, rlen);
		if (r->nrec++ == 0) {
			r->first = seq;
			r->since = nc_net_now();
		}
		r->last = seq;
	}
	if (r->nrec == 0)
		return 0;
	return r->len >= NC_FLEET_BATCH || r->eof ||
	    nc_net_now() - r->since >= LINGER;
}

/* Publishes r->buf[0, len); NATS_OK or why not. */
static natsStatus
publish(struct run *r, jsCtx *js, EVP_MD_CTX *mc, size_t len, uint64_t first,
    uint64_t last, double idle)
{
	natsMsg *m = NULL;
	jsPubOptions po;
	char id[64], sig[NC_FLEET_SIG_TEXT];
	natsStatus st;

	/* In the ring before its answer can come; marked refused by the
	 * caller on a failure here. */
	fly(r, first, last, PENDING);
	if (nc_fleet_sign(mc, r->s->key, r->buf, len, sig) < 0)
		return NATS_ERR;
	snprintf(id, sizeof id, "%016" PRIx64 "-%" PRIu64 "-%" PRIu64,
	    r->s->spool->stream, first, last);
	jsPubOptions_Init(&po);
	po.MaxWait = (int64_t)(idle * 1000);
	if ((st = natsMsg_Create(&m, r->subject, NULL, (const char *)r->buf,
	    (int)len)) != NATS_OK ||
	    (st = natsMsgHeader_Set(m, "Nats-Msg-Id", id)) != NATS_OK ||
	    (st = natsMsgHeader_Set(m, "Nc-Key", r->key)) != NATS_OK ||
	    (st = natsMsgHeader_Set(m, "Nc-Sig", sig)) != NATS_OK) {
		natsMsg_Destroy(m);
		return st;
	}
	st = js_PublishMsgAsync(js, &m, &po);
	natsMsg_Destroy(m);
	return st;
}

/* Sleeps up to t seconds, less when stopped. */
static void
nap(double t)
{
	double end = nc_net_now() + t, left;

	while (!stopping && (left = end - nc_net_now()) > 0)
		poll(NULL, 0, left > 0.05 ? 50 : (int)(left * 1000) + 1);
}

/* Forgets what is in flight: the next message starts at the first
 * record not stored. */
static void
rewind_spool(struct run *r, struct nc_spool_cursor *c)
{
	pthread_mutex_lock(&r->mu);
	r->count = 0;
	pthread_mutex_unlock(&r->mu);
	r->hold_len = r->len = 0;
	nc_spool_cursor_free(c);
	nc_spool_seek(r->s->spool, c, r->s->spool->acked + 1);
}

static void
back_off(struct run *r)
{
	nap(r->backoff);
	r->backoff = r->backoff * 2 < r->s->backoff_max ? r->backoff * 2 :
	    r->s->backoff_max;
}

/* Publishes until the input is done and stored, or stopped. */
static int
loop(struct run *r, natsConnection **nc, jsCtx **js, jsOptions *jo)
{
	struct nc_fleet_sender *s = r->s;
	struct nc_spool_cursor c = { .fd = -1 };
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	jsPubOptions po;
	double eof_at = 0;
	int have_stream = 0, rval = 1, k;
	char why[320];
	natsStatus st;

	if (mc == NULL)
		return -1;
	nc_spool_seek(s->spool, &c, s->spool->acked + 1);
	while (!stopping) {
		if (r->eof && eof_at == 0)
			eof_at = nc_net_now();
		if ((k = nc_fleet_revive(&s->conf, nc, js, jo, why,
		    sizeof why)) != 0) {
			say(r, "%s", why);
			rewind_spool(r, &c);
			have_stream = 0;
			back_off(r);
			continue;
		}
		if (land(r, s->idle)) {
			say(r, "%s: %s", s->conf.shown, r->refusal);
			/* Let what is in flight land or fail, then start
			 * again from the first record not stored. */
			jsPubOptions_Init(&po);
			po.MaxWait = (int64_t)(s->idle * 1000);
			js_PublishAsyncComplete(*js, &po);
			land(r, s->idle);
			rewind_spool(r, &c);
			have_stream = 0;
			back_off(r);
			continue;
		}
		if (r->eof && nc_spool_unacked(s->spool) == 0) {
			rval = 0;
			break;
		}
		if (r->eof && s->linger >= 0 && nc_net_now() - eof_at >
		    s->linger)
			break;
		if (!have_stream) {
			/* JetStream requests would wait out their timeout. */
			if (natsConnection_Status(*nc) !=
			    NATS_CONN_STATUS_CONNECTED) {
				say(r, "%s: not connected", s->conf.shown);
				nap(0.05);
				continue;
			}
			if (nc_fleet_stream(&s->conf, *js, jo, why,
			    sizeof why) < 0) {
				say(r, "%s", why);
				back_off(r);
				continue;
			}
			have_stream = 1;
		}
		if (r->count >= NC_FLEET_INFLIGHT) {
			poll(NULL, 0, 1);
			continue;
		}
		if ((k = build(r, &c)) < 0) {
			rval = -1;
			break;
		}
		if (k == 0) {
			poll(NULL, 0, 1);
			continue;
		}
		st = publish(r, *js, mc, r->len, r->first, r->last, s->idle);
		r->len = 0;
		if (st != NATS_OK) {
			pthread_mutex_lock(&r->mu);
			r->ring[(r->head + r->count - 1) %
			    NC_FLEET_INFLIGHT].state = REFUSED;
			snprintf(r->refusal, sizeof r->refusal, "%s",
			    natsStatus_GetText(st));
			pthread_mutex_unlock(&r->mu);
		}
	}
	nc_spool_cursor_free(&c);
	EVP_MD_CTX_free(mc);
	return rval;
}

int
nc_fleet_send_run(struct nc_fleet_sender *s)
{
	struct run r = { .s = s, .backoff = 0.05 };
	struct sigaction sa = { 0 };
	natsConnection *nc = NULL;
	jsCtx *js = NULL;
	jsOptions jo;
	pthread_t t;
	char why[320];
	uint64_t left;
	int rval;

	pthread_mutex_init(&r.mu, NULL);
	snprintf(r.subject, sizeof r.subject, "%s.%s", s->conf.stream,
	    s->name);
	if (nc_fleet_key_text(s->key, r.key) < 0) {
		nc_warn("the key is not an Ed25519 key");
		return -1;
	}
	if ((r.buf = malloc(MSG_MAX)) == NULL) {
		nc_warn("out of memory");
		return -1;
	}
	jsOptions_Init(&jo);
	jo.Wait = (int64_t)(s->conf.timeout * 1000);
	jo.PublishAsync.MaxPending = NC_FLEET_INFLIGHT;
	jo.PublishAsync.AckHandler = on_ack;
	jo.PublishAsync.AckHandlerClosure = &r;
	if (nc_fleet_connect(&s->conf, &nc, &js, &jo, why, sizeof why) < 0) {
		nc_warn("%s", why);
		free(r.buf);
		return -1;
	}
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	if (isatty(STDIN_FILENO))
		sigaction(SIGINT, &sa, NULL);
	else
		signal(SIGINT, SIG_IGN);
	if (pthread_create(&t, NULL, reader, &r) != 0) {
		nc_warn("cannot start the reader thread");
		rval = -1;
		goto out;
	}
	rval = loop(&r, &nc, &js, &jo);
	if (stopping || rval != 0) {
		if (nc_spool_flush(s->spool) < 0)
			nc_warn("%s", s->spool->why);
		left = nc_spool_unacked(s->spool);
		if (left > 0)
			nc_warn("%llu records left in the spool",
			    (unsigned long long)left);
		if (!r.eof)
			pthread_detach(t);
		else
			pthread_join(t, NULL);
	} else
		pthread_join(t, NULL);
	if (r.oversize > 0)
		nc_warn("%llu records too long for a NATS message: not sent",
		    (unsigned long long)r.oversize);
	if (nc_spool_dropped(s->spool) > 0) {
		nc_warn("%llu records dropped: the spool was full",
		    (unsigned long long)nc_spool_dropped(s->spool));
		if (rval == 0)
			rval = 1;
	}
	if (r.input_err && rval >= 0)
		rval = -1;
out:
	jsCtx_Destroy(js);
	natsConnection_Destroy(nc);
	/* The acknowledgement thread is gone before r is. */
	nats_CloseAndWait(1000);
	free(r.buf);
	free(r.hold);
	pthread_mutex_destroy(&r.mu);
	return rval;
}
