/* Ports that say something about a conversation before its content does:
 * Zeek's likely_server_ports (the ports its analyzers register, used to
 * guess the responder of a connection seen midstream) and a service name
 * for a responder's port.  Zeek names a service only when an analyzer
 * parses the content; nc-conn names it from the port when both sides
 * talked (nc-conn(1) says so). */
#include "flow/conn.h"

#include <stddef.h>

struct port {
	uint8_t proto;
	uint16_t port;
	const char *service;	/* NULL: a server port with no name here */
};

/* Sorted by protocol, then port: looked up by bisection. */
static const struct port ports[] = {
	{ 6, 21, "ftp" }, { 6, 22, "ssh" }, { 6, 23, NULL },
	{ 6, 25, "smtp" }, { 6, 53, "dns" }, { 6, 80, "http" },
	{ 6, 81, "http" }, { 6, 88, "krb_tcp" }, { 6, 102, NULL },
	{ 6, 110, "pop3" }, { 6, 111, NULL }, { 6, 135, NULL },
	{ 6, 139, NULL }, { 6, 143, "imap" }, { 6, 389, "ldap" },
	{ 6, 443, "ssl" }, { 6, 445, NULL }, { 6, 465, "ssl" },
	{ 6, 502, "modbus" }, { 6, 512, NULL }, { 6, 513, NULL },
	{ 6, 514, NULL }, { 6, 563, "ssl" }, { 6, 585, "ssl" },
	{ 6, 587, "smtp" }, { 6, 614, "ssl" }, { 6, 631, "http" },
	{ 6, 636, "ssl" }, { 6, 989, "ssl" }, { 6, 990, "ssl" },
	{ 6, 992, "ssl" }, { 6, 993, "ssl" }, { 6, 995, "ssl" },
	{ 6, 1080, "http" }, { 6, 1433, NULL }, { 6, 1883, "mqtt" },
	{ 6, 2049, NULL }, { 6, 2811, "ftp" }, { 6, 3128, "http" },
	{ 6, 3268, "ldap" }, { 6, 3306, "mysql" }, { 6, 3389, "rdp" },
	{ 6, 5223, "ssl" }, { 6, 5432, "postgresql" }, { 6, 6379, "redis" },
	{ 6, 6666, "irc" }, { 6, 6667, "irc" }, { 6, 6668, "irc" },
	{ 6, 6669, "irc" }, { 6, 8000, "http" }, { 6, 8080, "http" },
	{ 6, 8443, "ssl" }, { 6, 8888, "http" }, { 6, 20000, "dnp3" },
	{ 17, 53, "dns" }, { 17, 67, "dhcp" }, { 17, 68, "dhcp" },
	{ 17, 69, NULL }, { 17, 88, "krb" }, { 17, 111, NULL },
	{ 17, 123, "ntp" }, { 17, 137, "dns" }, { 17, 138, NULL },
	{ 17, 161, "snmp" }, { 17, 162, "snmp" }, { 17, 500, NULL },
	{ 17, 514, "syslog" }, { 17, 546, "dhcp" }, { 17, 547, "dhcp" },
	{ 17, 1812, "radius" }, { 17, 2049, NULL }, { 17, 2123, NULL },
	{ 17, 2152, "gtpv1" }, { 17, 3478, NULL }, { 17, 3544, "teredo" },
	{ 17, 4500, NULL }, { 17, 4789, "vxlan" }, { 17, 5060, "sip" },
	{ 17, 5353, "dns" }, { 17, 5355, "dns" }, { 17, 6081, "geneve" },
	{ 17, 20000, "dnp3" },
};

static const struct port *
find(uint8_t proto, uint16_t port)
{
	size_t lo = 0, hi = sizeof ports / sizeof ports[0], mid;
	uint32_t key = (uint32_t)proto << 16 | port, k;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		k = (uint32_t)ports[mid].proto << 16 | ports[mid].port;
		if (k == key)
			return &ports[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
nc_conn_server_port(uint8_t proto, uint16_t port)
{
	return find(proto, port) != NULL;
}

const char *
nc_conn_service(uint8_t proto, uint16_t port)
{
	const struct port *p = find(proto, port);

	return p != NULL ? p->service : NULL;
}
