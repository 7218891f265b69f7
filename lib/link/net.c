/* Sockets for nc-send and nc-recv (net.h). */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
nc_net_split(const char *addr, char *host, size_t hostlen, char *port,
    size_t portlen)
{
	const char *colon = strrchr(addr, ':'), *h = addr;
	size_t hn;

	if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= portlen)
		return -1;
	hn = (size_t)(colon - addr);
	if (hn >= 2 && addr[0] == '[' && addr[hn - 1] == ']') {
		h++;
		hn -= 2;
	} else if (memchr(addr, ':', hn) != NULL)
		return -1;	/* IPv6 needs its brackets */
	if (hn >= hostlen)
		return -1;
	memcpy(host, h, hn);
	host[hn] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

static int
resolve(const char *addr, int passive, struct addrinfo **res, char *why,
    size_t whylen)
{
	struct addrinfo hints = { 0 };
	char host[256], port[32];
	int e;

	if (nc_net_split(addr, host, sizeof host, port, sizeof port) < 0) {
		snprintf(why, whylen, "%s: not host:port", addr);
		return -1;
	}
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = passive ? AI_PASSIVE : 0;
	if ((e = getaddrinfo(host[0] ? host : NULL, port, &hints, res)) != 0) {
		snprintf(why, whylen, "%s: %s", addr, gai_strerror(e));
		return -1;
	}
	return 0;
}

int
nc_net_listen(const char *addr, char *why, size_t whylen)
{
	struct addrinfo *res, *a;
	int fd = -1, one = 1, e = 0;

	if (resolve(addr, 1, &res, why, whylen) < 0)
		return -1;
	/* The wildcard's IPv6 form takes IPv4 as well, where it exists. */
	for (a = res; a != NULL; a = a->ai_next)
		if (a->ai_family == AF_INET6)
			break;
	if (a == NULL || strchr(addr, '.') != NULL)
		a = res;
	for (; a != NULL; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 &&
		    listen(fd, 128) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		snprintf(why, whylen, "%s: %s", addr, strerror(e));
	return fd;
}

int
nc_net_connect(const char *addr, char *why, size_t whylen)
{
	struct addrinfo *res;
	int fd, one = 1;

	if (resolve(addr, 0, &res, why, whylen) < 0)
		return -1;
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, res->ai_protocol);
	if (fd >= 0) {
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (connect(fd, res->ai_addr, res->ai_addrlen) != 0 &&
		    errno != EINPROGRESS) {
			snprintf(why, whylen, "%s: %s", addr, strerror(errno));
			close(fd);
			fd = -1;
		}
	} else
		snprintf(why, whylen, "%s: %s", addr, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

int
nc_net_connected(int fd)
{
	int e = 0;
	socklen_t n = sizeof e;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &n) != 0)
		return -1;
	errno = e;
	return e == 0 ? 0 : -1;
}

void
nc_net_peer(const struct sockaddr *sa, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
		snprintf(buf, n, "%s:%u", a, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
		if (strncmp(a, "::ffff:", 7) == 0 && strchr(a, '.') != NULL)
			snprintf(buf, n, "%s:%u", a + 7, ntohs(s6->sin6_port));
		else
			snprintf(buf, n, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else
		snprintf(buf, n, "?");
}

double
nc_net_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
