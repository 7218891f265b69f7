/* nc-tojson: records as JSON, one object per line. */
#include "sink.h"
#include "walk.h"

static const char usage[] = "nc-tojson [-hlV] [-B budget] [-t types] "
    "[-T format] [-x types] [file ...]";

int
main(int argc, char *argv[])
{
	static const struct nc_sink_lines tojson = {
		.usage = usage,
		.tfmt = NC_TIME_ISO,
		.render = nc_walk_json,
	};

	return nc_sink_lines(&tojson, argc, argv);
}
