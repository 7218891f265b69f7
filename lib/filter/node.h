/* The compiled form of a filter expression, private to lib/filter/. */
#ifndef NC_FILTER_NODE_H
#define NC_FILTER_NODE_H

#include <regex.h>
#include <stdint.h>

#include "filter/filter.h"
#include "walk.h"

enum { N_OR, N_AND, N_NOT, N_TYPE, N_FIELD };

enum {
	OP_TRUTH,		/* a field alone: set, non-zero, non-empty */
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_CONTAINS, OP_ICONTAINS,
	OP_RE, OP_IRE,
	OP_IN,
};

enum {
	L_INT,			/* neg and mag: integers of either sign */
	L_FLOAT,
	L_BOOL,			/* mag 0 or 1 */
	L_STR,			/* s, len (escapes resolved) */
	L_IP4, L_IP6,		/* addr */
	L_CIDR4, L_CIDR6,	/* addr, prefix */
	L_MAC,			/* addr */
	L_NAME,			/* s: an enumeration value's name */
};

struct lit {
	int kind;
	int col;
	int neg;
	uint64_t mag;
	double d;
	uint8_t addr[16];
	int prefix;
	char *s;
	size_t len;
};

/* A field test as seen from one record type that has the field. */
struct per_type {
	struct nc_path path;
	int vkind;		/* enum nc_value_kind of the last field */
	uint8_t *ok;		/* per literal: comparable with this field */
	int64_t *num;		/* per literal: the number of an L_NAME */
};

struct node {
	int kind;
	int col;
	/* N_AND, N_OR: kids; N_NOT: kids[0] */
	int *kids;
	int nkids;
	/* N_TYPE */
	int type;
	/* N_FIELD */
	int op;
	struct lit *lits;
	size_t nlits;
	regex_t re;
	int has_re;
	struct per_type *pt[NC_TYPE_MAX + 1];	/* NULL: false for the type */
};

struct nc_filter {
	struct node *nodes;
	int n, cap;
	int root;
	uint8_t verdict[NC_TYPE_MAX + 1];
};

/* Words and quoted strings as literals (lit.c).  0, or -1 with msg. */
int nc_filter_lit_word(const char *w, size_t n, struct lit *l,
    char *msg, size_t msgsize);
/* The quoted string at s (s[0] is the quote); *end is set past it. */
int nc_filter_lit_string(const char *s, const char **end, struct lit *l,
    char *msg, size_t msgsize);

/* Compiles node n's regular expression (regex.c); 0, or -1 with msg. */
int nc_filter_regcomp(struct node *n, char *msg, size_t msgsize);

/* "did you mean" for a path no type has: the closest known name, or an
 * empty string (suggest.c). */
void nc_filter_suggest(const char *path, char *out, size_t size);

/* Evaluation (eval.c). */
int nc_filter_eval(const struct nc_filter *f, int node, int type,
    const ProtobufCMessage *m);
void nc_filter_verdicts(struct nc_filter *f);

#endif
