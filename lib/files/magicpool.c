/* libmagic on worker threads (magicpool.h).
 *
 * Tickets are handed out in order and ticket t lives in slot t % depth,
 * so a slot is free again once its ticket is taken or dropped; workers
 * start the questions in ticket order.  One mutex guards the slots: a
 * question costs milliseconds, so the lock is never what waits. */
#include "files/magicpool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>

enum { FREE, QUEUED, RUNNING, DONE };

struct slot {
	uint64_t ticket;
	/* Set under the lock; read without it by a take that will not
	 * wait, which a writer makes for each record while a File record
	 * waits. */
	_Atomic int state;
	int dropped;			/* freed when done, not taken */
	size_t n;
	uint8_t head[NC_MAGICPOOL_HEAD];
	char mime[NC_MAGICPOOL_MIME];
};

struct worker {
	struct nc_magicpool *p;
	magic_t magic;
	pthread_t th;
};

struct nc_magicpool {
	pthread_mutex_t mu;
	pthread_cond_t work;		/* a question is queued, or stop */
	pthread_cond_t done;		/* a question is answered */
	struct slot *slot;
	unsigned depth;
	uint64_t next;			/* the next ticket handed out */
	uint64_t run;			/* the next ticket a worker starts */
	int stop;
	struct worker *w;
	unsigned nw;			/* at most */
	unsigned nstarted;		/* the first ones */
	int flags;			/* libmagic's */
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct nc_magicpool *p = w->p;
	struct slot *s;
	const char *t;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->run == p->next)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->stop)
			break;
		s = &p->slot[p->run++ % p->depth];
		if (s->dropped) {
			s->state = FREE;
			continue;
		}
		s->state = RUNNING;
		pthread_mutex_unlock(&p->mu);
		/* The slot is this worker's until it is marked done. */
		t = magic_buffer(w->magic, s->head, s->n);
		snprintf(s->mime, sizeof s->mime, "%s", t != NULL ? t : "");
		pthread_mutex_lock(&p->mu);
		if (s->dropped)
			s->state = FREE;
		else {
			s->state = DONE;
			pthread_cond_broadcast(&p->done);
		}
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Starts worker i: 0, or an errno value. */
static int
start(struct nc_magicpool *p, unsigned i)
{
	struct worker *w = &p->w[i];
	sigset_t all, old;
	int e;

	w->p = p;
	if ((w->magic = magic_open(p->flags)) == NULL ||
	    magic_load(w->magic, NULL) != 0) {
		magic_close(w->magic);
		w->magic = NULL;
		return EINVAL;
	}
	/* Signals are the program's thread's business: a worker starts
	 * with all of them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(&w->th, NULL, work, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		magic_close(w->magic);
		w->magic = NULL;
		return e;
	}
	p->nstarted++;
	return 0;
}

struct nc_magicpool *
nc_magicpool_new(unsigned threads, unsigned depth, int flags)
{
	struct nc_magicpool *p;
	int e;

	if (threads == 0)
		threads = 1;
	if (depth < threads)
		depth = threads;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->depth = depth;
	p->flags = flags;
	p->next = p->run = 1;
	p->slot = calloc(depth, sizeof *p->slot);
	p->w = calloc(threads, sizeof *p->w);
	if (p->slot == NULL || p->w == NULL) {
		free(p->slot);
		free(p->w);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->nw = threads;
	/* One now, more as questions queue up. */
	if ((e = start(p, 0)) != 0) {
		nc_magicpool_free(p);
		errno = e;
		return NULL;
	}
	return p;
}

void
nc_magicpool_free(struct nc_magicpool *p)
{
	unsigned i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nstarted; i++) {
		pthread_join(p->w[i].th, NULL);
		magic_close(p->w[i].magic);
	}
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->mu);
	free(p->w);
	free(p->slot);
	free(p);
}

uint64_t
nc_magicpool_ask(struct nc_magicpool *p, const uint8_t *head, size_t n)
{
	struct slot *s;
	uint64_t t;
	int grow;

	pthread_mutex_lock(&p->mu);
	s = &p->slot[p->next % p->depth];
	if (s->state != FREE) {
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	t = p->next++;
	s->ticket = t;
	s->state = QUEUED;
	s->dropped = 0;
	s->n = n < NC_MAGICPOOL_HEAD ? n : NC_MAGICPOOL_HEAD;
	memcpy(s->head, head, s->n);
	pthread_cond_signal(&p->work);
	/* Questions wait that no worker has started: one more worker, each
	 * with its own libmagic (some 11 MB and 15 ms to load), so that a
	 * short capture loads one. */
	grow = p->next - p->run > 1 && p->nstarted < p->nw;
	pthread_mutex_unlock(&p->mu);
	if (grow && start(p, p->nstarted) != 0)
		p->nw = p->nstarted;
	return t;
}

/* Ticket t's slot, or NULL when t was never handed out or is gone. */
static struct slot *
find(struct nc_magicpool *p, uint64_t t)
{
	struct slot *s = &p->slot[t % p->depth];

	return t != 0 && s->ticket == t && s->state != FREE && !s->dropped ?
	    s : NULL;
}

int
nc_magicpool_take(struct nc_magicpool *p, uint64_t t,
    char out[NC_MAGICPOOL_MIME], int wait)
{
	struct slot *s = &p->slot[t % p->depth];

	/* Not answered yet, seen without the lock: the slot is t's until
	 * t is taken or dropped. */
	if (!wait && t != 0 && s->ticket == t &&
	    atomic_load_explicit(&s->state, memory_order_acquire) != DONE)
		return 0;
	pthread_mutex_lock(&p->mu);
	while ((s = find(p, t)) != NULL && s->state != DONE && wait)
		pthread_cond_wait(&p->done, &p->mu);
	if (s != NULL && s->state != DONE) {
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	/* A ticket not outstanding has no answer: an empty one. */
	out[0] = '\0';
	if (s != NULL) {
		memcpy(out, s->mime, NC_MAGICPOOL_MIME);
		s->state = FREE;
	}
	pthread_mutex_unlock(&p->mu);
	return 1;
}

void
nc_magicpool_drop(struct nc_magicpool *p, uint64_t t)
{
	struct slot *s;

	pthread_mutex_lock(&p->mu);
	/* A queued or running question is freed by its worker, which
	 * would otherwise find its slot taken by a later ticket. */
	if ((s = find(p, t)) != NULL) {
		if (s->state == DONE)
			s->state = FREE;
		else
			s->dropped = 1;
	}
	pthread_mutex_unlock(&p->mu);
}
