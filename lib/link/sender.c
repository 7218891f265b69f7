/* nc-send's reader thread and sending loop (sender.h). */
#include "sender.h"
#include "once.h"
#include "feed.h"
#include "cli.h"
#include "net.h"
#include "stream.h"
#include "wire.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/err.h>

/* Records are batched into writes of this size. */
#define OUT_BATCH (128u << 10)
#define IN_CAP 4096
/* How often an idle sender looks for new records in the spool. */
#define IDLE_POLL_MS 20

enum { LOST = 1, DONE = 0, FATAL = -1 };

struct run {
	struct nc_sender *s;
	atomic_int eof;		/* the reader thread is done */
	atomic_int input_err;
	double eof_at;
	char last_msg[512];
	uint8_t *out;
	size_t out_len, out_pos, out_cap, wlen;
	uint8_t in[IN_CAP];
	size_t in_len;
	int progress;		/* a session got a welcome */
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Says what went wrong with the link, once for a run of the same. */
static void
say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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

/* Waits for fd to be ready for events until the deadline; 1 ready, 0
 * timed out or stopped. */
static int
wait_fd(int fd, short events, double deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	double left;
	int k;

	while (!stopping) {
		left = deadline - nc_net_now();
		if (left <= 0)
			return 0;
		k = poll(&p, 1, (int)(left * 1000) + 1);
		if (k > 0)
			return 1;
		if (k < 0 && errno != EINTR)
			return 0;
	}
	return 0;
}

/* Drives one non-blocking TLS call to its end or the deadline: the
 * result of the call, or -1. */
static int
tls_wait(SSL *ssl, int fd, int k, double deadline)
{
	switch (SSL_get_error(ssl, k)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(fd, POLLIN, deadline) ? 0 : -1;
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(fd, POLLOUT, deadline) ? 0 : -1;
	default:
		return -1;
	}
}

static const char *
tls_why(const char *what)
{
	static char buf[320];
	unsigned long e = ERR_peek_error();

	if (e == 0)
		snprintf(buf, sizeof buf, "%s", what);
	else
		snprintf(buf, sizeof buf, "%s: %s", what, nc_tls_error());
	ERR_clear_error();
	return buf;
}

/* Makes room for n more bytes in out. */
static int
out_room(struct run *r, size_t n)
{
	uint8_t *q;
	size_t nc;

	if (r->out_cap - r->out_len >= n)
		return 0;
	if (r->out_pos > 0 && r->wlen == 0) {
		memmove(r->out, r->out + r->out_pos, r->out_len - r->out_pos);
		r->out_len -= r->out_pos;
		r->out_pos = 0;
		if (r->out_cap - r->out_len >= n)
			return 0;
	}
	nc = r->out_len + n > 2 * OUT_BATCH ? r->out_len + n : 2 * OUT_BATCH;
	if ((q = realloc(r->out, nc)) == NULL)
		return -1;
	r->out = q;
	r->out_cap = nc;
	return 0;
}

/* Reads what the collector sent: acknowledgements (welcome is 1 when a
 * welcome is awaited, and set to 2 when it came).  LOST on a closed or
 * broken link, 0 otherwise. */
static int
take_in(struct run *r, SSL *ssl, int *welcome, double *last_read)
{
	struct nc_wire_msg m;
	const char *why;
	long n;
	int k;

	for (;;) {
		k = SSL_read(ssl, r->in + r->in_len, IN_CAP - r->in_len);
		if (k <= 0) {
			int e = SSL_get_error(ssl, k);

			if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
				return 0;
			say(r, "%s: %s", r->s->addr, e == SSL_ERROR_ZERO_RETURN ||
			    (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) ?
			    "the collector closed the connection" :
			    tls_why("the collector refused us or the link broke"));
			ERR_clear_error();
			return LOST;
		}
		*last_read = nc_net_now();
		r->in_len += (size_t)k;
		while ((n = nc_wire_parse(r->in, r->in_len, 0, &m, &why)) > 0) {
			if (m.kind == NC_WIRE_WELCOME && *welcome == 1) {
				*welcome = 2;
				nc_spool_ack(r->s->spool, m.seq);
			} else if (m.kind == NC_WIRE_ACK && *welcome == 2)
				nc_spool_ack(r->s->spool, m.seq);
			else {
				why = "unexpected message";
				n = -1;
				break;
			}
			memmove(r->in, r->in + n, r->in_len - (size_t)n);
			r->in_len -= (size_t)n;
		}
		if (n < 0) {
			say(r, "%s: the collector: %s", r->s->addr, why);
			return LOST;
		}
	}
}

/* Fills out with the next records of the spool. */
static int
fill_out(struct run *r, struct nc_spool_cursor *c)
{
	struct nc_spool *sp = r->s->spool;
	const uint8_t *rec;
	uint64_t seq;
	size_t len;
	int k, flushed = 0;

	while (r->out_len - r->out_pos < OUT_BATCH) {
		k = nc_spool_next(sp, c, &seq, &rec, &len);
		if (k < 0) {
			nc_warn("%s", sp->why);
			return FATAL;
		}
		if (k == 0) {
			if (flushed)
				break;
			if (nc_spool_flush(sp) < 0) {
				nc_warn("%s", sp->why);
				return FATAL;
			}
			flushed = 1;
			continue;
		}
		if (out_room(r, NC_WIRE_HEAD_MAX + len) < 0) {
			nc_warn("out of memory");
			return FATAL;
		}
		r->out_len += nc_wire_record_head(r->out + r->out_len, seq, len);
		memcpy(r->out + r->out_len, rec, len);
		r->out_len += len;
	}
	return 0;
}

static int
session(struct run *r)
{
	struct nc_sender *s = r->s;
	struct nc_spool_cursor c = { .fd = -1 };
	struct pollfd p;
	uint8_t pin[NC_PIN_LEN];
	char why[320];
	SSL *ssl = NULL;
	double deadline, now, last_read, last_write;
	int fd, k, welcome = 1, rval = LOST, shut = 0;

	r->out_len = r->out_pos = r->wlen = r->in_len = 0;
	if ((fd = nc_net_connect(s->addr, why, sizeof why)) < 0) {
		say(r, "%s", why);
		return LOST;
	}
	deadline = nc_net_now() + s->timeout;
	if (!wait_fd(fd, POLLOUT, deadline) || nc_net_connected(fd) < 0) {
		say(r, "%s: %s", s->addr, errno ? strerror(errno) :
		    "connection timed out");
		goto out;
	}
	if ((ssl = SSL_new(s->ctx)) == NULL || !SSL_set_fd(ssl, fd)) {
		nc_warn("%s", tls_why("TLS"));
		rval = FATAL;
		goto out;
	}
	while ((k = SSL_connect(ssl)) != 1)
		if (tls_wait(ssl, fd, k, deadline) < 0) {
			say(r, "%s: %s", s->addr, tls_why("TLS handshake failed"));
			goto out;
		}
	if (nc_tls_peer_pin(ssl, pin) < 0 || nc_pins_find(s->pins, pin) == NULL) {
		char text[NC_PIN_TEXT] = "none";

		if (nc_tls_peer_pin(ssl, pin) == 0)
			nc_pin_text(pin, text);
		say(r, "%s: the collector's key %s is not the one pinned: "
		    "refused", s->addr, text);
		goto out;
	}
	if (out_room(r, 16) < 0) {
		rval = FATAL;
		goto out;
	}
	r->out_len = nc_wire_hello(r->out, s->spool->stream);
	last_read = last_write = nc_net_now();
	for (;;) {
		now = nc_net_now();
		if (stopping) {
			rval = LOST;
			break;
		}
		if (welcome == 1 && now - last_read > s->timeout) {
			say(r, "%s: no welcome from the collector", s->addr);
			break;
		}
		if (welcome == 2 && !r->progress) {
			r->progress = 1;
			nc_spool_seek(s->spool, &c, s->spool->acked + 1);
			r->last_msg[0] = '\0';
		}
		if (welcome == 2 && r->wlen == 0 && (k = fill_out(r, &c)) < 0) {
			rval = FATAL;
			break;
		}
		if (welcome == 2 && r->out_len == r->out_pos &&
		    now - last_write > s->keepalive) {
			r->out_len = r->out_pos = 0;
			r->out[r->out_len++] = NC_WIRE_KEEPALIVE;
		}
		if (welcome == 2 && r->eof && r->out_len == r->out_pos &&
		    nc_spool_unacked(s->spool) == 0) {
			if (!shut) {
				SSL_shutdown(ssl);
				shut = 1;
			}
			rval = DONE;
			break;
		}
		if (nc_spool_unacked(s->spool) > 0 && now - last_read > s->idle) {
			say(r, "%s: no acknowledgement for %gs", s->addr, s->idle);
			break;
		}
		p.fd = fd;
		p.events = POLLIN | (r->out_len > r->out_pos ? POLLOUT : 0);
		p.revents = 0;
		k = poll(&p, 1, r->out_len > r->out_pos ? 200 : IDLE_POLL_MS);
		if (k < 0 && errno != EINTR) {
			say(r, "poll: %s", strerror(errno));
			break;
		}
		if (r->out_len > r->out_pos) {
			size_t n = r->wlen ? r->wlen : r->out_len - r->out_pos;

			if (n > INT32_MAX)
				n = INT32_MAX;
			k = SSL_write(ssl, r->out + r->out_pos, (int)n);
			if (k > 0) {
				r->out_pos += (size_t)k;
				r->wlen = 0;
				last_write = nc_net_now();
				if (r->out_pos == r->out_len)
					r->out_pos = r->out_len = 0;
			} else {
				int e = SSL_get_error(ssl, k);

				if (e != SSL_ERROR_WANT_READ &&
				    e != SSL_ERROR_WANT_WRITE) {
					say(r, "%s: %s", s->addr,
					    tls_why("the link broke"));
					break;
				}
				r->wlen = n;
			}
		}
		if (take_in(r, ssl, &welcome, &last_read) == LOST)
			break;
	}
out:
	nc_spool_cursor_free(&c);
	SSL_free(ssl);
	if (fd >= 0)
		close(fd);
	return rval;
}

/* Sleeps up to t seconds, less when stopped or the linger runs out. */
static void
nap(struct run *r, double t)
{
	double end = nc_net_now() + t, left;

	while (!stopping && (left = end - nc_net_now()) > 0) {
		if (r->eof && r->s->linger >= 0 && r->eof_at > 0 &&
		    nc_net_now() - r->eof_at > r->s->linger)
			return;
		poll(NULL, 0, left > 0.05 ? 50 : (int)(left * 1000) + 1);
	}
}

int
nc_sender_run(struct nc_sender *s)
{
	struct run r = { .s = s };
	struct sigaction sa = { 0 };
	pthread_t t;
	double backoff = 0.05;
	uint64_t left;
	int k, rval = 1;

	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	/* Ctrl-C reaches the capture before us: it ends its stream, which
	 * is then sent.  Alone on a terminal, Ctrl-C stops. */
	if (isatty(STDIN_FILENO))
		sigaction(SIGINT, &sa, NULL);
	else
		signal(SIGINT, SIG_IGN);
	if (pthread_create(&t, NULL, reader, &r) != 0) {
		nc_warn("cannot start the reader thread");
		return -1;
	}
	for (;;) {
		if (r.eof && r.eof_at == 0)
			r.eof_at = nc_net_now();
		if (stopping)
			break;
		if (r.eof && nc_spool_unacked(s->spool) == 0) {
			rval = 0;
			break;
		}
		if (r.eof && s->linger >= 0 && nc_net_now() - r.eof_at > s->linger)
			break;
		r.progress = 0;
		k = session(&r);
		if (k == DONE) {
			rval = 0;
			break;
		}
		if (k == FATAL) {
			rval = -1;
			break;
		}
		if (r.progress)
			backoff = 0.05;
		nap(&r, backoff);
		backoff = backoff * 2 < s->backoff_max ? backoff * 2 :
		    s->backoff_max;
	}
	if (stopping || rval != 0) {
		/* What was read is in the spool for the next run. */
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
	if (nc_spool_dropped(s->spool) > 0) {
		nc_warn("%llu records dropped: the spool was full",
		    (unsigned long long)nc_spool_dropped(s->spool));
		if (rval == 0)
			rval = 1;
	}
	if (r.input_err && rval >= 0)
		rval = -1;
	free(r.out);
	return rval;
}
