/* FTP's data connection addresses (ftpaddr.h).  Every read is checked
 * against n: the text is the peer's. */
#include "tcpapp/ftpaddr.h"

#include <arpa/inet.h>
#include <string.h>

#include "decode/cursor.h"

long
nc_ftpaddr_number(const uint8_t *p, size_t n, size_t *i, long max)
{
	long v = 0;
	size_t start = *i;

	while (*i < n && p[*i] >= '0' && p[*i] <= '9') {
		v = v * 10 + (p[*i] - '0');
		if (v > max)
			return -1;
		(*i)++;
	}
	return *i > start ? v : -1;
}

/* h1,h2,h3,h4,p1,p2 from the first digit of p on (RFC 959 4.1.2: the
 * PASV reply's form too, whatever text comes before it). */
static int
hostport(const uint8_t *p, size_t n, uint8_t ip[16], uint16_t *port)
{
	size_t i = 0;
	long v[6];
	int k;

	while (i < n && (p[i] < '0' || p[i] > '9'))
		i++;
	for (k = 0; k < 6; k++) {
		if (k > 0) {
			if (i >= n || p[i] != ',')
				return -1;
			i++;
		}
		if ((v[k] = nc_ftpaddr_number(p, n, &i, 255)) < 0)
			return -1;
	}
	for (k = 0; k < 4; k++)
		ip[k] = (uint8_t)v[k];
	*port = (uint16_t)(v[4] << 8 | v[5]);
	return 0;
}

/* RFC 2428: "<d>af<d>addr<d>port<d>" with any delimiter d in 33..126;
 * af and addr are empty in EPSV's reply.  *has_ip: addr was there. */
static int
extended(const uint8_t *p, size_t n, uint8_t ip[16], int *has_ip,
    uint16_t *port, long *fam)
{
	char a[64];
	size_t i = 0, j;
	uint8_t d;
	long af = 0, v;

	if (n == 0 || p[0] < 33 || p[0] > 126)
		return -1;
	d = p[i++];
	if (i < n && p[i] != d && (af = nc_ftpaddr_number(p, n, &i, 2)) < 1)
		return -1;
	if (i >= n || p[i++] != d)
		return -1;
	for (j = 0; i < n && p[i] != d; i++, j++) {
		if (j == sizeof a - 1)
			return -1;
		a[j] = (char)p[i];
	}
	a[j] = '\0';
	if (i >= n || p[i++] != d)
		return -1;
	if ((v = nc_ftpaddr_number(p, n, &i, 65535)) < 0 || i >= n ||
	    p[i] != d)
		return -1;
	if (j > 0 && inet_pton(af == 2 ? AF_INET6 : AF_INET, a, ip) != 1)
		return -1;
	*has_ip = j > 0;
	*fam = af;
	*port = (uint16_t)v;
	return 0;
}

int
nc_ftpaddr_active(const uint8_t *p, size_t n, int eprt, uint8_t alen,
    uint8_t ip[16], uint16_t *port)
{
	int has_ip = 1;
	long af = 1;

	memset(ip, 0, 16);
	if (eprt ? extended(p, n, ip, &has_ip, port, &af) < 0 || !has_ip :
	    hostport(p, n, ip, port) < 0)
		return -1;
	return (af == 2) == (alen == 16) ? 0 : -1;
}

int
nc_ftpaddr_passive(unsigned code, const uint8_t *p, size_t n, uint8_t alen,
    const uint8_t *server, uint8_t ip[16], uint16_t *port)
{
	struct nc_cur c = nc_cur_make(p, n);
	const uint8_t *rest;
	int has_ip = 0;
	long af = 0;
	size_t i;

	memset(ip, 0, 16);
	if (code == 227)
		return alen == 4 ? hostport(p, n, ip, port) : -1;
	for (i = 0; i < n && p[i] != '('; i++)
		;
	if (code != 229 || i == n)
		return -1;
	nc_cur_skip(&c, i + 1);
	n = nc_cur_left(&c);
	if ((rest = nc_cur_at(&c, 0, n)) == NULL ||
	    extended(rest, n, ip, &has_ip, port, &af) < 0)
		return -1;
	if (!has_ip) {
		memcpy(ip, server, alen);
		return 0;
	}
	return (af == 2) == (alen == 16) ? 0 : -1;
}
