/* The record loop every sink and transform runs: read the inputs in order,
 * peek each frame's type without unpacking it, and either pass the frame
 * through untouched or hand the unpacked record to the program.
 *
 * A transform gives the loop an output writer.  Frames of types it did not
 * select go to the writer byte for byte; a selected record goes to
 * record(), which decides what is written in its place: the frame itself
 * (nc_writer_frame(x->out, x->frame)), a changed record, records of its own
 * (nc_writer_put), or nothing.  Since nothing else is written while
 * record() runs, the records it adds go out right after every frame before
 * the one that caused them and before every frame after it: stream order
 * is kept.  Records that can only be written later, such as a flow
 * table's final records, are written by end(), after the last frame of the
 * last input.  Header records, which start every input and every stream
 * concatenated to it, are records like any other: they pass through unless
 * selected.
 *
 * A sink is the same loop without a writer: frames not selected are
 * dropped (skip() may count them).  Frames of types this build does not
 * know, written by a newer netcap, pass through a transform unchanged; a
 * sink warns about each such type once.
 *
 * The loop never exits the program: it returns, and the program decides. */
#ifndef NC_TRANSFORM_H
#define NC_TRANSFORM_H

#include <protobuf-c/protobuf-c.h>

#include "registry.h"
#include "stream.h"

struct nc_transform {
	/* Types unpacked and handed to record(); record() may change it. */
	struct nc_typeset types;
	/* Returns 0, or -1 with errno set to stop the loop (a failed write). */
	int (*record)(struct nc_transform *, const struct nc_type *,
	    const ProtobufCMessage *);
	/* Optional, instead of passing it through or dropping it: a frame of
	 * a type not in types, known or not, is the program's to write or
	 * not (x->frame is not set); returns like record(). */
	int (*other)(struct nc_transform *, const struct nc_frame *);
	/* Optional: a known type not in types went by (not with other);
	 * x->frame is its frame, not unpacked (a transform may read a few
	 * fields of it, scan.h). */
	void (*skip)(struct nc_transform *, const struct nc_type *);
	/* Optional: called once when every input was read to its end (not
	 * after damage); returns like record(). */
	int (*end)(struct nc_transform *);
	/* The output of a transform; NULL in a sink.  Not closed here.  It and
	 * the callbacks stay as they are during the run; types may change. */
	struct nc_writer *out;
	/* The budget for one unpacked record (-B); NULL: the default. */
	const struct nc_budget *budget;
	/* Flush out after each input frame, for -l. */
	int unbuffered;
	void *arg;

	/* Set by the loop for the callbacks. */
	const char *name;		/* the input being read */
	const struct nc_frame *frame;	/* the frame record() or skip() was
					 * given */

	/* Private to the loop. */
	char err[512];
	uint8_t warned[NC_TYPE_MAX + 1];
};

/* What nc_transform_run returns. */
enum {
	NC_TRANSFORM_OK = 0,
	/* An input could not be opened: warned about, the others were read. */
	NC_TRANSFORM_MISSING = 1,
	/* Stopped early; see nc_transform_error. */
	NC_TRANSFORM_STOPPED = -1,
};

/* Reads the n paths in order (stdin when n is 0; "-" is stdin; gzip and
 * zstd are recognised by the reader).  On damaged input everything before
 * the damaged frame has been handed on and out is flushed. */
int nc_transform_run(struct nc_transform *x, int n, char **paths);

/* For a transform that follows flows and writes what it made of them at
 * the end (nc-conn, nc-flow, nc-tcp): stdout is refused when it is a
 * terminal, and Ctrl-C is ignored when stdin is a pipe, for it reaches
 * both ends of "nc-decode -i IF | nc-conn": nc-decode ends its stream,
 * and the open flows are then written instead of lost.  Returns the
 * writer on stdout, also set as x->out, with Header records selected for
 * record() (each starts a stream); dies when out of memory. */
struct nc_writer *nc_transform_flows_open(struct nc_transform *x);
/* Runs x over the n paths (nc_transform_run) and closes x->out.  When
 * the loop stopped, dies as those programs do: out of memory, a failed
 * write, or damaged input (what came before it written).  Returns
 * NC_TRANSFORM_OK or NC_TRANSFORM_MISSING. */
int nc_transform_flows_run(struct nc_transform *x, int n, char **paths);

/* After NC_TRANSFORM_STOPPED: "NAME: byte N: what is wrong" for damaged
 * input, or NULL when a write or a callback failed (errno says why). */
const char *nc_transform_error(const struct nc_transform *x);

#endif
