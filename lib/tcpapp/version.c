/* Zeek's software version parser, done by hand (version.h).
 *
 * Zeek's Software::parse, in short: a browser's User-Agent (one that
 * starts "Mozilla/N." or "Opera/N.") is looked up by the browser names
 * it carries; anything else is cut at the first place where
 *
 *	V = ( [/-_] | " " [(v]+ )? [0-9-._, ]{2,}
 *
 * matches (leftmost, then longest, as Zeek's split_string_n finds it):
 * what comes before is the name, V the numbers (split at "-._,[({ "
 * into major, minor, minor2 and the rest for minor3), and what follows
 * gives addl.  Zeek's sub() and split_string_n() try their pattern at
 * every offset, so a "^" in those patterns anchors nothing; its "in"
 * operator does anchor.  Both are followed here. */
#define _GNU_SOURCE	/* memmem */
#include "tcpapp/version.h"
#include "hex.h"

#include <string.h>

struct sp {
	const uint8_t *p;
	size_t n;
};

static struct sp
mk(const uint8_t *p, size_t n)
{
	struct sp s = { p, n };

	return s;
}

static struct sp
sub(struct sp s, size_t off, size_t n)
{
	if (off > s.n)
		off = s.n;
	if (n > s.n - off)
		n = s.n - off;
	return mk(s.p + off, n);
}

static int
in(const char *set, uint8_t c)
{
	return c != 0 && strchr(set, c) != NULL;
}

static int
space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static struct sp
strip(struct sp s)
{
	while (s.n > 0 && space(s.p[0]))
		s = sub(s, 1, s.n - 1);
	while (s.n > 0 && space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static int
starts(struct sp s, size_t off, const char *lit)
{
	size_t k = strlen(lit);

	return off <= s.n && s.n - off >= k && memcmp(s.p + off, lit, k) == 0;
}

/* The first offset where lit starts at or after from, or s.n.  A
 * User-Agent is looked through for a dozen names: memmem(3) skips
 * ahead where a memcmp at every offset would not. */
static size_t
find(struct sp s, size_t from, const char *lit)
{
	const uint8_t *q;

	if (from >= s.n)
		return s.n;
	q = memmem(s.p + from, s.n - from, lit, strlen(lit));
	return q != NULL ? (size_t)(q - s.p) : s.n;
}

static size_t
run(struct sp s, size_t i, const char *set)
{
	size_t k = 0;

	while (i + k < s.n && in(set, s.p[i + k]))
		k++;
	return k;
}

static size_t
digits(struct sp s, size_t i)
{
	return run(s, i, "0123456789");
}

#define D	"0123456789-._, "

/* The longest match of V at i, 0 when none. */
static size_t
match_v(struct sp s, size_t i)
{
	size_t best = 0, d, k;

	if ((d = run(s, i, D)) >= 2)
		best = d;
	if (i < s.n && in("/-_", s.p[i]) && (d = run(s, i + 1, D)) >= 2 &&
	    1 + d > best)
		best = 1 + d;
	if (i < s.n && s.p[i] == ' ' && (k = run(s, i + 1, "(v")) > 0 &&
	    (d = run(s, i + 1 + k, D)) >= 2 && 1 + k + d > best)
		best = 1 + k + d;
	return best;
}

/* Zeek's extract_count: the first run of digits, 0 when none (or when it
 * does not fit, as to_count fails). */
static uint64_t
count(struct sp s)
{
	uint64_t v = 0;
	size_t i = 0, k;

	while (i < s.n && digits(s, i) == 0)
		i++;
	for (k = digits(s, i); k > 0; k--, i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	return v;
}

/* split_string_n(s, [set], F, max): at most max cuts at single bytes of
 * set; returns the number of parts. */
static size_t
split(struct sp s, const char *set, size_t max, struct sp *out)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i < s.n && n < max; i++)
		if (in(set, s.p[i])) {
			out[n++] = sub(s, start, i - start);
			start = i + 1;
		}
	out[n++] = sub(s, start, s.n - start);
	return n;
}

static void
set_text(uint8_t *dst, size_t *nd, struct sp s)
{
	if (s.n > NC_VERSION_TEXT)
		s.n = NC_VERSION_TEXT;
	if (s.n > 0)
		memcpy(dst, s.p, s.n);
	*nd = s.n;
}

static void
set_name(struct nc_version *v, const char *lit)
{
	set_text(v->name, &v->nname, mk((const uint8_t *)lit, strlen(lit)));
}

static void version_of(struct sp s, struct nc_version *v, int depth);

/* Removes the first match of ([/-_] | " " [(v]+) from s into out. */
static struct sp
cut_junk(struct sp s, uint8_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < s.n; i++) {
		if (in("/-_", s.p[i])) {
			k = 1;
			break;
		}
		if (s.p[i] == ' ' && run(s, i + 1, "(v") > 0) {
			k = 1 + run(s, i + 1, "(v");
			break;
		}
	}
	if (k == 0)
		return s;
	memcpy(out, s.p, i);
	memcpy(out + i, s.p + i + k, s.n - i - k);
	return mk(out, s.n - k);
}

