/* The three label sources, a line at a time: Suricata's EVE JSON alerts,
 * Suricata's fast.log, and attack schedules. */
#define _GNU_SOURCE	/* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "label/internal.h"
#include "render.h"
#include "label/json.h"
#include "label/when.h"

#define FIELD_MAX 64

/* What one EVE line says, copied out of the reader's buffer. */
struct eve {
	int alert;
	char ts[FIELD_MAX], start[FIELD_MAX], sip[FIELD_MAX], dip[FIELD_MAX],
	    cid[FIELD_MAX], proto[FIELD_MAX], sev[FIELD_MAX];
	long sport, dport;
	int hasts, hasstart, hassport, hasdport, hascid;
	char sig[NC_LABEL_TEXT_MAX + 1], cat[NC_LABEL_TEXT_MAX + 1];
	int hassig, hascat, hassev;
	const char *bad;
};

static void
copy(char *dst, size_t cap, const char *s, size_t n, int *has)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	*has = 1;
}

static long
port(const char *s, const char **bad)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 65535)
		*bad = "a port is not a number from 0 to 65535";
	return v;
}

static void
eve_member(void *arg, const char *path, const char *val, size_t n, int isstr)
{
	struct eve *e = arg;
	int dummy;

	if (strcmp(path, "event_type") == 0)
		e->alert = isstr && strcmp(val, "alert") == 0;
	else if (strcmp(path, "timestamp") == 0 && isstr)
		copy(e->ts, sizeof e->ts, val, n, &e->hasts);
	else if (strcmp(path, "flow.start") == 0 && isstr)
		copy(e->start, sizeof e->start, val, n, &e->hasstart);
	else if (strcmp(path, "src_ip") == 0 && isstr)
		copy(e->sip, sizeof e->sip, val, n, &dummy);
	else if (strcmp(path, "dest_ip") == 0 && isstr)
		copy(e->dip, sizeof e->dip, val, n, &dummy);
	else if (strcmp(path, "src_port") == 0 && !isstr) {
		e->sport = port(val, &e->bad);
		e->hassport = 1;
	} else if (strcmp(path, "dest_port") == 0 && !isstr) {
		e->dport = port(val, &e->bad);
		e->hasdport = 1;
	} else if (strcmp(path, "proto") == 0)
		copy(e->proto, sizeof e->proto, val, n, &dummy);
	else if (strcmp(path, "community_id") == 0 && isstr)
		copy(e->cid, sizeof e->cid, val, n, &e->hascid);
	else if (strcmp(path, "alert.signature") == 0 && isstr)
		copy(e->sig, sizeof e->sig, val, n, &e->hassig);
	else if (strcmp(path, "alert.category") == 0 && isstr)
		copy(e->cat, sizeof e->cat, val, n, &e->hascat);
	else if (strcmp(path, "alert.severity") == 0 && !isstr)
		copy(e->sev, sizeof e->sev, val, n, &e->hassev);
}

/* Suricata's protocol names, or a number. */
static int
proto_num(const char *s)
{
	static const struct { const char *name; int num; } tab[] = {
		{ "TCP", 6 }, { "UDP", 17 }, { "ICMP", 1 }, { "IPV6-ICMP", 58 },
		{ "ICMPV6", 58 }, { "SCTP", 132 }, { "GRE", 47 },
	};
	char *end;
	long v;
	size_t i;

	if (*s == '\0')
		return 0;
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcasecmp(tab[i].name, s) == 0)
			return tab[i].num;
	v = strtol(s, &end, 10);
	return *end == '\0' && v > 0 && v < 256 ? (int)v : 0;
}

/* The addresses of an alert; 0 when it has none, -1 when they are bad. */
static int
endpoints(struct nc_alert *a, const char *sip, const char *dip)
{
	if (*sip == '\0' && *dip == '\0')
		return 0;
	if (inet_pton(AF_INET, sip, a->a) == 1 &&
	    inet_pton(AF_INET, dip, a->b) == 1)
		a->alen = 4;
	else if (inet_pton(AF_INET6, sip, a->a) == 1 &&
	    inet_pton(AF_INET6, dip, a->b) == 1)
		a->alen = 16;
	else
		return -1;
	/* ICMP's "ports" are type and code; records of ICMP have none. */
	if (a->proto == 1 || a->proto == 58)
		a->pa = a->pb = 0;
	return 0;
}

