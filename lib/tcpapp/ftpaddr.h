/* The data connection addresses of FTP (RFC 959 4.1.2, RFC 2428), read
 * from one command argument or reply text, with no state: nc-tcp's FTP
 * parser (ftp.c) reads them from whole lines of a reassembled stream,
 * nc-conn (flow/ftpwatch.h) from the lines of single segments.
 *
 *	PORT h1,h2,h3,h4,p1,p2			the client will listen
 *	EPRT <d>af<d>addr<d>port<d>		(af 1 IPv4, 2 IPv6)
 *	227 text h1,h2,h3,h4,p1,p2 ...		the server will listen
 *	229 text (<d><d><d>port<d>)
 *
 * An address of the other family than the control connection's (alen)
 * is refused: it has no place in fields of that family. */
#ifndef NC_TCPAPP_FTPADDR_H
#define NC_TCPAPP_FTPADDR_H

#include <stddef.h>
#include <stdint.h>

/* The address and port the argument p[0, n) of PORT (eprt 0) or EPRT
 * (eprt 1) names: 0, or -1 when it names none of family alen (4 or 16). */
int nc_ftpaddr_active(const uint8_t *p, size_t n, int eprt, uint8_t alen,
    uint8_t ip[16], uint16_t *port);
/* The address and port the text p[0, n) of a 227 (PASV) or 229 (EPSV)
 * reply names: 0, or -1 when none of family alen.  A 229 names no
 * address: *ip is then server, the control connection's server (alen
 * bytes). */
int nc_ftpaddr_passive(unsigned code, const uint8_t *p, size_t n,
    uint8_t alen, const uint8_t *server, uint8_t ip[16], uint16_t *port);
/* The decimal number of at most max at p[*i] of p[0, n), *i stepped past
 * it; -1 when there is none or it is larger. */
long nc_ftpaddr_number(const uint8_t *p, size_t n, size_t *i, long max);

#endif
