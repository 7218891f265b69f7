#include "once.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

void
nc_warn_once(char *last, size_t n, int quiet, const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (strcmp(buf, last) == 0)
		return;
	snprintf(last, n, "%s", buf);
	if (!quiet)
		nc_warn("%s", buf);
}
