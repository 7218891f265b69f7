/* The filter language's parser and compiler: text to the tree of node.h,
 * with every field path resolved against every record type and every
 * literal checked against the fields it meets, so that evaluation has no
 * decisions left but the record's values.
 *
 *	expr    = and { ("or" | "||") and }
 *	and     = unary { ("and" | "&&") unary }
 *	unary   = ("not" | "!") unary | primary
 *	primary = "(" expr ")" | TYPE | PATH [ cmp value | "in" set ]
 *
 * Recursion is bounded by NC_FILTER_DEPTH_MAX: only parentheses and "not"
 * nest, and runs of "and" and "or" become one node with many children. */
#include "filter/node.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct nc_filter *f;
	const char *text, *p;
	int depth;
	struct nc_filter_error *e;
};

static const char *const keywords[] = {
	"and", "or", "not", "in", "contains", "icontains", "true", "false",
};

static int __attribute__((format(printf, 3, 4)))
fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (ps->e->msg[0] != '\0')
		return -1;
	ps->e->col = at != NULL ? (int)(at - ps->text) + 1 : 0;
	va_start(ap, fmt);
	vsnprintf(ps->e->msg, sizeof ps->e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static void
skip_ws(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

/* What is at p, for "expected X, found Y" messages. */
static const char *
found(const char *p, char *buf, size_t size)
{
	size_t n;

	if (*p == '\0')
		return "the end";
	for (n = 0; p[n] != '\0' && !isspace((unsigned char)p[n]) && n < 20;
	    n++)
		;
	snprintf(buf, size, "`%.*s`", (int)n, p);
	return buf;
}

static int
is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* The length of the dotted identifier at p, 0 if there is none. */
static size_t
ident_len(const char *p)
{
	size_t n = 0;

	if (!is_ident_start((unsigned char)p[0]))
		return 0;
	for (;;) {
		while (is_ident((unsigned char)p[n]))
			n++;
		if (p[n] != '.' || !is_ident_start((unsigned char)p[n + 1]))
			return n;
		n++;
	}
}

/* Whether the word kw (a keyword, not followed by a name character)
 * is at p. */
static int
word_at(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	return strncmp(p, kw, n) == 0 && !is_ident((unsigned char)p[n]) &&
	    p[n] != '.';
}

static int
is_keyword(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (strlen(keywords[i]) == n && strncmp(p, keywords[i], n) == 0)
			return 1;
	return 0;
}

static int
new_node(struct parser *ps, int kind, const char *at)
{
	struct nc_filter *f = ps->f;
	struct node *nn;
	int cap;

	if (f->n == f->cap) {
		cap = f->cap > 0 ? f->cap * 2 : 16;
		if ((nn = realloc(f->nodes, (size_t)cap * sizeof *nn)) == NULL)
			return fail(ps, NULL, "out of memory");
		f->nodes = nn;
		f->cap = cap;
	}
	memset(&f->nodes[f->n], 0, sizeof f->nodes[f->n]);
	f->nodes[f->n].kind = kind;
	f->nodes[f->n].col = (int)(at - ps->text) + 1;
	return f->n++;
}

static int parse_or(struct parser *ps);

/* The type named exactly name (the registry's spelling), or NULL. */
static const struct nc_type *
type_named(const char *name, size_t n)
{
	const struct nc_type *ts;
	size_t i, count;

	ts = nc_types(&count);
	for (i = 0; i < count; i++)
		if (strlen(ts[i].name) == n && strncmp(ts[i].name, name, n) == 0)
			return &ts[i];
	return NULL;
}

static int
op_at(struct parser *ps, const char **start)
{
	static const struct {
		const char *text;
		int op;
	} ops[] = {
		{ "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE },
		{ ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT },
		{ "~*", OP_IRE }, { "~", OP_RE },
	};
	size_t i;

	skip_ws(ps);
	*start = ps->p;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strncmp(ps->p, ops[i].text, strlen(ops[i].text)) == 0) {
			ps->p += strlen(ops[i].text);
			return ops[i].op;
		}
	if (word_at(ps->p, "contains")) {
		ps->p += 8;
		return OP_CONTAINS;
	}
	if (word_at(ps->p, "icontains")) {
		ps->p += 9;
		return OP_ICONTAINS;
	}
	if (word_at(ps->p, "in")) {
		ps->p += 2;
		return OP_IN;
	}
	if (ps->p[0] == '=' && ps->p[1] != '=')
		return fail(ps, ps->p, "expected `==`, found `=`");
	return OP_TRUTH;
}

/* One value, appended to the node's literals. */
static int
parse_value(struct parser *ps, struct node *n)
{
	struct lit *l, *nl;
	const char *start, *end;
	char msg[200], buf[32];
	size_t len;

	skip_ws(ps);
	start = ps->p;
	if (n->nlits == NC_FILTER_SET_MAX)
		return fail(ps, start, "a set of more than %d values",
		    NC_FILTER_SET_MAX);
	if ((nl = realloc(n->lits, (n->nlits + 1) * sizeof *nl)) == NULL)
		return fail(ps, NULL, "out of memory");
	n->lits = nl;
	l = &n->lits[n->nlits++];
	memset(l, 0, sizeof *l);
	l->col = (int)(start - ps->text) + 1;
	if (*start == '"' || *start == '\'') {
		if (nc_filter_lit_string(start, &end, l, msg, sizeof msg) < 0)
			return fail(ps, start, "%s", msg);
		ps->p = end;
		return 0;
	}
	len = strspn(start, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
	    "XYZ0123456789_.:/+-");
	if (len == 0)
		return fail(ps, start, "expected a value, found %s",
		    found(start, buf, sizeof buf));
	if (nc_filter_lit_word(start, len, l, msg, sizeof msg) < 0)
		return fail(ps, start, "%s", msg);
	ps->p = start + len;
	return 0;
}

static int
parse_set(struct parser *ps, struct node *n)
{
	char buf[32];

	skip_ws(ps);
	if (*ps->p != '{') {
		if (parse_value(ps, n) < 0)
			return -1;
		if (n->lits[0].kind != L_CIDR4 && n->lits[0].kind != L_CIDR6)
			return fail(ps, ps->text + n->lits[0].col - 1,
			    "expected a set {a, b} or a prefix (10.0.0.0/8) "
			    "after `in`");
		return 0;
	}
	ps->p++;
	skip_ws(ps);
	if (*ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (parse_value(ps, n) < 0)
			return -1;
		skip_ws(ps);
		if (*ps->p == '}') {
			ps->p++;
			return 0;
		}
		if (*ps->p != ',')
			return fail(ps, ps->p, "expected `,` or `}` in the "
			    "set, found %s", found(ps->p, buf, sizeof buf));
		ps->p++;
	}
}

/* Whether literal l can be compared by op with a field of kind k (whose
 * descriptor is fd); an enumeration name's number goes to *num. */
static int
comparable(int op, const struct lit *l, int k,
    const ProtobufCFieldDescriptor *fd, int64_t *num)
{
	const ProtobufCEnumValue *ev;
	int text = k == NC_V_STRING || k == NC_V_BYTES;

	if (op == OP_CONTAINS || op == OP_ICONTAINS || op == OP_RE ||
	    op == OP_IRE)
		return text && l->kind == L_STR;
	switch (l->kind) {
	case L_INT:
	case L_FLOAT:
		return k == NC_V_INT || k == NC_V_UINT || k == NC_V_DOUBLE ||
		    k == NC_V_ENUM || k == NC_V_BOOL;
	case L_BOOL:
		return k == NC_V_BOOL;
	case L_STR:
		return text;
	case L_IP4:
	case L_IP6:
	case L_CIDR4:
	case L_CIDR6:
	case L_MAC:
		return k == NC_V_BYTES;
	case L_NAME:
		if (k != NC_V_ENUM)
			return 0;
		ev = protobuf_c_enum_descriptor_get_value_by_name(
		    fd->descriptor, l->s);
		if (ev == NULL)
			return 0;
		*num = ev->value;
		return 1;
	}
	return 0;
}

static const char *
lit_what(const struct lit *l)
{
	switch (l->kind) {
	case L_INT: return "an integer";
	case L_FLOAT: return "a number";
	case L_BOOL: return "a boolean";
	case L_STR: return "a string";
	case L_IP4: case L_IP6: return "an address";
	case L_CIDR4: case L_CIDR6: return "a prefix";
	case L_MAC: return "a MAC address";
	default: return "a name";
	}
}

/* Resolves the path and the literals for every type; a path no type has
 * and a literal no type's field can take are errors. */
static int
resolve(struct parser *ps, int ni, const char *path, size_t plen,
    const char *at)
{
	struct node *n = &ps->f->nodes[ni];
	const struct nc_type *ts;
	struct per_type *pt;
	struct nc_path p;
	const ProtobufCFieldDescriptor *fd;
	char name[256], hint[300];
	const char *bad;
	size_t badlen, i, j, count, have = 0;
	uint8_t *used;
	int k;

	if (plen >= sizeof name)
		return fail(ps, at, "a field path longer than %zu bytes",
		    sizeof name - 1);
	memcpy(name, path, plen);
	name[plen] = '\0';
	if ((used = calloc(n->nlits + 1, 1)) == NULL)
		return fail(ps, NULL, "out of memory");
	ts = nc_types(&count);
	for (i = 0; i < count; i++) {
		if (nc_walk_path(ts[i].desc, name, &p, &bad, &badlen) < 0)
			continue;
		have++;
		fd = p.field[p.depth - 1];
		k = p.names != NULL ? NC_V_STRING : nc_walk_field_kind(fd);
		if (k == NC_V_MESSAGE && n->op != OP_TRUTH)
			continue;
		if ((pt = calloc(1, sizeof *pt)) == NULL ||
		    (pt->ok = calloc(n->nlits + 1, 1)) == NULL ||
		    (pt->num = calloc(n->nlits + 1, sizeof *pt->num)) == NULL) {
			if (pt != NULL)
				free(pt->ok);
			free(pt);
			free(used);
			return fail(ps, NULL, "out of memory");
		}
		pt->path = p;
		pt->vkind = k;
		n->pt[ts[i].id] = pt;
		for (j = 0; j < n->nlits; j++)
			if (comparable(n->op, &n->lits[j], k, fd, &pt->num[j]))
				pt->ok[j] = used[j] = 1;
	}
	if (have == 0) {
		free(used);
		nc_filter_suggest(name, hint, sizeof hint);
		if (hint[0] != '\0')
			return fail(ps, at, "no record type has a field `%s`: "
			    "did you mean `%s`?", name, hint);
		return fail(ps, at, "no record type has a field `%s`", name);
	}
	for (j = 0; j < n->nlits; j++)
		if (!used[j]) {
			free(used);
			if (n->op == OP_CONTAINS || n->op == OP_ICONTAINS ||
			    n->op == OP_RE || n->op == OP_IRE)
				return fail(ps, ps->text + n->lits[j].col - 1,
				    "expected a quoted string, and a field `%s` "
				    "that holds text", name);
			return fail(ps, ps->text + n->lits[j].col - 1,
			    "no record type has a field `%s` that can be "
			    "compared with %s", name, lit_what(&n->lits[j]));
		}
	free(used);
	if (n->op == OP_TRUTH)
		return 0;
	/* A type whose field takes no literal can never match. */
	for (i = 0; i < count; i++) {
		if ((pt = n->pt[ts[i].id]) == NULL)
			continue;
		for (j = 0; j < n->nlits && !pt->ok[j]; j++)
			;
		if (j == n->nlits && n->nlits > 0) {
			free(pt->ok);
			free(pt->num);
			free(pt);
			n->pt[ts[i].id] = NULL;
		}
	}
	return 0;
}

static int
parse_field(struct parser *ps, const char *start, size_t len)
{
	const char *opat, *opend;
	char msg[200];
	int ni, op;

	if ((op = op_at(ps, &opat)) < 0)
		return -1;
	opend = ps->p;
	if ((ni = new_node(ps, N_FIELD, start)) < 0)
		return -1;
	ps->f->nodes[ni].op = op;
	if (op == OP_IN) {
		if (parse_set(ps, &ps->f->nodes[ni]) < 0)
			return -1;
	} else if (op != OP_TRUTH) {
		if (parse_value(ps, &ps->f->nodes[ni]) < 0)
			return -1;
		if (ps->f->nodes[ni].lits[0].kind == L_CIDR4 ||
		    ps->f->nodes[ni].lits[0].kind == L_CIDR6)
			return fail(ps, opat, "a prefix is tested with `in`, "
			    "not `%.*s`", (int)(opend - opat), opat);
	}
	if (resolve(ps, ni, start, len, start) < 0)
		return -1;
	if ((op == OP_RE || op == OP_IRE) &&
	    nc_filter_regcomp(&ps->f->nodes[ni], msg, sizeof msg) < 0)
		return fail(ps, ps->text + ps->f->nodes[ni].lits[0].col - 1,
		    "%s", msg);
	return ni;
}

static int
parse_primary(struct parser *ps)
{
	const struct nc_type *t;
	const char *start;
	char buf[32];
	size_t len;
	int ni;

	skip_ws(ps);
	start = ps->p;
	if (*start == '(') {
		if (++ps->depth > NC_FILTER_DEPTH_MAX)
			return fail(ps, start, "nested deeper than %d",
			    NC_FILTER_DEPTH_MAX);
		ps->p++;
		if ((ni = parse_or(ps)) < 0)
			return -1;
		skip_ws(ps);
		if (*ps->p != ')')
			return fail(ps, ps->p, "expected `)` or an operator, "
			    "found %s", found(ps->p, buf, sizeof buf));
		ps->p++;
		ps->depth--;
		return ni;
	}
	if ((len = ident_len(start)) == 0 || is_keyword(start, len))
		return fail(ps, start, "expected a record type, a field or "
		    "`(`, found %s", found(start, buf, sizeof buf));
	ps->p += len;
	if ((t = type_named(start, len)) != NULL) {
		if ((ni = new_node(ps, N_TYPE, start)) < 0)
			return -1;
		ps->f->nodes[ni].type = t->id;
		return ni;
	}
	return parse_field(ps, start, len);
}

static int
parse_unary(struct parser *ps)
{
	const char *start;
	int ni, kid;

	skip_ws(ps);
	start = ps->p;
	if ((start[0] == '!' && start[1] != '=') || word_at(start, "not")) {
		if (++ps->depth > NC_FILTER_DEPTH_MAX)
			return fail(ps, start, "nested deeper than %d",
			    NC_FILTER_DEPTH_MAX);
		ps->p += start[0] == '!' ? 1 : 3;
		if ((kid = parse_unary(ps)) < 0)
			return -1;
		ps->depth--;
		if ((ni = new_node(ps, N_NOT, start)) < 0)
			return -1;
		if ((ps->f->nodes[ni].kids = malloc(sizeof(int))) == NULL)
			return fail(ps, NULL, "out of memory");
		ps->f->nodes[ni].kids[0] = kid;
		ps->f->nodes[ni].nkids = 1;
		return ni;
	}
	return parse_primary(ps);
}

/* A run of operands joined by one operator, as one node. */
static int
parse_run(struct parser *ps, int kind)
{
	const char *start, *w = kind == N_AND ? "and" : "or";
	const char *sym = kind == N_AND ? "&&" : "||";
	int *kids = NULL, *nk, n = 0, cap = 0, ni, kid;

	skip_ws(ps);
	start = ps->p;
	for (;;) {
		kid = kind == N_AND ? parse_unary(ps) : parse_run(ps, N_AND);
		if (kid < 0) {
			free(kids);
			return -1;
		}
		if (n == cap) {
			cap = cap > 0 ? cap * 2 : 4;
			if ((nk = realloc(kids, (size_t)cap * sizeof *nk)) ==
			    NULL) {
				free(kids);
				return fail(ps, NULL, "out of memory");
			}
			kids = nk;
		}
		kids[n++] = kid;
		skip_ws(ps);
		if (strncmp(ps->p, sym, 2) == 0)
			ps->p += 2;
		else if (word_at(ps->p, w))
			ps->p += strlen(w);
		else
			break;
	}
	if (n == 1) {
		free(kids);
		return kid;
	}
	if ((ni = new_node(ps, kind, start)) < 0) {
		free(kids);
		return -1;
	}
	ps->f->nodes[ni].kids = kids;
	ps->f->nodes[ni].nkids = n;
	return ni;
}

static int
parse_or(struct parser *ps)
{
	return parse_run(ps, N_OR);
}

struct nc_filter *
nc_filter_compile(const char *expr, struct nc_filter_error *e)
{
	struct parser ps = { 0 };
	char buf[32];

	e->col = 0;
	e->msg[0] = '\0';
	ps.e = e;
	ps.text = ps.p = expr;
	if ((ps.f = calloc(1, sizeof *ps.f)) == NULL) {
		snprintf(e->msg, sizeof e->msg, "out of memory");
		return NULL;
	}
	if (strlen(expr) > NC_FILTER_TEXT_MAX) {
		fail(&ps, NULL, "an expression longer than %d bytes",
		    NC_FILTER_TEXT_MAX);
		goto bad;
	}
	skip_ws(&ps);
	if (*ps.p == '\0') {
		fail(&ps, ps.p, "empty expression: expected a record type, "
		    "a field or `(`");
		goto bad;
	}
	if ((ps.f->root = parse_or(&ps)) < 0)
		goto bad;
	skip_ws(&ps);
	if (*ps.p != '\0') {
		fail(&ps, ps.p, "expected `and`, `or` or the end, found %s",
		    found(ps.p, buf, sizeof buf));
		goto bad;
	}
	nc_filter_verdicts(ps.f);
	return ps.f;
bad:
	nc_filter_free(ps.f);
	return NULL;
}

void
nc_filter_free(struct nc_filter *f)
{
	struct node *n;
	size_t j;
	int i, t;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		n = &f->nodes[i];
		free(n->kids);
		for (j = 0; j < n->nlits; j++)
			free(n->lits[j].s);
		free(n->lits);
		if (n->has_re)
			regfree(&n->re);
		for (t = 0; t <= NC_TYPE_MAX; t++)
			if (n->pt[t] != NULL) {
				free(n->pt[t]->ok);
				free(n->pt[t]->num);
				free(n->pt[t]);
			}
	}
	free(f->nodes);
	free(f);
}
