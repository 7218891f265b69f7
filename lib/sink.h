/* The text sinks that write one line per record to stdout (nc-dump,
 * nc-tojson): the same options, loop and output, and a renderer each. */
#ifndef NC_SINK_H
#define NC_SINK_H

#include <protobuf-c/protobuf-c.h>

#include "render.h"

struct nc_sink_lines {
	const char *usage;		/* as the man page SYNOPSIS has it */
	int tfmt;			/* default time format */
	/* Appends one line for m, newline included. */
	void (*render)(const ProtobufCMessage *m, const char *type, int tfmt,
	    struct nc_buf *line);
	/* The renderer of -v, when the program takes it. */
	void (*render_v)(const ProtobufCMessage *m, const char *type,
	    int tfmt, struct nc_buf *line);
};

/* Runs the program: options, every input, stdout flushed and closed.
 * Returns the exit status. */
int nc_sink_lines(const struct nc_sink_lines *s, int argc, char *argv[]);

#endif
