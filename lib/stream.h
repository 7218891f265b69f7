/* The record stream: varint-length-delimited Record frames (see ncap(5)).
 * Framing lives here and nowhere else. */
#ifndef NC_STREAM_H
#define NC_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "budget.h"

/* No frame may be longer than this; a larger length is treated as damage
 * rather than allocated. */
#define NC_FRAME_MAX (16u << 20)

/* Stream format version written in Header.version. */
#define NC_FORMAT_VERSION 1

struct nc_frame {
	const uint8_t *data;	/* the serialized Record */
	size_t len;
	int type;		/* Record oneof field number, see registry.h */
	const uint8_t *body;	/* the member message inside the envelope */
	size_t body_len;
	uint64_t offset;	/* byte offset of the frame in the (uncompressed) stream */
};

struct nc_reader;

/* path NULL or "-" reads stdin.  Returns NULL with errno set on failure to
 * open.  gzip and zstd input are recognised by magic and decompressed. */
struct nc_reader *nc_reader_open(const char *path);
/* Reads an open descriptor (closed by nc_reader_close); name is for
 * messages. */
struct nc_reader *nc_reader_fdopen(int fd, const char *name);
/* 1: *f holds the next frame (valid until the next call); 0: clean end of
 * input; -1: damaged or unreadable input, see nc_reader_error. */
int nc_reader_next(struct nc_reader *r, struct nc_frame *f);
/* "NAME: byte N: what is wrong", or NULL. */
const char *nc_reader_error(const struct nc_reader *r);
const char *nc_reader_name(const struct nc_reader *r);
/* The budget nc_reader_unpack holds every record to; NC_BUDGET_DEFAULT
 * until set. */
void nc_reader_set_budget(struct nc_reader *r, const struct nc_budget *b);
/* Unpacks the frame's member message into memory owned by the reader and
 * reused by the next call: no per-record malloc.  NULL and an error on a
 * frame protobuf-c cannot decode or one over the budget, and NULL alone
 * for one of a type this build lacks (nc_reader_error is then NULL). */
ProtobufCMessage *nc_reader_unpack(struct nc_reader *r,
    const struct nc_frame *f);
/* Whether nc_reader_next can go on without waiting for input: a whole
 * frame is read in, or the descriptor has bytes (or its end) to give. */
int nc_reader_more(struct nc_reader *r);
void nc_reader_close(struct nc_reader *r);

struct nc_writer;

/* Buffered frame writer on fd (not closed by nc_writer_close). */
struct nc_writer *nc_writer_open(int fd);
/* Frames msg as a Record whose oneof member number is type.  Returns -1 with
 * errno set when a write fails. */
int nc_writer_put(struct nc_writer *w, int type, const ProtobufCMessage *msg);
/* Copies a frame unchanged: the pass-through path. */
int nc_writer_frame(struct nc_writer *w, const struct nc_frame *f);
/* Writes everything, late records included (waiting for them). */
int nc_writer_flush(struct nc_writer *w);
/* Flushes and frees; returns -1 with errno if the final flush failed. */
int nc_writer_close(struct nc_writer *w);

/* A record one of whose fields comes later: a File record's MIME type,
 * from libmagic on another thread.  ready() says whether it has come,
 * waiting for it when wait is set; then fill() sets it in a copy of the
 * record (which protobuf-c frees: a string put there must be malloc'd).
 * drop() says it will not be asked for, when the writer fails first. */
struct nc_late {
	int (*ready)(void *arg, uint64_t id, int wait);
	void (*fill)(void *arg, uint64_t id, ProtobufCMessage *msg);
	void (*drop)(void *arg, uint64_t id);
	void *arg;
	uint64_t id;
};

/* As nc_writer_put, for a record that waits for late: it and everything
 * written after it are held, in order, until it is filled in.  Output is
 * the same bytes as if msg had been complete when put.  The writer keeps
 * at most NC_WRITER_HELD bytes behind late records before it waits. */
int nc_writer_put_late(struct nc_writer *w, int type,
    const ProtobufCMessage *msg, const struct nc_late *late);
/* Whether records wait behind a late one. */
int nc_writer_late(const struct nc_writer *w);
/* Writes what can go without waiting for a late record. */
int nc_writer_drain(struct nc_writer *w);
#define NC_WRITER_HELD	(64u << 20)

/* Writes all n bytes of p to fd (again after EINTR and short writes);
 * -1 with errno set when a write fails. */
int nc_write_all(int fd, const uint8_t *p, size_t n);

/* Varint helpers, exposed for tests and for the fuzzers. */
size_t nc_varint_put(uint8_t *p, uint64_t v);
size_t nc_varint_len(uint64_t v);

#endif