/* Whether s ends with ([/-_] | " " [(v]+). */
static int
junk_end(struct sp s)
{
	size_t k = 0;

	if (s.n == 0)
		return 0;
	if (in("/-_", s.p[s.n - 1]))
		return 1;
	while (k < s.n && in("(v", s.p[s.n - 1 - k]))
		k++;
	return k > 0 && k < s.n && s.p[s.n - 1 - k] == ' ';
}

/* Zeek first turns "\x" into "%", then decodes %XX. */
static struct sp
unescape(struct sp s, uint8_t *out)
{
	size_t i = 0, n = 0;
	int hi, lo;

	while (i < s.n) {
		int pct = s.p[i] == '%';
		size_t at = i + 1;

		if (s.p[i] == '\\' && i + 1 < s.n && s.p[i + 1] == 'x') {
			pct = 1;
			at = i + 2;
		}
		if (pct && at + 1 < s.n && (hi = nc_hexval(s.p[at])) >= 0 &&
		    (lo = nc_hexval(s.p[at + 1])) >= 0) {
			out[n++] = (uint8_t)(hi << 4 | lo);
			i = at + 2;
		} else if (pct) {
			out[n++] = '%';
			i = at;
		} else
			out[n++] = s.p[i++];
	}
	return mk(out, n);
}

/* addl from what follows the numbers. */
static void
addl_of(struct sp rest, struct nc_version *v)
{
	struct sp vp[4];
	size_t i, k, np;

	if (rest.n == 0 || (rest.n == 1 && rest.p[0] == ')'))
		return;
	/* [[:blank:]]*\([a-zA-Z0-9-._[:blank:]]*\) at the start: the text
	 * between the parentheses, unstripped. */
	i = run(rest, 0, " \t");
	if (i < rest.n && rest.p[i] == '(') {
		k = 0;
		while (i + 1 + k < rest.n && (in("-._ \t", rest.p[i + 1 + k]) ||
		    (rest.p[i + 1 + k] >= 'a' && rest.p[i + 1 + k] <= 'z') ||
		    (rest.p[i + 1 + k] >= 'A' && rest.p[i + 1 + k] <= 'Z') ||
		    digits(rest, i + 1 + k) > 0))
			k++;
		if (i + 1 + k < rest.n && rest.p[i + 1 + k] == ')') {
			set_text(v->addl, &v->naddl, sub(rest, i + 1, k));
			return;
		}
	}
	np = split(rest, "-._,;[](){} ", 3, vp);
	for (i = 0; i < np && i < 3; i++)
		if (vp[i].n > 0) {
			set_text(v->addl, &v->naddl, strip(vp[i]));
			return;
		}
	set_text(v->addl, &v->naddl, strip(rest));
}

/* The numbers of the match m, then addl from rest. */
static void
numbers_of(struct sp m, struct sp rest, struct nc_version *v)
{
	struct sp sv = strip(m), num[4];
	size_t i, k = 0, n;

	if (sv.n > 0 && in("/-._v(", sv.p[0])) {
		for (i = 0; i < m.n && k == 0; i++) {
			if (m.p[i] == '(' && i + 1 < m.n &&
			    in("/-._v(", m.p[i + 1]))
				k = 2;
			else if (in("/-._v(", m.p[i]))
				k = 1;
		}
		/* The match was cut out of m at i - 1; the text before it
		 * is spaces, which strip() drops anyway. */
		sv = strip(sub(m, i - 1 + k, m.n));
	}
	n = split(sv, "-._,[({ ", 3, num);
	addl_of(rest, v);
	for (i = 0; i < n; i++)
		if (num[i].n > 0) {
			v->has |= 1u << i;
			v->num[i] = count(num[i]);
		}
}

