/* The table of stream parsers (apps.h).  A parser is added with one
 * line; its place in the table is its place in the probe order, and
 * every probe is tried before any port. */
#include "tcpapp/apps.h"

const struct nc_tcpapp_entry nc_tcpapps[] = {
	{ &nc_tcpapp_tls, { 443, 8443, 465, 993, 995, 636, 989, 990,
	    5061, 853 } },
	{ &nc_tcpapp_ssh, { 22, 2222 } },
	{ &nc_tcpapp_http, { 80, 8080, 8000, 3128 } },
	{ &nc_tcpapp_dns, { 53, 5353 } },
	{ &nc_tcpapp_ftp, { 21, 2121 } },
	{ &nc_tcpapp_smtp, { 25, 587 } },
	{ &nc_tcpapp_pop3, { 110 } },
	{ &nc_tcpapp_imap, { 143 } },
	{ &nc_tcpapp_telnet, { 23 } },
	{ &nc_tcpapp_ftpdata, { 0 } },
};

const size_t nc_tcpapps_n = sizeof nc_tcpapps / sizeof nc_tcpapps[0];

int
nc_tcpapp_by_port(uint16_t port)
{
	size_t i, j;

	for (i = 0; i < nc_tcpapps_n; i++)
		for (j = 0; j < NC_TCPAPP_PORTS && nc_tcpapps[i].ports[j] != 0;
		    j++)
			if (nc_tcpapps[i].ports[j] == port)
				return (int)i;
	return -1;
}
