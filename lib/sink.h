/* The input side every sink shares: read the named files (or stdin) in
 * order, skip types not asked for without unpacking them, warn once about
 * types this build does not know, and stop on damaged input. */
#ifndef NC_SINK_H
#define NC_SINK_H

#include <protobuf-c/protobuf-c.h>

#include "registry.h"

struct nc_sink {
	/* Types unpacked and handed to record(); record() may change it. */
	struct nc_typeset types;
	void (*record)(struct nc_sink *, const struct nc_type *,
	    const ProtobufCMessage *);
	/* Optional: a known type not in types went by. */
	void (*skip)(struct nc_sink *, const struct nc_type *);
	void *arg;
	const char *name;		/* the input being read */
	uint8_t warned[NC_TYPE_MAX + 1];
};

/* Reads the n paths (stdin when n is 0; "-" is stdin).  An input that
 * cannot be opened is warned about and skipped; the return value is then
 * NC_EXIT_ERR, else NC_EXIT_OK.  Damaged input flushes every stdio stream
 * and ends the program with the reader's message and NC_EXIT_ERR. */
int nc_sink_run(struct nc_sink *s, int n, char **paths);

#endif
