/* nc-dump: one readable line per record, for less and grep. */
#include "sink.h"
#include "walk.h"

static const char usage[] = "nc-dump [-hlVv] [-B budget] [-t types] "
    "[-T format] [-x types] [file ...]";

int
main(int argc, char *argv[])
{
	static const struct nc_sink_lines dump = {
		.usage = usage,
		.tfmt = NC_TIME_ISO,
		.render = nc_walk_summary,
		.render_v = nc_walk_summary_all,
	};

	return nc_sink_lines(&dump, argc, argv);
}
