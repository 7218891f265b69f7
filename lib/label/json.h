/* A bounded reader for one JSON object on one line (RFC 8259), enough for
 * the alerts of Suricata's EVE log: it reports each scalar member of the
 * object and of objects nested in it by its dotted path ("alert.signature")
 * and checks the syntax of the rest, which it steps over.  No allocation:
 * nesting, path and string lengths have fixed bounds. */
#ifndef NC_LABEL_JSON_H
#define NC_LABEL_JSON_H

#include <stddef.h>
#include <stdint.h>

#define NC_JSON_DEPTH_MAX	32	/* nested objects and arrays */
#define NC_JSON_PATH_MAX	128	/* a dotted path; longer ones are not reported */
#define NC_JSON_STR_MAX		4096	/* a string's decoded bytes kept; the rest is cut */

/* A scalar at path: a string's decoded bytes (isstr 1), or the text of a
 * number, true, false or null (isstr 0).  val is NUL-terminated. */
typedef void (*nc_json_fn)(void *arg, const char *path, const char *val,
    size_t n, int isstr);

struct nc_json {
	char path[NC_JSON_PATH_MAX];
	char str[NC_JSON_STR_MAX + 1];
	const char *why;	/* after an error */
	size_t col;		/* 1-based column of the error */
};

/* Reads the object in p[0, n) (white space around it allowed).  Returns 0,
 * or -1 with j->why and j->col set. */
int nc_json_object(struct nc_json *j, const uint8_t *p, size_t n,
    nc_json_fn fn, void *arg);

#endif