/* The generic parse of s. */
static void
generic(struct sp raw, struct nc_version *v)
{
	uint8_t clean[NC_VERSION_TEXT], cut[NC_VERSION_TEXT];
	struct sp s = unescape(raw, clean), name;
	size_t i, m = 0;

	for (i = 0; i < s.n; i++)
		if ((m = match_v(s, i)) > 0)
			break;
	name = sub(s, 0, i);
	if (junk_end(name))
		name = strip(cut_junk(name, cut));
	if (name.n > 0 && name.p[0] == '(')
		name = strip(sub(name, 1, name.n));
	else
		name = strip(name);
	/* Zeek's alternate_names. */
	if (name.n == 12 && memcmp(name.p, "Flash Player", 12) == 0)
		set_name(v, "Flash");
	else
		set_text(v->name, &v->nname, name);
	if (m > 0)
		numbers_of(sub(s, i, m), sub(s, i + m, s.n), v);
}

/* The version of the first match of lit followed by [chars]*, parsed. */
static int
version_after(struct sp s, const char *lit, const char *chars,
    struct nc_version *v, int depth)
{
	size_t i = find(s, 0, lit), k = strlen(lit);

	if (i == s.n)
		return 0;
	version_of(sub(s, i, k + run(s, i + k, chars)), v, depth);
	return 1;
}

static const char DOTS[] = "0123456789.";

static void
trident(struct sp s, struct nc_version *v)
{
	static const char *const t[] = { "Trident/4.0", "Trident/5.0",
	    "Trident/6.0", "Trident/7.0" };
	size_t i, j, k;

	for (i = 0; i < 4; i++)
		if (find(s, 0, t[i]) < s.n) {
			v->has = NC_V_MAJOR | NC_V_MINOR;
			v->num[0] = 8 + i;
			v->num[1] = 0;
			return;
		}
	/* MSIE [0-9]{1,2}\.*[0-9]*b?[0-9]* */
	for (i = 0; (i = find(s, i, "MSIE ")) < s.n; i++) {
		j = i + 5;
		if ((k = digits(s, j)) == 0)
			continue;
		j += k < 2 ? k : 2;
		j += run(s, j, ".");
		j += digits(s, j);
		if (j < s.n && s.p[j] == 'b')
			j++;
		j += digits(s, j);
		version_of(sub(s, i, j - i), v, 1);
		return;
	}
}

/* Zeek's parse_mozilla: the browser a User-Agent names. */
static void
browser(struct sp s, struct nc_version *v, int depth)
{
	size_t i, j;

	/* Opera [0-9.]*$ */
	for (i = 0; (i = find(s, i, "Opera ")) < s.n; i++)
		if (i + 6 + run(s, i + 6, DOTS) == s.n) {
			set_name(v, "Opera");
			version_of(sub(s, i, s.n - i), v, depth);
			return;
		}
	if (find(s, 0, " MSIE ") < s.n || find(s, 0, "Trident/") < s.n) {
		set_name(v, "MSIE");
		trident(s, v);
		return;
	}
	if (find(s, 0, "Edge/") < s.n) {
		set_name(v, "Edge");
		version_after(s, "Edge/", DOTS, v, depth);
		return;
	}
	if ((i = find(s, 0, "Version/")) < s.n &&
	    find(s, i + 8, "Safari/") < s.n) {
		set_name(v, "Safari");
		if (version_after(s, "Version/", DOTS, v, depth) &&
		    (j = find(s, 0, " Mobile")) < s.n &&
		    find(s, j + 7, " Safari") < s.n)
			set_text(v->addl, &v->naddl,
			    mk((const uint8_t *)"Mobile", 6));
		return;
	}
	for (i = 0; i < s.n; i++) {
		j = starts(s, i, "Firefox/") ? 8 : starts(s, i, "Netscape/") ?
		    9 : starts(s, i, "Thunderbird/") ? 12 : 0;
		if (j > 0) {
			version_of(sub(s, i, j + run(s, i + j, DOTS)), v, depth);
			return;
		}
	}
	if ((i = find(s, 0, "Chrome/")) < s.n &&
	    find(s, i + 7, "Safari/") < s.n) {
		set_name(v, "Chrome");
		version_after(s, "Chrome/", DOTS, v, depth);
		return;
	}
	if (starts(s, 0, "Opera/")) {
		i = find(s, 0, "Opera Mini/");
		if ((j = find(s, 0, "Opera Mobi/")) < i)
			i = j;
		if (i < s.n) {
			/* The name is the first "Opera Mini" or "Opera Mobi",
			 * with or without the slash. */
			i = find(s, 0, "Opera Mini");
			if ((j = find(s, 0, "Opera Mobi")) < i)
				i = j;
			set_text(v->name, &v->nname, sub(s, i, 10));
			if (!version_after(s, "Version/", DOTS, v, depth))
				version_after(s, "Opera Mini/", DOTS, v, depth);
		} else {
			set_name(v, "Opera");
			version_after(s, "Version/", DOTS, v, depth);
		}
		return;
	}
	if (find(s, 0, "Flash%20Player") < s.n) {
		set_name(v, "Flash");
		/* The second piece when cut at "/" and " ". */
		for (i = 0; i < s.n && !in("/ ", s.p[i]); i++)
			;
		if (i < s.n) {
			for (j = i + 1; j < s.n && !in("/ ", s.p[j]); j++)
				;
			version_of(sub(s, i + 1, j - i - 1), v, depth);
		}
		return;
	}
	if (version_after(s, "AdobeAIR/", DOTS, v, depth)) {
		set_name(v, "AdobeAIR");
		return;
	}
	if (version_after(s, "AppleWebKit/", DOTS, v, depth)) {
		set_name(v, "Unspecified WebKit");
		return;
	}
	for (i = 0; (i = find(s, i, " Java/")) < s.n; i++)
		if (digits(s, i + 6) > 0 && starts(s, i + 7, ".")) {
			set_name(v, "Java");
			version_after(s, "Java/", "0123456789._", v, depth);
			return;
		}
	set_name(v, "<unknown browser>");
}

