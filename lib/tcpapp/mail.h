/* Mail messages carried by SMTP, POP3 and IMAP: the bytes of one message
 * are kept as they come, up to a cap, and when the message ends gmime
 * reads them into a Mail record (its header fields and MIME structure)
 * and a File record per attachment or non-text part (files/files.h).
 *
 * The protocol parsers own the framing (dot-unstuffing, BDAT chunks,
 * literals) and hand over message bytes only.  Memory: the kept bytes of
 * each message in flight, at most the cap (nc-tcp's -b, MAIL_MAX when
 * unset), and while one is read, gmime's tree of it; the part and depth
 * limits of mail.c keep that tree small whatever the bytes say. */
#ifndef NC_TCPAPP_MAIL_H
#define NC_TCPAPP_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "tcpapp/tcpapp.h"

/* One message being collected; all zero is idle. */
struct nc_mail {
	void *buf;			/* a GByteArray, made at the first byte */
	uint64_t size;			/* bytes seen, kept or not */
	uint8_t active, cut;
};

/* Bytes of one message kept when nc-tcp's -b is not given. */
#define NC_MAIL_MAX	(8ULL << 20)

/* A message starts: what was pending is dropped. */
void nc_mail_begin(struct nc_mail *m);
/* n more bytes of it, as the receiver sees them (transparency undone). */
void nc_mail_data(struct nc_mail *m, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c);
/* Bytes of it were lost (a gap). */
void nc_mail_cut(struct nc_mail *m);
/* Not a message after all (DATA refused): dropped, nothing written. */
void nc_mail_drop(struct nc_mail *m);
/* The message ended (cut: before its end marker): writes its File and
 * Mail records, sent by direction dir over proto ("smtp", a static
 * string), linked to the protocol record numbered link; 0 or -1.  Does
 * nothing when no message is active. */
int nc_mail_end(struct nc_mail *m, const struct nc_tcpapp_ctx *c,
    const char *proto, int dir, uint32_t link, int cut);
void nc_mail_free(struct nc_mail *m);

/* Reads the message p[0, n) of size bytes seen and writes its records:
 * what nc_mail_end() does, for a message held elsewhere (the fuzz
 * harness, the unit tests). */
int nc_mail_put(const uint8_t *p, size_t n, uint64_t size, int cut,
    const struct nc_tcpapp_ctx *c, const char *proto, int dir,
    uint32_t link);

#endif