static int
grow_rules(struct nc_labeler *l)
{
	struct nc_rule *r;
	size_t n;

	if (l->nrules < l->caprules)
		return 0;
	n = l->caprules ? l->caprules * 2 : 16;
	if ((r = realloc(l->rules, n * sizeof *r)) == NULL)
		return -1;
	l->rules = r;
	l->caprules = n;
	return 0;
}

/* The label text: made valid UTF-8 (invalid bytes become '?') so that
 * every protobuf reader accepts the string. */
static int64_t
intern_text(struct nc_labeler *l, char *s)
{
	size_t i = 0, k, n = strlen(s);

	while (i < n) {
		k = nc_utf8_len((const uint8_t *)s + i, n - i);
		if (k == 0) {
			s[i++] = '?';
			continue;
		}
		i += k;
	}
	return nc_label_intern(l, s, n);
}

int
nc_labeler_eve_line(struct nc_labeler *l, const char *s, size_t n,
    const char **why)
{
	struct eve e;
	struct nc_json j;
	struct nc_alert a = { 0 };
	char *text;
	int64_t id;

	memset(&e, 0, offsetof(struct eve, sig));
	e.hassig = e.hascat = e.hassev = 0;
	e.bad = NULL;
	e.sig[0] = e.cat[0] = '\0';
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0;
	if (nc_json_object(&j, (const uint8_t *)s, n, eve_member, &e) < 0) {
		snprintf(l->why, sizeof l->why, "column %zu: %s", j.col,
		    j.why);
		*why = l->why;
		return -1;
	}
	if (!e.alert) {
		l->st.ignored++;
		return 0;
	}
	if (e.bad != NULL) {
		*why = e.bad;
		return -1;
	}
	if (!e.hasts || nc_when_iso(e.ts, strlen(e.ts), &a.t1) < 0) {
		*why = e.hasts ? "bad timestamp" : "an alert without timestamp";
		return -1;
	}
	a.t0 = a.t1;
	if (e.hasstart && (nc_when_iso(e.start, strlen(e.start), &a.t0) < 0 ||
	    a.t0 > a.t1)) {
		*why = "bad flow.start";
		return -1;
	}
	a.proto = (uint8_t)proto_num(e.proto);
	a.pa = (uint16_t)e.sport;
	a.pb = (uint16_t)e.dport;
	if (endpoints(&a, e.sip, e.dip) < 0) {
		*why = "bad src_ip or dest_ip";
		return -1;
	}
	if (a.alen == 0 && !e.hascid) {
		*why = "an alert with neither addresses nor community_id";
		return -1;
	}
	a.src = 1;
	a.sev = e.hassev ? (uint32_t)strtoul(e.sev, NULL, 10) : UINT32_MAX;
	switch (l->key) {
	case NC_LABEL_SIGNATURE:
		text = e.hassig ? e.sig : NULL;
		break;
	case NC_LABEL_CATEGORY:
		text = e.hascat ? e.cat : NULL;
		break;
	default:
		text = e.hassev ? e.sev : NULL;
	}
	if (text == NULL || *text == '\0') {
		*why = l->key == NC_LABEL_SIGNATURE ? "no alert.signature" :
		    l->key == NC_LABEL_CATEGORY ? "no alert.category" :
		    "no alert.severity";
		return -1;
	}
	if ((id = intern_text(l, text)) < 0)
		return -2;
	a.label = (uint32_t)id;
	return nc_alert_add(l, &a, e.hascid ? e.cid : NULL,
	    e.hascid ? strlen(e.cid) : 0) < 0 ? -2 : 0;
}

/* "ADDR:PORT" of fast.log: the port after the last colon (IPv6 addresses
 * hold colons too), brackets around the address allowed. */
static int
fast_endpoint(const char *s, size_t n, char *ip, long *p)
{
	char tok[FIELD_MAX + 8], *colon, *addr = tok;
	const char *bad = NULL;

	if (n == 0 || n >= sizeof tok)
		return -1;
	memcpy(tok, s, n);
	tok[n] = '\0';
	if ((colon = strrchr(tok, ':')) == NULL)
		return -1;
	*colon = '\0';
	if (addr[0] == '[' && colon > addr + 1 && colon[-1] == ']') {
		addr++;
		colon[-1] = '\0';
	}
	*p = port(colon + 1, &bad);
	if (bad != NULL || strlen(addr) >= FIELD_MAX)
		return -1;
	strcpy(ip, addr);
	return 0;
}

