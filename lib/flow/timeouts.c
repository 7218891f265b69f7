/* The -I option of the programs on the flow table (table.h). */
#include "flow/table.h"

#include <string.h>

#include "cli.h"

void
nc_flow_parse_timeouts(const char *usage, char *arg, struct nc_flow_opts *o)
{
	static const char *const names[NC_FLOW_CLASSES] = {
		[NC_FLOW_TCP] = "tcp", [NC_FLOW_UDP] = "udp",
		[NC_FLOW_ICMP] = "icmp", [NC_FLOW_OTHER] = "other",
	};
	char *item, *eq, *save = NULL;
	int i;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			nc_usage_msg(usage, "-I: \"%s\" is not NAME=SECONDS",
			    item);
		*eq++ = '\0';
		for (i = 0; i < NC_FLOW_CLASSES && strcmp(item, names[i]) != 0;
		    i++)
			;
		if (i == NC_FLOW_CLASSES)
			nc_usage_msg(usage, "-I: unknown class \"%s\" (tcp, "
			    "udp, icmp, other)", item);
		o->timeout[i] = nc_parse_num(usage, "-I", eq, 1, 86400 * 365) *
		    1000000000LL;
	}
}
