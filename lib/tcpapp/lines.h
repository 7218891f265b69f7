/* Lines of the CRLF text protocols (FTP, SMTP, POP3, IMAP), read from a
 * direction's reassembled bytes with a bound on what is kept.
 *
 * A line ends at LF; a CR before it is dropped (RFC 5321 2.3.8 asks for
 * CR LF, but bare LF is common enough to take).  A line whose bytes do
 * not all come in one call is kept until its LF comes, at most cap bytes
 * of it: the rest is read and dropped, and the line is handed out cut.
 * Nothing else is buffered, so a direction costs cap bytes at most, and
 * only once one of its lines was split across calls.
 *
 * Between lines, a parser may take a counted number of bytes itself from
 * the cursor (a BDAT chunk, an IMAP literal): the reader holds no bytes
 * then. */
#ifndef NC_TCPAPP_LINES_H
#define NC_TCPAPP_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "decode/cursor.h"
#include "tcpapp/tcpapp.h"

struct nc_lines {
	uint8_t *buf;			/* cap bytes, made when first needed */
	uint32_t n;			/* bytes of the pending line kept */
	uint32_t cap;
	uint8_t cut;			/* the pending line passed cap */
	uint8_t nomem;			/* buf could not be made */
	uint8_t last;			/* the pending line's last byte */
	uint64_t len;			/* bytes of the pending line seen */
	uint64_t lines, cuts;		/* lines handed out, and cut */
};

/* One line: its bytes without CR LF, valid until the next call. */
struct nc_line {
	const uint8_t *p;
	size_t n;			/* bytes of p: at most cap */
	uint64_t len;			/* bytes the line had */
	int cut;			/* len > n */
};

/* A reader keeping at most cap bytes of a line (cap > 0). */
void nc_lines_init(struct nc_lines *l, uint32_t cap);
void nc_lines_free(struct nc_lines *l);

/* The next whole line from c into *out: 1, or 0 when c ran out first
 * (the start of a line is kept for the next call). */
int nc_lines_next(struct nc_lines *l, struct nc_cur *c, struct nc_line *out);

/* Whether part of a line waits for its end. */
int nc_lines_pending(const struct nc_lines *l);

/* Drops the line waiting: a gap cut it. */
void nc_lines_reset(struct nc_lines *l);

/* Helpers of the parsers that read these lines. */
struct nc_span {
	const uint8_t *p;
	size_t n;
};

struct nc_span nc_lines_span(const uint8_t *p, size_t n);
/* The index of the first byte b of s at or after from; s.n when none. */
size_t nc_lines_index(struct nc_span s, size_t from, uint8_t b);
/* The n bytes of s from off, clipped to s (empty past its end). */
struct nc_span nc_lines_sub(struct nc_span s, size_t off, size_t n);
/* The first word of a command line, and what follows the space after
 * it (empty when none). */
void nc_lines_word(const struct nc_line *l, struct nc_span *word,
    struct nc_span *rest);
void nc_lines_split(struct nc_span s, struct nc_span *word,
    struct nc_span *rest);
/* A reply line "DDD text" or "DDD-text" (RFC 959 4.2, RFC 5321 4.2):
 * 0 with its code, whether more lines follow ('-') and its text; -1
 * when it is not one. */
int nc_lines_reply(const struct nc_line *l, unsigned *code, int *more,
    struct nc_span *text);
/* Whether s is word (upper case), ignoring the case of s; whether s
 * starts with it; whether it holds it anywhere. */
int nc_lines_is(struct nc_span s, const char *word);
int nc_lines_prefix(struct nc_span s, const char *word);
int nc_lines_find(struct nc_span s, const char *word);
/* Whether the first bytes a server sent, s, start with the reply code
 * (3 digits) and a space or '-': YES, NO, or MORE while too few. */
int nc_lines_greeting(struct nc_span s, const char *code);
/* s upper-cased into out, at most max bytes; the length. */
size_t nc_lines_upper(struct nc_span s, uint8_t *out, size_t max);

/*
 * The commands of FTP and POP3 wait in a ring of QUEUE for their replies,
 * which come in order.  A parser's struct cmd begins with the members of
 * struct nc_cmd, under the same names (NC_CMD_MEMBERS in an anonymous
 * union beside a struct nc_cmd, so that the common initial sequence is
 * the same, C11 6.5.2.3), and adds its own.
 */
#define NC_CMD_WORD	16		/* bytes of a command word kept, most */
#define NC_CMD_ARG	512		/* bytes of an argument kept, most */

#define NC_CMD_MEMBERS							\
	uint8_t word[NC_CMD_WORD], arg[NC_CMD_ARG];			\
	uint16_t nword, narg;						\
	uint8_t cut;			/* a byte of it was not kept */	\
	int64_t ts;			/* its packet */		\
	uint64_t packet

struct nc_cmd {
	NC_CMD_MEMBERS;
};

/* Where the next command goes in a ring of cap, n waiting from head: its
 * index, or -1 when the ring is full or commands already went past it
 * (pipelined deeper than the queue).  Those are counted in *over (their
 * replies, when they come, are counted off it) and in st->capped; the
 * parser writes them at once, unanswered. */
int nc_cmd_slot(unsigned head, unsigned n, unsigned cap, uint64_t *over,
    struct nc_tcpapp_stats *st);
/* Fills k from line l, whose word is w and argument arg: the word
 * upper-cased, at most word_max bytes of it and arg_max of the argument
 * (at most NC_CMD_WORD, NC_CMD_ARG), the packet of c.  The caller zeroes
 * its whole struct cmd first. */
void nc_cmd_fill(struct nc_cmd *k, const struct nc_line *l, struct nc_span w,
    struct nc_span arg, size_t word_max, size_t arg_max,
    const struct nc_tcpapp_ctx *c);

#endif
