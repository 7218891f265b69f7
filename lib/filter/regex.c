/* Regular expressions of the filter language: POSIX extended, compiled
 * once by regcomp(3), after refusing what would make compiling or matching
 * blow up. */
#include "filter/node.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int __attribute__((format(printf, 3, 4)))
failed(char *msg, size_t msgsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msgsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* The size regcomp would expand re to: glibc copies a repeated atom once
 * per count, so nested counts ("((a{1,255}){1,255}){1,255}") take minutes
 * and gigabytes to compile, and so do runs of "+" ("a+++...", each one
 * doubling).  Each atom costs 1, a group the sum of its parts, {m,n}
 * multiplies the atom before it by n and "+" by 2. */
static double
re_size(const char *re, size_t n)
{
	double sum[NC_FILTER_REGEX_MAX + 2], last = 0, ub;
	size_t i, j;
	int top = 0;
	char *end;

	sum[0] = 0;
	for (i = 0; i < n; i++) {
		switch (re[i]) {
		case '\\':
			i++;
			break;
		case '[':
			/* "[]...]" and "[^]...]" hold a "]". */
			j = i + 1 + (i + 1 < n && re[i + 1] == '^');
			j += j < n && re[j] == ']';
			while (j < n && re[j] != ']')
				j++;
			i = j;
			break;
		case '(':
			sum[++top] = 0;
			continue;
		case ')':
			if (top == 0)
				break;
			last = sum[top--];
			sum[top] += last;
			continue;
		case '{':
			if (!isdigit((unsigned char)re[i + 1]))
				break;
			ub = (double)strtoul(re + i + 1, &end, 10);
			if (*end == ',')
				ub = isdigit((unsigned char)end[1]) ?
				    (double)strtoul(end + 1, &end, 10) : ub + 1;
			if (*end != '}')
				break;
			sum[top] += last * (ub > 1 ? ub - 1 : 0);
			last *= ub;
			i = (size_t)(end - re);
			continue;
		case '+':
			/* "x+" is compiled as "xx*". */
			sum[top] += last;
			last *= 2;
			continue;
		case '*': case '?': case '|': case '^': case '$':
			continue;
		}
		last = 1;
		sum[top] += 1;
	}
	while (top > 0) {
		top--;
		sum[top] += sum[top + 1];
	}
	return sum[0];
}

int
nc_filter_regcomp(struct node *n, char *msg, size_t msgsize)
{
	const struct lit *l = &n->lits[0];
	char why[128];
	size_t i;
	int rc;

	if (l->len > NC_FILTER_REGEX_MAX)
		return failed(msg, msgsize, "a regular expression longer than %d bytes",
		    NC_FILTER_REGEX_MAX);
	if (memchr(l->s, '\0', l->len) != NULL)
		return failed(msg, msgsize, "a regular expression cannot hold \\0");
	for (i = 0; i + 1 < l->len; i++) {
		if (l->s[i] != '\\')
			continue;
		if (l->s[i + 1] >= '1' && l->s[i + 1] <= '9')
			return failed(msg, msgsize, "back-references (\\%c) are not "
			    "supported", l->s[i + 1]);
		i++;
	}
	if (re_size(l->s, l->len) > NC_FILTER_REGEX_SIZE)
		return failed(msg, msgsize, "a regular expression whose repetitions "
		    "expand it to more than %d parts",
		    NC_FILTER_REGEX_SIZE);
	rc = regcomp(&n->re, l->s, REG_EXTENDED | REG_NOSUB |
	    (n->op == OP_IRE ? REG_ICASE : 0));
	if (rc != 0) {
		regerror(rc, &n->re, why, sizeof why);
		return failed(msg, msgsize, "bad regular expression: %s", why);
	}
	n->has_re = 1;
	return 0;
}
