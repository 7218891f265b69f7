#include "feed.h"
#include "cli.h"
#include "stream.h"

#include <unistd.h>

void
nc_feed_stdin(struct nc_spool *sp, atomic_int *eof, atomic_int *err)
{
	struct nc_reader *rd;
	struct nc_frame f;
	int k;

	if ((rd = nc_reader_fdopen(STDIN_FILENO, "stdin")) == NULL) {
		nc_warn_errno("stdin");
		*err = 1;
		*eof = 1;
		return;
	}
	while ((k = nc_reader_next(rd, &f)) == 1) {
		if (nc_spool_append(sp, f.data, f.len) < 0) {
			nc_warn("%s", sp->why);
			*err = 1;
			break;
		}
		if (nc_spool_full_news(sp))
			nc_warn("spool full (%llu bytes): dropping the %s "
			    "records", (unsigned long long)sp->max,
			    sp->drop_oldest ? "oldest" : "newest");
	}
	if (k < 0) {
		nc_warn("%s", nc_reader_error(rd));
		*err = 1;
	}
	nc_reader_close(rd);
	if (nc_spool_flush(sp) < 0) {
		nc_warn("%s", sp->why);
		*err = 1;
	}
	*eof = 1;
}
