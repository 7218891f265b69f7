/* The Software and Service tracker (lib/tcpapp/software.c): who runs
 * what, once per host, product and version, once per server and port,
 * the cap and its counter, greetings, and a failing writer. */
#include <stdio.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tap.h"
#include "tcpapp/software.h"

static int nsw, nsvc, fail;
static char last[512];

static int
put(void *arg, int type, const ProtobufCMessage *m)
{
	(void)arg;
	if (fail)
		return -1;
	if (type == NETCAP__RECORD__RECORD_SOFTWARE) {
		const Netcap__Software *r = (const void *)m;

		nsw++;
		snprintf(last, sizeof last, "%u.%u.%u.%u:%u %s %s %.*s %llu.%llu "
		    "%.*s", r->src_ip.data[0], r->src_ip.data[1],
		    r->src_ip.data[2], r->src_ip.data[3], r->src_port,
		    r->software_type, r->source, (int)r->name.len,
		    (const char *)r->name.data, (unsigned long long)r->major,
		    (unsigned long long)r->minor, (int)r->addl.len,
		    (const char *)r->addl.data);
	} else if (type == NETCAP__RECORD__RECORD_SERVICE) {
		const Netcap__Service *r = (const void *)m;

		nsvc++;
		snprintf(last, sizeof last, "%u:%u %s %zu", r->src_ip.data[3],
		    r->src_port, r->protocol, r->banner.len);
	}
	return 0;
}

static const uint8_t CLI[4] = { 10, 0, 0, 1 }, SRV[4] = { 10, 0, 0, 2 };

static Netcap__HTTP
http(const char *ua, const char *server, unsigned status)
{
	Netcap__HTTP h = NETCAP__HTTP__INIT;

	h.src_ip = nc_bin(CLI, 4);
	h.dst_ip = nc_bin(SRV, 4);
	h.src_port = 40000;
	h.dst_port = 80;
	h.user_agent = nc_bin(ua, strlen(ua));
	h.server = nc_bin(server, strlen(server));
	h.status_code = status;
	return h;
}

int
main(void)
{
	struct nc_software *w = nc_software_new(5, put, NULL);
	struct nc_software_stats st;
	struct nc_tcpapp_conn cn = { 7, 4, { { 10, 0, 0, 1 },
	    { 10, 0, 0, 3 } }, { 40001, 25 }, 0 };
	struct nc_tcpapp_ctx c = { .conn = &cn, .ts = 5, .packet = 9 };
	Netcap__HTTP h;
	uint8_t big[10000];

	h = http("curl/7.29.0", "Apache/2.4.41 (Ubuntu)", 200);
	ok(nc_software_record(w, NETCAP__RECORD__RECORD_HTTP, &h.base) == 0 &&
	    nsw == 2 && nsvc == 1, "an HTTP exchange: browser, server, service");
	ok(strcmp(last, "10.0.0.2:80 HTTP::SERVER Server Apache 2.4 Ubuntu")
	    == 0, "the server's software on the server: %s", last);
	nc_software_record(w, NETCAP__RECORD__RECORD_HTTP, &h.base);
	ok(nsw == 2 && nsvc == 1, "the same again: nothing new");
	h = http("curl/7.30.0", "", 0);
	nc_software_record(w, NETCAP__RECORD__RECORD_HTTP, &h.base);
	ok(nsw == 3 && nsvc == 1 &&
	    strcmp(last, "10.0.0.1:40000 HTTP::BROWSER User-Agent curl 7.30 ")
	    == 0, "another version: a record; no response: no service (%s)",
	    last);

	/* The table holds 5: the sixth and on are counted. */
	memset(big, 'x', sizeof big);
	big[3] = 0;
	memcpy(big, "220 ", 4);
	ok(nc_software_greeting(w, &c, "smtp", big, sizeof big) == 0 &&
	    nsvc == 2 && nsw == 3 && strcmp(last, "3:25 smtp 256") == 0,
	    "a 10000-byte greeting with a NUL: a service, its banner cut at "
	    "256, no software (%s)", last);
	cn.port[1] = 587;
	nc_software_greeting(w, &c, "smtp",
	    (const uint8_t *)"220 mx.example.com ESMTP Exim 4.92 ready", 40);
	nc_software_stats(w, &st);
	ok(nsvc == 2 && nsw == 3 && st.full == 2 && st.software == 3 &&
	    st.services == 2, "over the cap: counted, not written");
	nc_software_free(w);

	w = nc_software_new(0, put, NULL);
	nsw = nsvc = 0;
	ok(nc_software_greeting(w, &c, "smtp",
	    (const uint8_t *)"220 mx.example.com ESMTP Exim 4.92 ready", 40)
	    == 0 && nsw == 1 && strcmp(last,
	    "10.0.0.3:587 SMTP::SERVER greeting Exim 4.92 ready") == 0,
	    "a greeting: its product past the host name (%s)", last);
	cn.port[1] = 143;
	nc_software_greeting(w, &c, "imap", (const uint8_t *)"[CAPABILITY "
	    "IMAP4rev1 X-V/1.2] IMAP server ready H migmx013 104568 "
	    "IMAP-0M0Unb-1YwIOs2b5", 82);
	ok(nsw == 1 && nsvc == 2, "a capability list and words with digits "
	    "but no dotted version: no software");
	cn.port[1] = 587;
	ok(nc_software_answered(w, &cn, "unknown", 1, 1,
	    (const uint8_t *)"hello\r\nworld", 12) == 0 && nsvc == 2,
	    "the server's port is known already: nothing new");
	cn.port[1] = 9999;
	nc_software_answered(w, &cn, "unknown", 1, 1,
	    (const uint8_t *)"hello\r\nworld", 12);
	ok(nsvc == 3 && strcmp(last, "3:9999 unknown 5") == 0,
	    "an unknown service: the first line (%s)", last);
	fail = 1;
	cn.port[1] = 9998;
	ok(nc_software_answered(w, &cn, "dns", 1, 1, NULL, 0) < 0,
	    "a failed write is returned");
	nc_software_free(w);
	nc_software_free(NULL);
	return tap_done();
}
