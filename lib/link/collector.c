/* nc-recv's event loop (collector.h). */
#include "collector.h"
#include "sensorhdr.h"
#include "cli.h"
#include "net.h"
#include "outfile.h"
#include "store.h"
#include "stream.h"
#include "wire.h"
#include "netcap.pb-c.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>

/* What one connection may have read in one turn of the loop. */
#define TURN_BYTES (256u << 10)
#define IN_MIN (64u << 10)
/* How long written records may wait for their fsync (-d). */
#define SYNC_SECS 0.05

enum { C_FREE, C_HANDSHAKE, C_HELLO, C_STREAM };

struct conn {
	int state;
	int fd;
	SSL *ssl;
	char peer[80];
	int sensor;
	double deadline, last_read;
	uint8_t *in;
	size_t in_len, in_cap;
	uint8_t out[32];
	size_t out_len;		/* pending: welcome or ack */
	int out_busy;		/* a write of out_len waits to be retried */
	uint64_t acked;
	int ack_due;		/* a keepalive asks for an answer */
	int more;		/* stopped reading for fairness */
};

struct sensor {
	const struct nc_pin *pin;
	char fp[NC_PIN_TEXT];
	int conn;		/* -1 */
	uint64_t stream, last, durable;
	struct nc_writer *w;	/* -d: on st.fd */
	struct nc_store st;
	int dirty;
};