/* The text between open and the next close after it, in s[0, n). */
static const char *
between(const char *s, size_t n, const char *open, const char *close,
    size_t *len)
{
	const char *a, *b;

	if ((a = memmem(s, n, open, strlen(open))) == NULL)
		return NULL;
	a += strlen(open);
	if ((b = memmem(a, n - (size_t)(a - s), close, strlen(close))) == NULL)
		return NULL;
	*len = (size_t)(b - a);
	return a;
}

/* 07/05/2017-09:47:12.123456  [**] [1:2001:3] SIGNATURE [**]
 * [Classification: CATEGORY] [Priority: N] {PROTO} SRC:PORT -> DST:PORT */
int
nc_labeler_fast_line(struct nc_labeler *l, const char *s, size_t n,
    const char **why)
{
	char text[NC_LABEL_TEXT_MAX + 1], sip[FIELD_MAX], dip[FIELD_MAX],
	    proto[16];
	struct nc_alert a = { 0 };
	const char *p, *q, *arrow, *end = s + n;
	size_t len, k;
	long sp, dp;
	int64_t id;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		end = s + --n;
	if (n == 0 || s[0] == '#')
		return 0;
	for (k = 0; k < n && s[k] != ' ' && s[k] != '\t'; k++)
		;
	if (nc_when_fast(s, k, &a.t1) < 0) {
		*why = "bad time: not MM/DD/YYYY-HH:MM:SS.ffffff";
		return -1;
	}
	a.t0 = a.t1;
	/* The signature follows the [gid:sid:rev] after the first [**]. */
	if ((p = between(s, n, "[**] [", "] ", &len)) == NULL ||
	    (q = between(p + len + 2, (size_t)(end - p - len - 2), "", " [**]",
	    &len)) == NULL) {
		*why = "no [**] [gid:sid:rev] signature [**]";
		return -1;
	}
	switch (l->key) {
	case NC_LABEL_SIGNATURE:
		break;
	case NC_LABEL_CATEGORY:
		q = between(s, n, "[Classification: ", "]", &len);
		break;
	default:
		q = between(s, n, "[Priority: ", "]", &len);
	}
	if (q == NULL || len == 0) {
		*why = l->key == NC_LABEL_CATEGORY ? "no [Classification: ]" :
		    "no [Priority: ]";
		return -1;
	}
	if (len > NC_LABEL_TEXT_MAX)
		len = NC_LABEL_TEXT_MAX;
	memcpy(text, q, len);
	text[len] = '\0';
	if ((q = between(s, n, "[Priority: ", "]", &len)) != NULL && len < 10) {
		char num[12];

		memcpy(num, q, len);
		num[len] = '\0';
		a.sev = (uint32_t)strtoul(num, NULL, 10);
	} else
		a.sev = UINT32_MAX;
	/* The endpoints: the last "{PROTO} SRC -> DST". */
	p = NULL;
	for (q = s; (q = memchr(q, '{', (size_t)(end - q))) != NULL; q++)
		p = q;
	if (p == NULL || (q = memchr(p, '}', (size_t)(end - p))) == NULL ||
	    (size_t)(q - p - 1) >= sizeof proto ||
	    (arrow = memmem(q, (size_t)(end - q), " -> ", 4)) == NULL ||
	    arrow < q + 2) {
		*why = "no {PROTO} SRC:PORT -> DST:PORT";
		return -1;
	}
	memcpy(proto, p + 1, (size_t)(q - p - 1));
	proto[q - p - 1] = '\0';
	a.proto = (uint8_t)proto_num(proto);
	if (fast_endpoint(q + 2, (size_t)(arrow - q - 2), sip, &sp) < 0 ||
	    fast_endpoint(arrow + 4, (size_t)(end - arrow - 4), dip, &dp) < 0) {
		*why = "bad SRC:PORT -> DST:PORT";
		return -1;
	}
	a.pa = (uint16_t)sp;
	a.pb = (uint16_t)dp;
	if (endpoints(&a, sip, dip) < 0 || a.alen == 0) {
		*why = "bad address";
		return -1;
	}
	a.src = 2;
	if ((id = intern_text(l, text)) < 0)
		return -2;
	a.label = (uint32_t)id;
	return nc_alert_add(l, &a, NULL, 0) < 0 ? -2 : 0;
}

