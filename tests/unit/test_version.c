/* The software version parser (lib/tcpapp/version.c) against the
 * expected values of Zeek's own test of Software::parse
 * (testing/btest/scripts/base/frameworks/software/version-parsing.zeek),
 * the banners the issue names, and hostile input. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "tcpapp/version.h"

#define N	(-1LL)			/* a number not found */

struct want {
	const char *in, *name;
	long long num[4];
	const char *addl;
};

static const struct want W[] = {
	/* Zeek's expected values. */
	{ "OpenSSH_4.4", "OpenSSH", { 4, 4, N, N }, "" },
	{ "Apache/2.0.63 (Unix) mod_auth_kerb/5.3 mod_ssl/2.0.63 "
	    "OpenSSL/0.9.7a mod_fastcgi/2.4.2", "Apache", { 2, 0, 63, N },
	    "Unix" },
	{ "ProFTPD 1.2.5rc1 Server (Debian)", "ProFTPD", { 1, 2, 5, N },
	    "rc1" },
	{ "wu-2.4.2-academ[BETA-18-VR14](1)", "wu", { 2, 4, 2, N },
	    "academ" },
	{ "wu-2.6.2(1)", "wu", { 2, 6, 2, N }, "1" },
	{ "Java1.2.2-JDeveloper", "Java", { 1, 2, 2, N }, "JDeveloper" },
	{ "Java/1.6.0_13", "Java", { 1, 6, 0, 13 }, "" },
	{ "Python-urllib/3.1", "Python-urllib", { 3, 1, N, N }, "" },
	{ "libwww-perl/5.820", "libwww-perl", { 5, 820, N, N }, "" },
	{ "Wget/1.9+cvs-stable (Red Hat modified)", "Wget", { 1, 9, N, N },
	    "+cvs" },
	{ "Wget/1.11.4 (Red Hat modified)", "Wget", { 1, 11, 4, N },
	    "Red Hat modified" },
	{ "curl/7.15.1 (i486-pc-linux-gnu) libcurl/7.15.1 OpenSSL/0.9.8a",
	    "curl", { 7, 15, 1, N }, "i486-pc-linux-gnu" },
	{ "Apache", "Apache", { N, N, N, N }, "" },
	{ "Zope/(Zope 2.7.8-final, python 2.3.5, darwin) ZServer/1.1",
	    "Zope/(Zope", { 2, 7, 8, N }, "final" },
	{ "The Bat! (v2.00.9) Personal", "The Bat!", { 2, 0, 9, N },
	    "Personal" },
	{ "Flash/10,2,153,1", "Flash", { 10, 2, 153, 1 }, "" },
	{ "Flash%20Player/26.0.0.137 CFNetwork/811.5.4 Darwin/16.6.0 "
	    "(x86_64)", "Flash", { 26, 0, 0, 137 }, "CFNetwork/811" },
	{ "mt2/1.2.3.967 Oct 13 2010-13:40:24 ord-pixel-x2 pid 0x35a3",
	    "mt2", { 1, 2, 3, 967 }, "Oct" },
	{ "CacheFlyServe v26b", "CacheFlyServe", { 26, N, N, N }, "b" },
	{ "Apple iPhone v4.3.1 Weather v1.0.0.8G4", "Apple iPhone",
	    { 4, 3, 1, N }, "Weather" },
	{ "Mozilla/5.0 (iPhone; U; CPU iPhone OS 4_3_2 like Mac OS X; en-us) "
	    "AppleWebKit/533.17.9 (KHTML, like Gecko) Version/5.0.2 "
	    "Mobile/8H7 Safari/6533.18.5", "Safari", { 5, 0, 2, N },
	    "Mobile" },
	{ "Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_7; en-US) "
	    "AppleWebKit/534.16 (KHTML, like Gecko) Chrome/10.0.648.205 "
	    "Safari/534.16", "Chrome", { 10, 0, 648, 205 }, "" },
	{ "Opera/9.80 (Windows NT 6.1; U; sv) Presto/2.7.62 Version/11.01",
	    "Opera", { 11, 1, N, N }, "" },
	{ "Mozilla/5.0 (Windows; U; Windows NT 5.1; de; rv:1.9.2.11) "
	    "Gecko/20101013 Lightning/1.0b2 Thunderbird/3.1.5",
	    "Thunderbird", { 3, 1, 5, N }, "" },
	{ "iTunes/9.0 (Macintosh; Intel Mac OS X 10.5.8) AppleWebKit/531.9",
	    "iTunes", { 9, 0, N, N }, "Macintosh" },
	{ "Java1.3.1_04", "Java", { 1, 3, 1, 4 }, "" },
	{ "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera "
	    "Mobi/23.348; U; en) Presto/2.5.25 Version/10.54", "Opera Mini",
	    { 10, 54, N, N }, "" },
	{ "Opera/9.80 (J2ME/MIDP; Opera Mini/5.0.18741/18.794; U; en) "
	    "Presto/2.4.15", "Opera Mini", { 5, 0, 18741, N }, "" },
	{ "Mozilla/4.0 (compatible; MSIE 8.0; Android 2.2.2; Linux; Opera "
	    "Mobi/ADR-1103311355; en) Opera 11.00", "Opera", { 11, 0, N, N },
	    "" },
	{ "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.7.2) "
	    "Gecko/20040804 Netscape/7.2 (ax)", "Netscape", { 7, 2, N, N },
	    "" },
	{ "Mozilla/4.0 (compatible; MSIE 7.0b; Windows NT 5.1)", "MSIE",
	    { 7, 0, N, N }, "b" },
	{ "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; "
	    "Trident/5.0)", "MSIE", { 9, 0, N, N }, "" },
	{ "Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko",
	    "MSIE", { 11, 0, N, N }, "" },
	{ "The Bat! (3.0.1 RC3) Professional", "The Bat!", { 3, 0, 1, N },
	    "RC3" },
	{ "Total Commander", "Total Commander", { N, N, N, N }, "" },
	{ "(vsFTPd 2.0.5)", "vsFTPd", { 2, 0, 5, N }, "" },
	{ "Apple Mail (2.1084)", "Apple Mail", { 2, 1084, N, N }, "" },
	{ "Mozilla/5.0 (Windows; U; en) AppleWebKit/420+ (KHTML, like Gecko) "
	    "AdobeAIR/1.0", "AdobeAIR", { 1, 0, N, N }, "" },
	{ "\\xe6\\xbc\\xab\\xe7\\x94\\xbb\\xe4\\xba\\xba 2.6.2 rv:1.2 (iPhone; "
	    "iOS 10.3.2; en_US)", "\xe6\xbc\xab\xe7\x94\xbb\xe4\xba\xba",
	    { 2, 6, 2, N }, "rv:1" },
	{ "QQ%E9%82%AE%E7%AE%B1/5.3.2.8 CFNetwork/811.5.4 Darwin/16.6.0",
	    "QQ\xe9\x82\xae\xe7\xae\xb1", { 5, 3, 2, 8 }, "CFNetwork/811" },
	{ "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1) AppleWebKit/537.36"
	    " (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 "
	    "Edge/15.15063", "Edge", { 15, 15063, N, N }, "" },
	{ "A/8.1.0/Google/Pixel#2/walleye/unknown/QCX3/l1066/-/104360422/-",
	    "Android (Google Pixel)", { 8, 1, 0, N }, "" },
	{ "A/9/Google/Pixel#2/walleye/unknown/QCX3/l1746/-/2406658516/-",
	    "Android (Google Pixel)", { 9, N, N, N }, "" },
	/* The banners of the issue. */
	{ "Apache/2.4.41 (Ubuntu)", "Apache", { 2, 4, 41, N }, "Ubuntu" },
	{ "OpenSSH_8.2p1 Ubuntu-4ubuntu0.5", "OpenSSH", { 8, 2, N, N },
	    "p1" },
	{ "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:89.0) Gecko/20100101 "
	    "Firefox/89.0", "Firefox", { 89, 0, N, N }, "" },
	{ "Microsoft-IIS/10.0", "Microsoft-IIS", { 10, 0, N, N }, "" },
	{ "PHP/7.4.3", "PHP", { 7, 4, 3, N }, "" },
	{ "nginx/1.18.0 (Ubuntu)", "nginx", { 1, 18, 0, N }, "Ubuntu" },
	/* Hostile: digits past 64 bits count as 0, as Zeek's to_count
	 * fails; an empty value has no name. */
	{ "x/99999999999999999999999.1", "x", { 0, 1, N, N }, "" },
	{ "", "", { N, N, N, N }, "" },
	{ "%", "%", { N, N, N, N }, "" },
	{ "\\x", "%", { N, N, N, N }, "" },
	{ "12", "", { 12, N, N, N }, "" },
};