struct loop {
	struct nc_collector *c;
	struct conn *conns;
	struct sensor *sensors;
	size_t nsensors;
	struct nc_writer *out;	/* stdout, without -d */
	int current;		/* the sensor stdout's records are of, -1 */
	int dirfd;
	int ended;
	double last_sync;
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
logc(struct loop *l, struct conn *k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
logc(struct loop *l, struct conn *k, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (l->c->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (k->sensor >= 0)
		nc_warn("%s (%s): %s", k->peer, l->sensors[k->sensor].pin->name,
		    buf);
	else
		nc_warn("%s: %s", k->peer, buf);
}

static void
drop(struct loop *l, struct conn *k)
{
	if (k->state == C_STREAM)
		l->ended++;
	if (k->sensor >= 0 && l->sensors[k->sensor].conn == k - l->conns)
		l->sensors[k->sensor].conn = -1;
	SSL_free(k->ssl);
	close(k->fd);
	free(k->in);
	memset(k, 0, sizeof *k);
	k->state = C_FREE;
	k->fd = -1;
	k->sensor = -1;
}

/* Writes one record of sensor s; -1 on an output failure (fatal). */
static int
put(struct loop *l, struct conn *k, struct sensor *s, const uint8_t *rec,
    size_t len, uint64_t seq)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	struct nc_frame f = { .data = rec, .len = len };
	struct nc_writer *w = l->out;
	int r;

	if (l->c->dir == NULL) {
		if (l->current != s - l->sensors) {
			nc_sensor_header(&h, s->pin->name, s->fp, k->peer);
			if (nc_writer_put(w, NETCAP__RECORD__RECORD_HEADER,
			    &h.base) < 0)
				return -1;
			l->current = (int)(s - l->sensors);
		}
		return nc_writer_frame(w, &f);
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

			nc_sensor_header(&h, s->pin->name, s->fp, k->peer);
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

static void
queue(struct conn *k, int kind, uint64_t seq)
{
	if (k->out_busy || k->out_len + 11 > sizeof k->out)
		return;
	k->out_len += nc_wire_seq(k->out + k->out_len, kind, seq);
}

static void
send_out(struct loop *l, struct conn *k)
{
	int n;

	if (k->out_len == 0 || k->state == C_FREE)
		return;
	n = SSL_write(k->ssl, k->out, (int)k->out_len);
	if (n > 0) {
		memmove(k->out, k->out + n, k->out_len - (size_t)n);
		k->out_len -= (size_t)n;
		k->out_busy = 0;
		return;
	}
	n = SSL_get_error(k->ssl, n);
	if (n == SSL_ERROR_WANT_WRITE || n == SSL_ERROR_WANT_READ) {
		k->out_busy = 1;
		return;
	}
	ERR_clear_error();
	logc(l, k, "write failed: closed");
	drop(l, k);
}

static void
accept_one(struct loop *l, int lfd)
{
	struct sockaddr_storage sa;
	socklen_t n = sizeof sa;
	struct conn *k = NULL;
	char peer[80];
	int fd, i;

	fd = accept(lfd, (struct sockaddr *)&sa, &n);
	if (fd < 0)
		return;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		close(fd);
		return;
	}
	nc_net_peer((struct sockaddr *)&sa, peer, sizeof peer);
	for (i = 0; i < l->c->max_conns; i++)
		if (l->conns[i].state == C_FREE) {
			k = &l->conns[i];
			break;
		}
	if (k == NULL) {
		if (!l->c->quiet)
			nc_warn("%s: %d connections open already: refused",
			    peer, l->c->max_conns);
		close(fd);
		return;
	}
	k->fd = fd;
	k->sensor = -1;
	snprintf(k->peer, sizeof k->peer, "%s", peer);
	if ((k->ssl = SSL_new(l->c->ctx)) == NULL || !SSL_set_fd(k->ssl, fd)) {
		ERR_clear_error();
		SSL_free(k->ssl);
		close(fd);
		k->ssl = NULL;
		k->fd = -1;
		return;
	}
	k->state = C_HANDSHAKE;
	k->deadline = nc_net_now() + l->c->hs_timeout;
}

static void
handshake(struct loop *l, struct conn *k)
{
	const struct nc_pin *pin;
	uint8_t hash[NC_PIN_LEN];
	char text[NC_PIN_TEXT];
	int r = SSL_accept(k->ssl), e;
	struct sensor *s;

	if (r != 1) {
		e = SSL_get_error(k->ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			return;
		logc(l, k, "TLS handshake failed: %s: refused",
		    ERR_peek_error() ? nc_tls_error() : "connection closed");
		ERR_clear_error();
		drop(l, k);
		return;
	}
	if (nc_tls_peer_pin(k->ssl, hash) < 0 ||
	    (pin = nc_pins_find(l->c->pins, hash)) == NULL) {
		nc_pin_text(hash, text);
		logc(l, k, "key %s is not listed: refused", text);
		drop(l, k);
		return;
	}
	k->sensor = (int)(pin - l->c->pins->pin);
	s = &l->sensors[k->sensor];
	if (s->conn >= 0) {
		logc(l, &l->conns[s->conn], "replaced by a new connection "
		    "from %s", k->peer);
		drop(l, &l->conns[s->conn]);
	}
	s->conn = (int)(k - l->conns);
	k->state = C_HELLO;
	k->last_read = nc_net_now();
}

static int sync_sensor(struct loop *, struct sensor *, int);

/* Takes the messages in k's buffer; -1 when k was dropped or output
 * failed (*fatal). */
static int
take(struct loop *l, struct conn *k, int *fatal)
{
	struct sensor *s = &l->sensors[k->sensor];
	struct nc_wire_msg m;
	const char *why;
	size_t off = 0;
	long n;

	while ((n = nc_wire_parse(k->in + off, k->in_len - off, l->c->cap, &m,
	    &why)) > 0) {
		off += (size_t)n;
		if (m.kind == NC_WIRE_HELLO && k->state == C_HELLO) {
			if (m.stream != s->stream) {
				if (s->stream != 0)
					logc(l, k, "a new stream: the sensor's "
					    "spool was started anew");
				s->stream = m.stream;
				s->last = s->durable = 0;
				s->dirty = 1;
			}
			k->state = C_STREAM;
			k->acked = s->durable;
			queue(k, NC_WIRE_WELCOME, s->durable);
			if (!l->c->quiet)
				logc(l, k, "connected");
		} else if (m.kind == NC_WIRE_RECORD && k->state == C_STREAM) {
			if (m.seq <= s->last)
				continue;	/* sent again after a loss */
			if (nc_wire_record_type(m.data, m.len) < 0) {
				logc(l, k, "record %llu is not a Record: "
				    "closed", (unsigned long long)m.seq);
				drop(l, k);
				return -1;
			}
			if (put(l, k, s, m.data, m.len, m.seq) < 0) {
				*fatal = 1;
				return -1;
			}
			s->last = m.seq;
			if (l->c->rotate_size && s->st.len >= l->c->rotate_size &&
			    sync_sensor(l, s, 1) < 0) {
				*fatal = 1;
				return -1;
			}
		} else if (m.kind == NC_WIRE_KEEPALIVE && k->state == C_STREAM)
			k->ack_due = 1;
		else {
			n = -1;
			why = "unexpected message";
			break;
		}
	}
	if (n < 0) {
		logc(l, k, "%s: closed", why);
		drop(l, k);
		return -1;
	}
	memmove(k->in, k->in + off, k->in_len - off);
	k->in_len -= off;
	return 0;
}

static int
service(struct loop *l, struct conn *k, int *fatal)
{
	size_t got = 0, need;
	int r, e;

	k->more = 0;
	while (got < TURN_BYTES) {
		need = k->in_len + 16;
		if (k->in_cap - k->in_len < 16 || k->in == NULL) {
			size_t nc = k->in_cap ? k->in_cap * 2 : IN_MIN;
			uint8_t *q;

			if (nc > l->c->cap + NC_WIRE_HEAD_MAX + 16)
				nc = l->c->cap + NC_WIRE_HEAD_MAX + 16;
			if (nc < need) {
				logc(l, k, "message over the stream cap: closed");
				drop(l, k);
				return -1;
			}
			if ((q = realloc(k->in, nc)) == NULL) {
				logc(l, k, "out of memory: closed");
				drop(l, k);
				return -1;
			}
			k->in = q;
			k->in_cap = nc;
		}
		r = SSL_read(k->ssl, k->in + k->in_len, (int)(k->in_cap -
		    k->in_len > INT32_MAX ? INT32_MAX : k->in_cap - k->in_len));
		if (r <= 0) {
			e = SSL_get_error(k->ssl, r);
			if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
				return 0;
			if (e == SSL_ERROR_ZERO_RETURN)
				logc(l, k, "closed");
			else
				logc(l, k, "connection lost%s%s",
				    ERR_peek_error() ? ": " : "",
				    ERR_peek_error() ? nc_tls_error() : "");
			ERR_clear_error();
			drop(l, k);
			return -1;
		}
		got += (size_t)r;
		k->in_len += (size_t)r;
		k->last_read = nc_net_now();
		if (take(l, k, fatal) < 0)
			return -1;
	}
	k->more = 1;
	return 0;
}

/* Makes a sensor's file durable, its state saved, and with rotate gives
 * it its final name. */
static int
sync_sensor(struct loop *l, struct sensor *s, int rotate)
{
	if (s->w != NULL && (nc_writer_flush(s->w) < 0 ||
	    fsync(s->st.fd) != 0)) {
		nc_warn_errno("%s: %s.ncap.part", l->c->dir, s->pin->name);
		return -1;
	}
	if (nc_store_save(&s->st, s->stream, s->last) < 0) {
		nc_warn("%s: %s", l->c->dir, s->st.why);
		return -1;
	}
	s->dirty = 0;
	s->durable = s->last;
	if (rotate && s->w != NULL) {
		nc_writer_close(s->w);
		s->w = NULL;
		if (nc_store_finish(&s->st) < 0) {
			nc_warn("%s: %s", l->c->dir, s->st.why);
			return -1;
		}
	}
	return 0;
}

/* Makes what was written durable and says so to the senders; force 2
 * gives every file its final name. */
static int
sync_out(struct loop *l, int force)
{
	double now = nc_net_now();
	size_t i;

	if (l->c->dir == NULL) {
		if (nc_writer_flush(l->out) < 0)
			return -1;
		for (i = 0; i < l->nsensors; i++)
			l->sensors[i].durable = l->sensors[i].last;
		return 0;
	}
	if (!force && now - l->last_sync < SYNC_SECS)
		return 0;
	l->last_sync = now;
	for (i = 0; i < l->nsensors; i++) {
		struct sensor *s = &l->sensors[i];
		int rotate;

		rotate = s->w != NULL && ((l->c->rotate_secs > 0 &&
		    difftime(time(NULL), s->st.begun) >= l->c->rotate_secs) ||
		    force == 2);
		if ((s->dirty || rotate) && sync_sensor(l, s, rotate) < 0)
			return -1;
	}
	return 0;
}

static int
setup(struct loop *l)
{
	struct nc_collector *c = l->c;
	char why[320];
	size_t i;

	l->nsensors = c->pins->n;
	l->current = -1;
	l->dirfd = -1;
	l->conns = calloc((size_t)c->max_conns, sizeof *l->conns);
	l->sensors = calloc(l->nsensors, sizeof *l->sensors);
	if (l->conns == NULL || l->sensors == NULL) {
		nc_warn("out of memory");
		return -1;
	}
	for (i = 0; i < (size_t)c->max_conns; i++) {
		l->conns[i].fd = -1;
		l->conns[i].sensor = -1;
	}
	if (c->dir != NULL &&
	    (l->dirfd = nc_outdir_open(c->dir, why, sizeof why)) < 0) {
		nc_warn("%s", why);
		return -1;
	}
	for (i = 0; i < l->nsensors; i++) {
		struct sensor *s = &l->sensors[i];

		s->pin = &c->pins->pin[i];
		s->conn = -1;
		nc_pin_text(s->pin->hash, s->fp);
		if (c->dir == NULL)
			continue;
		if (nc_store_recover(&s->st, l->dirfd, s->pin->name) < 0) {
			nc_warn("%s: %s", c->dir, s->st.why);
			return -1;
		}
		s->stream = s->st.stream;
		s->last = s->durable = s->st.seq;
	}
	if (c->dir == NULL && (l->out = nc_writer_open(STDOUT_FILENO)) == NULL) {
		nc_warn("out of memory");
		return -1;
	}
	return 0;
}

int
nc_collector_run(struct nc_collector *c)
{
	struct loop l = { .c = c };
	struct sigaction sa = { 0 };
	struct pollfd *p = NULL;
	char why[320] = "out of memory";
	double now, next;
	int lfd = -1, i, n, fatal = 0, rval = -1, timeout;
	size_t j;

	if (setup(&l) < 0)
		goto fail;
	if ((lfd = nc_net_listen(c->addr, why, sizeof why)) < 0 ||
	    (p = calloc((size_t)c->max_conns + 1, sizeof *p)) == NULL) {
		nc_warn("%s", why);
		goto fail;
	}
	if (!c->quiet)
		nc_warn("listening on %s", c->addr);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (!stopping && !(c->sessions > 0 && l.ended >= c->sessions)) {
		timeout = 100;
		p[0].fd = lfd;
		p[0].events = POLLIN;
		for (i = 0; i < c->max_conns; i++) {
			struct conn *k = &l.conns[i];

			p[i + 1].fd = k->state == C_FREE ? -1 : k->fd;
			p[i + 1].events = POLLIN | (k->out_len ? POLLOUT : 0);
			p[i + 1].revents = 0;
			if (k->state != C_FREE && (k->more ||
			    SSL_pending(k->ssl) > 0))
				timeout = 0;
		}
		n = poll(p, (nfds_t)c->max_conns + 1, timeout);
		if (n < 0 && errno != EINTR) {
			nc_warn_errno("poll");
			break;
		}
		if (n > 0 && (p[0].revents & POLLIN))
			for (i = 0; i < 16; i++)
				accept_one(&l, lfd);
		for (i = 0; i < c->max_conns && !fatal; i++) {
			struct conn *k = &l.conns[i];

			if (k->state == C_FREE || p[i + 1].fd < 0)
				continue;
			if (k->out_len)
				send_out(&l, k);
			if (k->state == C_HANDSHAKE)
				handshake(&l, k);
			else if (k->state != C_FREE && (p[i + 1].revents ||
			    k->more || SSL_pending(k->ssl) > 0))
				service(&l, k, &fatal);
		}
		if (fatal || sync_out(&l, 0) < 0)
			goto out;
		now = nc_net_now();
		for (i = 0; i < c->max_conns; i++) {
			struct conn *k = &l.conns[i];
			struct sensor *s;

			if (k->state == C_HANDSHAKE || k->state == C_HELLO) {
				if (now > k->deadline) {
					logc(&l, k, "no %s in %gs: closed",
					    k->state == C_HANDSHAKE ?
					    "handshake" : "hello",
					    c->hs_timeout);
					drop(&l, k);
				}
				continue;
			}
			if (k->state != C_STREAM)
				continue;
			s = &l.sensors[k->sensor];
			next = k->last_read + c->idle;
			if (now > next) {
				logc(&l, k, "nothing for %gs: closed", c->idle);
				drop(&l, k);
				continue;
			}
			if (s->durable > k->acked || k->ack_due) {
				if (!k->out_busy) {
					queue(k, NC_WIRE_ACK, s->durable);
					k->acked = s->durable;
					k->ack_due = 0;
				}
			}
			if (k->out_len)
				send_out(&l, k);
		}
	}
	rval = 0;
out:
	if (sync_out(&l, c->dir != NULL ? 2 : 1) < 0)
		rval = -1;
	for (i = 0; i < c->max_conns; i++)
		if (l.conns[i].state != C_FREE) {
			SSL_shutdown(l.conns[i].ssl);
			drop(&l, &l.conns[i]);
		}
	for (j = 0; j < l.nsensors; j++)
		if (l.sensors[j].w != NULL)
			nc_writer_close(l.sensors[j].w);
	if (l.out != NULL && nc_writer_close(l.out) < 0) {
		if (errno != EPIPE)
			nc_warn_errno("stdout");
		rval = errno == EPIPE ? rval : -1;
	}
	if (l.dirfd >= 0)
		close(l.dirfd);
	close(lfd);
	free(p);
	free(l.conns);
	free(l.sensors);
	return fatal ? -1 : rval;
fail:
	if (lfd >= 0)
		close(lfd);
	if (l.dirfd >= 0)
		close(l.dirfd);
	nc_writer_close(l.out);
	free(l.conns);
	free(l.sensors);
	return -1;
}
