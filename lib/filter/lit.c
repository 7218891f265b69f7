/* Literals of the filter language: the unquoted words (numbers, booleans,
 * IPv4 and IPv6 addresses, CIDR prefixes, MAC addresses, enumeration value
 * names) and quoted strings with their escapes. */
#include "filter/node.h"
#include "hex.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* aa:bb:cc:dd:ee:ff, or with dashes. */
static int
mac(const char *w, size_t n, uint8_t *a)
{
	size_t i;
	int hi, lo;

	if (n != 17)
		return 0;
	for (i = 0; i < 6; i++) {
		hi = nc_hexval((unsigned char)w[i * 3]);
		lo = nc_hexval((unsigned char)w[i * 3 + 1]);
		if (hi < 0 || lo < 0)
			return 0;
		if (i < 5 && w[i * 3 + 2] != ':' && w[i * 3 + 2] != '-')
			return 0;
		if (i < 5 && w[i * 3 + 2] != w[2])
			return 0;
		a[i] = (uint8_t)(hi << 4 | lo);
	}
	return 1;
}

/* An address in buf: 4 or 16 bytes, 0 when it is none. */
static int
addr(const char *buf, uint8_t *a)
{
	if (inet_pton(AF_INET, buf, a) == 1)
		return 4;
	if (strchr(buf, ':') != NULL && inet_pton(AF_INET6, buf, a) == 1)
		return 16;
	return 0;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int
number(const char *buf, struct lit *l, char *msg, size_t msgsize)
{
	const char *s = buf;
	char *end;

	l->neg = *s == '-';
	if (l->neg || *s == '+')
		s++;
	errno = 0;
	if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
		if (s[2] == '\0' || strspn(s + 2, "0123456789abcdefABCDEF") !=
		    strlen(s + 2)) {
			snprintf(msg, msgsize, "bad hexadecimal number `%s`",
			    buf);
			return -1;
		}
		l->mag = strtoull(s + 2, NULL, 16);
	} else if (all_digits(s)) {
		l->mag = strtoull(s, NULL, 10);
	} else {
		/* strtod would take "inf", "nan" and hex floats: only
		 * digits, a point and an exponent are numbers here. */
		if (strspn(s, "0123456789.eE+-") != strlen(s) ||
		    !isdigit((unsigned char)(s[0] == '.' ? s[1] : s[0]))) {
			snprintf(msg, msgsize, "`%s` is not a number", buf);
			return -1;
		}
		l->d = strtod(buf, &end);
		if (*end != '\0' || errno == ERANGE || !isfinite(l->d)) {
			snprintf(msg, msgsize, "`%s` is not a number", buf);
			return -1;
		}
		l->kind = L_FLOAT;
		return 0;
	}
	if (errno == ERANGE || (l->neg && l->mag > (uint64_t)1 << 63)) {
		snprintf(msg, msgsize, "`%s` is out of the range of 64-bit "
		    "integers", buf);
		return -1;
	}
	if (l->mag == 0)
		l->neg = 0;
	l->kind = L_INT;
	l->d = l->neg ? -(double)l->mag : (double)l->mag;
	return 0;
}

static int
prefix(char *buf, struct lit *l, char *msg, size_t msgsize)
{
	char *slash = strchr(buf, '/');
	unsigned long n;
	int len, i;

	*slash = '\0';
	if ((len = addr(buf, l->addr)) == 0) {
		snprintf(msg, msgsize, "`%s` is not an IPv4 or IPv6 address",
		    buf);
		return -1;
	}
	if (!all_digits(slash + 1) || strlen(slash + 1) > 3 ||
	    (n = strtoul(slash + 1, NULL, 10)) > (unsigned long)len * 8) {
		snprintf(msg, msgsize, "bad prefix length `/%s`: expected 0 "
		    "to %d", slash + 1, len * 8);
		return -1;
	}
	l->prefix = (int)n;
	l->kind = len == 4 ? L_CIDR4 : L_CIDR6;
	/* Host bits set (10.1.2.3/8) are a common slip; they are ignored,
	 * as ip route and most filters do. */
	for (i = l->prefix; i < len * 8; i++)
		l->addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return 0;
}

int
nc_filter_lit_word(const char *w, size_t n, struct lit *l, char *msg,
    size_t msgsize)
{
	char buf[NC_FILTER_LITERAL_MAX + 1];
	int len;

	if (n > NC_FILTER_LITERAL_MAX) {
		snprintf(msg, msgsize, "a value longer than %d bytes",
		    NC_FILTER_LITERAL_MAX);
		return -1;
	}
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
		l->kind = L_BOOL;
		l->mag = buf[0] == 't';
		l->d = (double)l->mag;
		return 0;
	}
	if (mac(buf, n, l->addr)) {
		l->kind = L_MAC;
		return 0;
	}
	if (strchr(buf, '/') != NULL)
		return prefix(buf, l, msg, msgsize);
	if ((len = addr(buf, l->addr)) != 0) {
		l->kind = len == 4 ? L_IP4 : L_IP6;
		return 0;
	}
	if (strchr(buf, ':') != NULL) {
		snprintf(msg, msgsize, "`%s` is not an IPv6 or MAC address",
		    buf);
		return -1;
	}
	if (isalpha((unsigned char)buf[0]) || buf[0] == '_') {
		if (strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
		    "TUVWXYZ0123456789_") != n) {
			snprintf(msg, msgsize, "`%s` is not a value (quote "
			    "strings)", buf);
			return -1;
		}
		l->kind = L_NAME;
		if ((l->s = strdup(buf)) == NULL) {
			snprintf(msg, msgsize, "out of memory");
			return -1;
		}
		l->len = n;
		return 0;
	}
	return number(buf, l, msg, msgsize);
}

int
nc_filter_lit_string(const char *s, const char **end, struct lit *l,
    char *msg, size_t msgsize)
{
	char q = *s++;
	char *out;
	size_t n = 0;
	int hi, lo;

	/* The unescaped text is never longer than the quoted one. */
	if ((out = malloc(strlen(s) + 1)) == NULL) {
		snprintf(msg, msgsize, "out of memory");
		return -1;
	}
	l->kind = L_STR;
	l->s = out;
	for (;;) {
		if (n == NC_FILTER_LITERAL_MAX) {
			snprintf(msg, msgsize, "a string longer than %d bytes",
			    NC_FILTER_LITERAL_MAX);
			return -1;
		}
		if (*s == '\0') {
			snprintf(msg, msgsize, "unterminated string: "
			    "expected %c", q);
			return -1;
		}
		if (*s == q)
			break;
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'r': out[n++] = '\r'; break;
		case '0': out[n++] = '\0'; break;
		case '\\': case '"': case '\'': out[n++] = *s; break;
		case 'x':
			hi = nc_hexval((unsigned char)s[1]);
			lo = hi < 0 ? -1 : nc_hexval((unsigned char)s[2]);
			if (lo < 0) {
				snprintf(msg, msgsize, "\\x needs two "
				    "hexadecimal digits");
				return -1;
			}
			out[n++] = (char)(hi << 4 | lo);
			s += 2;
			break;
		case '\0':
			snprintf(msg, msgsize, "unterminated string: "
			    "expected %c", q);
			return -1;
		default:
			/* Kept whole, so that a regular expression's \. or
			 * \( needs no second backslash. */
			out[n++] = '\\';
			if (n == NC_FILTER_LITERAL_MAX)
				continue;
			out[n++] = *s;
			break;
		}
		s++;
	}
	out[n] = '\0';
	l->len = n;
	*end = s + 1;
	return 0;
}