/* A/[0-9.]*\/Google/Pixel anywhere. */
static int
pixel(struct sp s)
{
	size_t i;

	for (i = 0; (i = find(s, i, "A/")) < s.n; i++)
		if (starts(s, i + 2 + run(s, i + 2, DOTS), "/Google/Pixel"))
			return 1;
	return 0;
}

/* Only the numbers and addl of s go to v when depth > 0: a browser's
 * name comes from the browser branch, not from the piece it parses. */
static void
version_of(struct sp s, struct nc_version *v, int depth)
{
	struct nc_version t;
	size_t i, j;

	if (depth > 3)
		return;
	memset(&t, 0, sizeof t);
	if ((starts(s, 0, "Mozilla/") && digits(s, 8) > 0 &&
	    starts(s, 8 + digits(s, 8), ".")) ||
	    (starts(s, 0, "Opera/") && digits(s, 6) > 0 &&
	    starts(s, 6 + digits(s, 6), "."))) {
		browser(s, &t, depth + 1);
	} else if (pixel(s)) {
		set_name(&t, "Android (Google Pixel)");
		for (i = 0; i < s.n && s.p[i] != '/'; i++)
			;
		for (j = i + 1; j < s.n && s.p[j] != '/'; j++)
			;
		if (i < s.n) {
			struct sp vs = sub(s, i + 1, j - i - 1);

			if (memchr(vs.p, '.', vs.n) != NULL)
				version_of(vs, &t, depth + 1);
			else {
				t.has = NC_V_MAJOR;
				t.num[0] = count(vs);
			}
		}
	} else
		generic(s, &t);
	if (depth == 0) {
		*v = t;
		return;
	}
	/* Firefox, Netscape and Thunderbird take the name parsed too. */
	if (v->nname == 0)
		set_text(v->name, &v->nname, mk(t.name, t.nname));
	v->has = t.has;
	memcpy(v->num, t.num, sizeof v->num);
	if (v->naddl == 0)
		set_text(v->addl, &v->naddl, mk(t.addl, t.naddl));
}

void
nc_version_parse(const uint8_t *p, size_t n, struct nc_version *v)
{
	memset(v, 0, sizeof *v);
	if (n > NC_VERSION_TEXT)
		n = NC_VERSION_TEXT;
	version_of(mk(p, p != NULL ? n : 0), v, 0);
}

size_t
nc_version_ssh_clean(const uint8_t *p, size_t n, size_t min, uint8_t *out,
    size_t cap)
{
	struct sp s = mk(p, p != NULL ? n : 0);
	size_t i, k = 0, o = 0;

	for (i = 0; i < s.n; i++)
		if (starts(s, i, "SSH") &&
		    (k = run(s, i + 3, "0123456789.-")) >= min && k > 0)
			break;
	for (size_t j = 0; j < s.n && o < cap; j++)
		if (i == s.n || j < i || j >= i + 3 + k)
			out[o++] = s.p[j];
	return o;
}