static int
same(const struct want *w, const struct nc_version *v)
{
	int i;

	if (v->nname != strlen(w->name) ||
	    memcmp(v->name, w->name, v->nname) != 0 ||
	    v->naddl != strlen(w->addl) ||
	    memcmp(v->addl, w->addl, v->naddl) != 0)
		return 0;
	for (i = 0; i < 4; i++)
		if (w->num[i] == N ? (v->has & 1u << i) != 0 :
		    !(v->has & 1u << i) || v->num[i] != (unsigned long long)
		    w->num[i])
			return 0;
	return 1;
}

static void
show(const struct nc_version *v)
{
	int i;

	printf("# got name \"%.*s\"", (int)v->nname, (const char *)v->name);
	for (i = 0; i < 4; i++)
		if (v->has & 1u << i)
			printf(" %d=%llu", i, (unsigned long long)v->num[i]);
	printf(" addl \"%.*s\"\n", (int)v->naddl, (const char *)v->addl);
}

int
main(void)
{
	struct nc_version v;
	uint8_t big[4096], out[64];
	size_t i, n;

	for (i = 0; i < sizeof W / sizeof W[0]; i++) {
		nc_version_parse((const uint8_t *)W[i].in, strlen(W[i].in), &v);
		ok(same(&W[i], &v), "%s", W[i].in);
		if (!same(&W[i], &v))
			show(&v);
	}

	n = nc_version_ssh_clean((const uint8_t *)"SSH-2.0-OpenSSH_8.2p1 "
	    "Ubuntu-4ubuntu0.5", 39, 1, out, sizeof out);
	ok(n == 31 && memcmp(out, "OpenSSH_8.2p1 Ubuntu-4ubuntu0.5", 31) == 0,
	    "an SSH identification loses its protocol part");
	n = nc_version_ssh_clean((const uint8_t *)"SSH-1.99-Cisco-1.25", 19,
	    2, out, sizeof out);
	ok(n == 10 && memcmp(out, "Cisco-1.25", 10) == 0,
	    "SSH-1.99 too");
	nc_version_parse(out, n, &v);
	ok(v.nname == 5 && memcmp(v.name, "Cisco", 5) == 0 &&
	    v.has == (NC_V_MAJOR | NC_V_MINOR) && v.num[0] == 1 &&
	    v.num[1] == 25, "Cisco 1.25");
	n = nc_version_ssh_clean((const uint8_t *)"SSH-2.0-x", 9, 1, out, 4);
	ok(n == 1 && out[0] == 'x', "the cap on the cleaned text holds");

	/* Hostile: long runs of every kind of separator, cut at 256. */
	memset(big, '.', sizeof big);
	nc_version_parse(big, sizeof big, &v);
	ok(v.nname == 0 && v.naddl == 0, "4096 dots");
	memset(big, '(', sizeof big);
	memcpy(big, "Mozilla/5.0 MSIE 1", 18);
	nc_version_parse(big, sizeof big, &v);
	ok(v.nname == 4, "a browser string of parentheses");
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)"v 1(/"[i % 5];
	nc_version_parse(big, sizeof big, &v);
	ok(v.nname <= NC_VERSION_TEXT && v.naddl <= NC_VERSION_TEXT,
	    "a repeating pattern stays within its buffers");
	return tap_done();
}
