/* libmagic on other threads.  libmagic takes about 2 ms of CPU for a
 * text head no rule names, most of nc-tcp's time on web traffic; its
 * answer is only needed when the File record is written, and records
 * may be held back a while to keep their order (nc_writer_put_late), so
 * heads are handed to worker threads, each with its own libmagic (a
 * magic_t is not to be shared between threads), and the answers taken
 * later, in any order.
 *
 * Tickets name the questions.  At most depth are outstanding (asked and
 * not yet taken or dropped): nc_magicpool_ask() says 0 instead of
 * blocking when that many are, so that a caller that takes answers
 * itself never waits on itself. */
#ifndef NC_MAGICPOOL_H
#define NC_MAGICPOOL_H

#include <stddef.h>
#include <stdint.h>

#define NC_MAGICPOOL_HEAD	4096	/* bytes of a head kept */
#define NC_MAGICPOOL_MIME	128	/* bytes of an answer, with its NUL */

struct nc_magicpool;

/* threads workers (at least 1), each with libmagic loaded with flags;
 * NULL with errno set when out of memory, when libmagic cannot load its
 * database (libmagic in the caller's thread then says why) or when no
 * thread can start. */
struct nc_magicpool *nc_magicpool_new(unsigned threads, unsigned depth,
    int flags);
/* Stops the workers once their current head is done, and frees all. */
void nc_magicpool_free(struct nc_magicpool *p);

/* Asks for the MIME type of p[0, n) (its first NC_MAGICPOOL_HEAD bytes);
 * the ticket, or 0 when depth questions are outstanding. */
uint64_t nc_magicpool_ask(struct nc_magicpool *p, const uint8_t *head,
    size_t n);
/* Takes the answer to ticket t into out (empty when libmagic gave none)
 * and returns 1; with wait 0 returns 0 while it is not there yet. */
int nc_magicpool_take(struct nc_magicpool *p, uint64_t t,
    char out[NC_MAGICPOOL_MIME], int wait);
/* Ticket t's answer is not wanted. */
void nc_magicpool_drop(struct nc_magicpool *p, uint64_t t);

#endif
