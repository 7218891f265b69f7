/* Parsers of the byte streams of TCP connections after reassembly
 * (flow/tcpreasm.h).  nc-tcp chooses one parser per connection, by a
 * content probe of the first bytes first and by port second, and hands
 * it the bytes of both directions in order, with the gaps between them;
 * the parser writes records of what it finds (TLS hellos, SSH
 * identification and key exchange, DNS messages ...).
 *
 * A parser keeps its own state per connection, made by open() when the
 * connection is given to it and freed by close().  It is never handed
 * more bytes than one call's segment made contiguous, and keeps at most
 * a bounded amount of them: every length on the wire is hostile. */
#ifndef NC_TCPAPP_H
#define NC_TCPAPP_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* n bytes at p as a bytes field; none when p is NULL. */
static inline ProtobufCBinaryData
nc_bin(const void *p, size_t n)
{
	ProtobufCBinaryData b;

	b.data = (uint8_t *)p;
	b.len = p != NULL ? n : 0;
	return b;
}

/* The two directions, as Zeek names the two ends. */
enum { NC_TCPAPP_ORIG = 0, NC_TCPAPP_RESP = 1 };

/* The connection; the same for every call on one connection. */
struct nc_tcpapp_conn {
	uint64_t flow;			/* the flow id of its packet records */
	uint8_t alen;			/* 4 or 16 */
	uint8_t ip[2][16];		/* indexed by direction's sender */
	uint16_t port[2];
	uint32_t inner;			/* tunnels around it */
};

/*
 * The endpoints every nc-tcp record carries, the sender of dir first: one
 * place, so that no record type forgets one (inner was forgotten once).
 */
#define NC_TCPAPP_ENDS(m, cn, dir) do {					\
	(m).src_ip = nc_bin((cn)->ip[(dir)], (cn)->alen);		\
	(m).dst_ip = nc_bin((cn)->ip[!(dir)], (cn)->alen);		\
	(m).src_port = (cn)->port[(dir)];				\
	(m).dst_port = (cn)->port[!(dir)];				\
	(m).flow = (cn)->flow;						\
	(m).inner = (cn)->inner;					\
} while (0)

/* What a parser did, summed over the connections of one program. */
struct nc_tcpapp_stats {
	uint64_t records;		/* records written */
	uint64_t malformed;		/* directions given up: bytes that
					 * do not parse as the protocol */
	uint64_t capped;		/* messages longer than kept, skipped */
};

struct nc_files;
struct nc_expect;

/* What the user chose for the parsers that want it. */
struct nc_tcpapp_opts {
	struct nc_files *files;		/* where bodies go (files/files.h);
					 * NULL: no File records */
	uint64_t body_max;		/* decoded bytes of one HTTP body;
					 * 0: the default */
};

/* Where the bytes of a call came from, and where records go. */
struct nc_tcpapp_ctx {
	const struct nc_tcpapp_conn *conn;
	int64_t ts;			/* ns: the packet that made the bytes
					 * contiguous */
	uint64_t packet;		/* its packet number */
	/* Writes one record of the given Record type; 0, or -1 with errno
	 * set (the parser then returns -1). */
	int (*put)(void *arg, int type, const ProtobufCMessage *m);
	void *arg;
	struct nc_tcpapp_stats *stats;	/* of this parser */
	void *shared;			/* what init() made, or NULL */
	const struct nc_tcpapp_opts *opts; /* NULL: the defaults */
	struct nc_expect *expect;	/* connections announced (expect.h),
					 * or NULL */
	uint64_t expected;		/* the announcement this connection
					 * took, or 0 */
	uint8_t fin[2];			/* by direction: its FIN was seen */
	/* Optional (NULL: nobody asks): the server's greeting line, for a
	 * parser whose records do not keep it; 0, or -1 as put. */
	int (*greeting)(const struct nc_tcpapp_ctx *c, const char *proto,
	    const uint8_t *p, size_t n);
};

enum nc_probe { NC_PROBE_NO, NC_PROBE_YES, NC_PROBE_MORE };

/* What data() and gap() return besides -1. */
enum {
	NC_TCPAPP_MORE = 0,		/* go on */
	NC_TCPAPP_DONE = 1,		/* no more bytes of this connection
					 * needed: nc-tcp stops reassembling
					 * it (close() is still called) */
};

struct nc_tcpapp {
	const char *name;		/* "tls", "ssh", "dns", "http" */
	/* Whether the first n bytes a direction sent look like this
	 * protocol; MORE: too few bytes to say. */
	enum nc_probe (*probe)(int dir, const uint8_t *p, size_t n);
	/* State for one connection; NULL when out of memory. */
	void *(*open)(const struct nc_tcpapp_ctx *c);
	/* n bytes of direction dir, following the ones before. */
	int (*data)(void *s, int dir, const uint8_t *p, size_t n,
	    const struct nc_tcpapp_ctx *c);
	/* n bytes of dir were never seen: what follows is cut from what
	 * came before. */
	int (*gap)(void *s, int dir, uint64_t n,
	    const struct nc_tcpapp_ctx *c);
	/* End of the connection: writes what is pending and frees s;
	 * returns 0 or -1. */
	int (*close)(void *s, const struct nc_tcpapp_ctx *c);
	/* Optional: state every connection of one program shares (a
	 * decoder's scratch space, too large to have per connection), made
	 * before the first open() and freed after the last close(); each
	 * call gets it as ctx->shared.  init() returns NULL when out of
	 * memory. */
	void *(*init)(void);
	void (*fini)(void *shared);
};

extern const struct nc_tcpapp nc_tcpapp_tls, nc_tcpapp_ssh, nc_tcpapp_dns;
extern const struct nc_tcpapp nc_tcpapp_http;
extern const struct nc_tcpapp nc_tcpapp_ftp, nc_tcpapp_smtp, nc_tcpapp_pop3,
    nc_tcpapp_imap;
extern const struct nc_tcpapp nc_tcpapp_telnet;
/* Never chosen by probe or port: nc-tcp gives it the connections FTP
 * announced (expect.h). */
extern const struct nc_tcpapp nc_tcpapp_ftpdata;

#endif
