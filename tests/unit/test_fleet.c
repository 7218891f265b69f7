/* Unit tests for the fleet mode's pieces that need no server: the set
 * of sequence numbers a collector has written, message bodies, keys and
 * signatures. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "link/fleet.h"
#include "link/seen.h"
#include "link/store.h"
#include "link/wire.h"
#include "tap.h"

static void
test_seen(void)
{
	struct nc_seen s = { 0 };
	uint64_t i;
	int all;

	ok(!nc_seen_has(&s, 1), "an empty set holds nothing");
	nc_seen_add(&s, 1, 10);
	nc_seen_add(&s, 21, 30);
	ok(s.n == 2 && nc_seen_has(&s, 10) && !nc_seen_has(&s, 11) &&
	    nc_seen_has(&s, 21), "two ranges with a hole");
	/* the other collector's share comes back late: out of order */
	nc_seen_add(&s, 11, 20);
	ok(s.n == 1 && s.r[0].lo == 1 && s.r[0].hi == 30,
	    "a range filling the hole joins both");
	nc_seen_add(&s, 5, 8);
	ok(s.n == 1, "a range inside adds nothing");
	nc_seen_add(&s, 40, 50);
	nc_seen_add(&s, 35, 45);
	ok(s.n == 2 && s.r[1].lo == 35 && s.r[1].hi == 50,
	    "overlapping ranges merge");
	nc_seen_add(&s, 31, 34);
	ok(s.n == 1 && s.r[0].hi == 50, "an adjacent range merges");
	nc_seen_clear(&s);
	/* every other number: one range each, up to the cap */
	for (i = 0; i < NC_SEEN_MAX + 10; i++)
		nc_seen_add(&s, 2 * i + 1, 2 * i + 1);
	ok(s.n == NC_SEEN_MAX && s.forgotten == 10,
	    "past the cap the lowest ranges are forgotten");
	all = !nc_seen_has(&s, 1) && nc_seen_has(&s, 2 * (NC_SEEN_MAX + 9) + 1);
	for (i = 10; i < NC_SEEN_MAX + 10; i++)
		all &= nc_seen_has(&s, 2 * i + 1) && !nc_seen_has(&s, 2 * i + 2);
	ok(all, "and the newest are all kept");
	nc_seen_add(&s, 0, UINT64_MAX);
	ok(s.n == 1 && nc_seen_has(&s, UINT64_MAX), "the whole range");
	nc_seen_clear(&s);
}

/* The set is saved in the sensor's state file, with the part file's
 * length, so a crash never leaves one without the other. */
static void
test_seen_file(void)
{
	char dir[] = "/tmp/test_fleet.XXXXXX";
	struct nc_seen s = { 0 }, t = { 0 };
	struct nc_store st = { 0 }, back = { 0 };
	FILE *fp;
	int dfd, fd;

	if (mkdtemp(dir) == NULL || (dfd = open(dir, O_RDONLY)) < 0) {
		ok(0, "a folder for the state file");
		return;
	}
	st.seen = &s;
	ok(nc_store_recover(&st, dfd, "s1") == 0 && s.n == 0,
	    "no state: an empty set");
	ok(nc_store_open(&st) == 1 && write(st.fd, "0123456789", 10) == 10,
	    "a part file begun");
	st.len = 10;
	nc_seen_add(&s, 1, 10);
	nc_seen_add(&s, 21, 30);
	ok(nc_store_save(&st, 0xabc, 30) == 0, "the state saved with the set");
	ok(write(st.fd, "more", 4) == 4, "records after the state");
	close(st.fd);
	back.seen = &t;
	ok(nc_store_recover(&back, dfd, "s1") == 0 && back.stream == 0xabc &&
	    back.seq == 30, "the state read back");
	ok(t.n == 2 && nc_seen_has(&t, 10) && !nc_seen_has(&t, 11) &&
	    nc_seen_has(&t, 30), "and the set with it");
	fd = openat(dfd, "s1.ncap.part", O_RDONLY);
	ok(fd >= 0 && lseek(fd, 0, SEEK_END) == 10,
	    "the part file cut back to the saved length");
	if (fd >= 0)
		close(fd);
	/* A state file of the form before the set was kept in it. */
	if ((fd = openat(dfd, ".s2.state", O_WRONLY | O_CREAT, 0644)) >= 0 &&
	    (fp = fdopen(fd, "w")) != NULL) {
		fputs("0000000000000abc 7 0\n", fp);
		fclose(fp);
	}
	back.seen = &t;
	ok(nc_store_recover(&back, dfd, "s2") == 0 && back.seq == 7 &&
	    t.n == 0, "a state without a set: an empty set");
	if ((fd = openat(dfd, ".s2.state", O_WRONLY | O_TRUNC)) >= 0) {
		ok(write(fd, "x\n", 2) == 2, "a damaged state written");
		close(fd);
	}
	ok(nc_store_recover(&back, dfd, "s2") < 0 &&
	    strstr(back.why, "damaged") != NULL, "a damaged state is named");
	unlinkat(dfd, ".s1.state", 0);
	unlinkat(dfd, ".s2.state", 0);
	unlinkat(dfd, "s1.ncap.part", 0);
	close(dfd);
	rmdir(dir);
	nc_seen_clear(&s);
	nc_seen_clear(&t);
}