static size_t
word(const char *s, size_t n, size_t *start)
{
	size_t i = *start, j;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (j = i; j < n && s[j] != ' ' && s[j] != '\t'; j++)
		;
	*start = i;
	return j - i;
}

/* START END EXPRESSION LABEL: the label is the last word, or the last
 * double-quoted string when the line ends with '"'. */
int
nc_labeler_rule_line(struct nc_labeler *l, const char *s, size_t n,
    unsigned line, const char **why)
{
	char text[NC_LABEL_TEXT_MAX + 1], *expr;
	struct nc_filter_error fe;
	struct nc_rule r = { 0 };
	size_t i = 0, k, lb, le;
	int64_t id;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	k = word(s, n, &i);
	if (k == 0 || s[i] == '#')
		return 0;
	if (nc_when_iso(s + i, k, &r.t0) < 0) {
		*why = "bad start time: not YYYY-MM-DDTHH:MM[:SS][zone]";
		return -1;
	}
	i += k;
	k = word(s, n, &i);
	if (k == 0 || nc_when_iso(s + i, k, &r.t1) < 0) {
		*why = "bad end time: not YYYY-MM-DDTHH:MM[:SS][zone]";
		return -1;
	}
	if (r.t1 <= r.t0) {
		*why = "the end time is not after the start";
		return -1;
	}
	i += k;
	le = n;
	if (s[n - 1] == '"') {
		for (lb = n - 1; lb > i && s[lb - 1] != '"'; lb--)
			;
		if (lb == i) {
			*why = "a label's opening '\"' is missing";
			return -1;
		}
		le = n - 1;
		k = lb - 1;
	} else {
		for (lb = n; lb > i && s[lb - 1] != ' ' && s[lb - 1] != '\t';
		    lb--)
			;
		k = lb;
	}
	while (k > i && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	while (i < k && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= k || le <= lb || (le == lb + 0)) {
		*why = "a rule needs START END EXPRESSION LABEL";
		return -1;
	}
	if ((expr = strndup(s + i, k - i)) == NULL)
		return -2;
	r.f = nc_filter_compile(expr, &fe);
	free(expr);
	if (r.f == NULL) {
		snprintf(l->why, sizeof l->why, "expression, column %d: %s",
		    fe.col, fe.msg);
		*why = l->why;
		return -1;
	}
	k = le - lb > NC_LABEL_TEXT_MAX ? NC_LABEL_TEXT_MAX : le - lb;
	memcpy(text, s + lb, k);
	text[k] = '\0';
	if ((id = intern_text(l, text)) < 0 || grow_rules(l) < 0) {
		nc_filter_free(r.f);
		return -2;
	}
	r.label = (uint32_t)id;
	r.line = line;
	l->rules[l->nrules++] = r;
	l->st.rules++;
	return 0;
}

int
nc_labeler_read(struct nc_labeler *l, enum nc_label_source src, FILE *fp,
    const char *name, char *err, size_t errlen)
{
	const size_t cap = NC_LABEL_LINE_MAX + 2;
	const char *why = NULL;
	unsigned line = 0;
	char *buf;
	size_t n;
	int rc = 0;

	if ((buf = malloc(cap)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	while (rc == 0 && fgets(buf, (int)cap, fp) != NULL) {
		line++;
		n = strlen(buf);
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		else if (!feof(fp)) {
			snprintf(err, errlen, "%s:%u: line longer than %d bytes",
			    name, line, NC_LABEL_LINE_MAX);
			rc = -1;
			break;
		}
		if (n > 0 && buf[n - 1] == '\r')
			n--;
		rc = src == NC_LABEL_EVE ? nc_labeler_eve_line(l, buf, n, &why) :
		    src == NC_LABEL_FAST ? nc_labeler_fast_line(l, buf, n, &why) :
		    nc_labeler_rule_line(l, buf, n, line, &why);
		if (rc == -2)
			snprintf(err, errlen, "%s:%u: out of memory", name, line);
		else if (rc < 0)
			snprintf(err, errlen, "%s:%u: %s", name, line, why);
	}
	free(buf);
	if (rc < 0)
		return -1;
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}
