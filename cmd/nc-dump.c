/* nc-dump: one readable line per record, for less and grep. */
#include "sink.h"
#include "walk.h"

static const char usage[] = "nc-dump [-hlV] [-B budget] [-t types] "
    "[-T format] [-x types] [file ...]";

int
main(int argc, char *argv[])
{
	static const struct nc_sink_lines dump = {
		.usage = usage,
		.tfmt = NC_TIME_ISO,
		.render = nc_walk_summary,
	};

	return nc_sink_lines(&dump, argc, argv);
}