static void
test_shown_url(void)
{
	static const struct {
		const char *url, *shown;
	} t[] = {
		{ "nats://127.0.0.1:4222", "nats://127.0.0.1:4222" },
		{ "nats://alice:s3cr:et@10.0.0.1:4222",
		  "nats://alice:***@10.0.0.1:4222" },
		{ "tls://tok3n@nats.example:4222", "tls://***@nats.example:4222" },
		{ "nats://bob@h:1", "nats://***@h:1" },
		{ "nats://u:p@a:1,nats://b:2,nats://v:q@c:3",
		  "nats://u:***@a:1,nats://b:2,nats://v:***@c:3" },
		{ "nats://u:p@w@x:1", "nats://u:***@x:1" },
	};
	struct nc_fleet_conf c;
	char long_url[400];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&c, 0, sizeof c);
		nc_fleet_set_url(&c, t[i].url);
		ok(c.url == t[i].url && strcmp(c.shown, t[i].shown) == 0,
		    "shown: %s as %s (%s)", t[i].url, t[i].shown, c.shown);
	}
	memset(long_url, 'a', sizeof long_url - 1);
	long_url[sizeof long_url - 1] = '\0';
	memcpy(long_url, "nats://u:p@", 11);
	nc_fleet_set_url(&c, long_url);
	ok(strlen(c.shown) == sizeof c.shown - 1 &&
	    strncmp(c.shown, "nats://u:***@", 13) == 0,
	    "a long URL is cut, its password still hidden");
}

static size_t
body(uint8_t *b, uint64_t first, int n, uint64_t gap_at)
{
	static const uint8_t rec[] = { 0x0a, 0x02, 0x08, 0x01 };
	size_t len = nc_wire_hello(b, 0xabcdefull);
	int i;

	for (i = 0; i < n; i++) {
		uint64_t seq = first + (uint64_t)i + (i >= (int)gap_at);

		len += nc_wire_record_head(b + len, seq, sizeof rec);
		memcpy(b + len, rec, sizeof rec);
		len += sizeof rec;
	}
	return len;
}

static void
test_parse(void)
{
	uint8_t b[256];
	uint64_t stream, first;
	const char *why;
	size_t n;

	n = body(b, 7, 3, 99);
	ok(nc_fleet_parse(b, n, 100, &stream, &first, &why) == 3 &&
	    stream == 0xabcdef && first == 7, "a hello and three records");
	ok(nc_fleet_parse(b, n - 1, 100, &stream, &first, &why) < 0 &&
	    strcmp(why, "a message cut short") == 0, "a body cut short");
	ok(nc_fleet_parse(b, n, 3, &stream, &first, &why) < 0,
	    "a record over the cap");
	n = body(b, 7, 3, 2);
	ok(nc_fleet_parse(b, n, 100, &stream, &first, &why) < 0 &&
	    strcmp(why, "sequence numbers with a gap") == 0,
	    "numbers with a gap");
	n = body(b, 7, 0, 99);
	ok(nc_fleet_parse(b, n, 100, &stream, &first, &why) < 0,
	    "a hello alone");
	n = nc_wire_seq(b, NC_WIRE_ACK, 3);
	ok(nc_fleet_parse(b, n, 100, &stream, &first, &why) < 0 &&
	    strcmp(why, "no hello") == 0, "no hello first");
	ok(nc_fleet_parse(b, 0, 100, &stream, &first, &why) < 0,
	    "nothing at all");
}

static void
test_keys(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"), *other, *got;
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	unsigned char der[64], *q = der, pin[NC_PIN_LEN];
	char key[NC_FLEET_KEY_TEXT], sig[NC_FLEET_SIG_TEXT];
	const uint8_t msg[] = "records";
	int n;

	other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	n = i2d_PUBKEY(k, &q);
	SHA256(der, (size_t)n, pin);
	ok(nc_fleet_key_text(k, key) == 0 && strlen(key) == 60,
	    "a key as base64");
	got = nc_fleet_key_parse(key, pin);
	ok(got != NULL && EVP_PKEY_eq(got, k) == 1, "the key of its pin");
	EVP_PKEY_free(got);
	pin[0] ^= 1;
	ok(nc_fleet_key_parse(key, pin) == NULL, "a key of another pin");
	ok(nc_fleet_key_parse("AAAA", pin) == NULL, "a key cut short");
	ok(nc_fleet_sign(mc, k, msg, sizeof msg, sig) == 0 &&
	    nc_fleet_verify(mc, k, msg, sizeof msg, sig), "sign and verify");
	ok(!nc_fleet_verify(mc, other, msg, sizeof msg, sig),
	    "another key's signature fails");
	ok(!nc_fleet_verify(mc, k, msg, sizeof msg - 1, sig),
	    "a changed body fails");
	ok(!nc_fleet_verify(mc, k, msg, sizeof msg, "AAAA") &&
	    !nc_fleet_verify(mc, k, msg, sizeof msg, NULL),
	    "a short or missing signature fails");
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
	EVP_MD_CTX_free(mc);
}

int
main(void)
{
	test_seen();
	test_seen_file();
	test_shown_url();
	test_parse();
	test_keys();
	return tap_done();
}
