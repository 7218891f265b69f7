/* The stream parsers nc-tcp knows: one table, in probe order, with the
 * ports that choose a parser when no probe does. */
#ifndef NC_TCPAPP_APPS_H
#define NC_TCPAPP_APPS_H

#include <stddef.h>
#include <stdint.h>

#include "tcpapp/tcpapp.h"

#define NC_TCPAPP_PORTS	12	/* ports of one parser; 0 ends the list */

struct nc_tcpapp_entry {
	const struct nc_tcpapp *app;
	uint16_t ports[NC_TCPAPP_PORTS];
};

extern const struct nc_tcpapp_entry nc_tcpapps[];
extern const size_t nc_tcpapps_n;

/* The entry whose parser has this port, or -1. */
int nc_tcpapp_by_port(uint16_t port);

#endif
