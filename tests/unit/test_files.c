/* The file sink (lib/files/files.c): hashes against known values, the
 * name sanitised, files stored under their SHA-256 and nothing else, and
 * the per-file and disk caps. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files/files.h"
#include "tap.h"

/* SHA-256 and MD5 of "abc" (FIPS 180-2 and RFC 1321 test vectors). */
#define ABC256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABCMD5 "900150983cd24fb0d6963f7d28e17f72"

static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || (e->d_name[1] != '\0' &&
		    strcmp(e->d_name, "..") != 0))
			n++;
	if (d != NULL)
		closedir(d);
	return n;
}

static int
one(struct nc_files *fs, const char *name, const char *data, size_t cut,
    Netcap__File *m)
{
	struct nc_file *f = nc_file_begin(fs, "test", (const uint8_t *)name,
	    name != NULL ? strlen(name) : 0);
	size_t n = strlen(data);

	if (f == NULL)
		return -1;
	nc_file_data(f, (const uint8_t *)data, cut);
	nc_file_data(f, (const uint8_t *)data + cut, n - cut);
	netcap__file__init(m);
	nc_file_end(f, 0, m);
	nc_file_free(f);
	return 0;
}

/* The MIME type given to the bytes s, into out. */
static void
mime_of(struct nc_files *fs, const char *s, char *out, size_t n)
{
	struct nc_file *f = nc_file_begin(fs, "test", NULL, 0);
	Netcap__File m;

	out[0] = '\0';
	if (f == NULL)
		return;
	nc_file_data(f, (const uint8_t *)s, strlen(s));
	netcap__file__init(&m);
	nc_file_end(f, 0, &m);
	snprintf(out, n, "%s", m.mime_type);
	nc_file_free(f);
}

int
main(void)
{
	char dir[] = "/tmp/nc-files-XXXXXX", path[256];
	struct nc_files_opts o = { 0 };
	struct nc_files_stats st;
	struct nc_files *fs;
	Netcap__File m;
	static const char nasty[] = "../\x01\\x/y";

	if (mkdtemp(dir) == NULL)
		return 1;
	o.dir = dir;
	o.file_max = 10;
	o.disk_max = 12;
	fs = nc_files_new(&o);
	ok(fs != NULL, "a sink on a directory");
	/* m points into the file, freed by one(): only scalars after. */
	one(fs, nasty, "abc", 1, &m);
	ok(m.size == 3 && m.stored && m.name.len == strlen(nasty),
	    "abc: 3 bytes, stored, the name kept at its length");
	snprintf(path, sizeof path, "%s/%s", dir, ABC256);
	ok(access(path, R_OK) == 0 && entries(dir) == 1,
	    "stored under its SHA-256, nothing else in the directory");
	{
		struct nc_file *f = nc_file_begin(fs, "test",
		    (const uint8_t *)nasty, strlen(nasty));

		nc_file_data(f, (const uint8_t *)"abc", 3);
		nc_file_end(f, 1, &m);
		ok(strcmp(m.sha256, ABC256) == 0 && strcmp(m.md5, ABCMD5) == 0 &&
		    m.truncated && m.name.len == 8 &&
		    memcmp(m.name.data, "..___x_y", 8) == 0 &&
		    memchr(m.name.data, '/', m.name.len) == NULL &&
		    memchr(m.name.data, '\\', m.name.len) == NULL &&
		    memchr(m.name.data, 1, m.name.len) == NULL &&
		    strcmp(m.protocol, "test") == 0,
		    "hashes are the test vectors'; no /, \\ or control byte in "
		    "the name");
		nc_file_free(f);
	}
	one(fs, NULL, "0123456789A", 4, &m);
	ok(!m.stored && m.size == 11, "a file past the per-file cap: hashed, "
	    "not stored");
	one(fs, NULL, "0123456789", 4, &m);
	ok(!m.stored, "a file that would pass the disk cap: not stored");
	nc_files_stats(fs, &st);
	ok(st.files == 4 && st.stored == 2 && st.file_capped == 1 &&
	    st.disk_capped == 1 && st.bytes == 6 && entries(dir) == 1,
	    "counted; no temporary file left");
	nc_files_free(fs);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	{
		/* libmagic once per distinct head: the second script from
		 * the cache, with libmagic's name */
		struct nc_files *mf = nc_files_new(NULL);
		char first[128], again[128], other[128];

		mime_of(mf, "var a = 1;\nvar b = a + 1;\n", first,
		    sizeof first);
		mime_of(mf, "var a = 1;\nvar b = a + 1;\n", again,
		    sizeof again);
		mime_of(mf, "var a = 2;\nvar b = a + 1;\n", other,
		    sizeof other);
		nc_files_stats(mf, &st);
		ok(strcmp(first, "text/plain") == 0 &&
		    strcmp(again, first) == 0 && st.mime_magic == 2 &&
		    st.mime_cached == 1, "the same bytes again: libmagic's "
		    "name from the cache (%s, %s; %llu asked, %llu cached)",
		    first, again, (unsigned long long)st.mime_magic,
		    (unsigned long long)st.mime_cached);
		nc_files_free(mf);
	}
	{
		/* a PNG image is named by its first bytes: libmagic is
		 * not asked */
		static const uint8_t png[40] = "\x89PNG\r\n\x1a\n"
		    "\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02";
		struct nc_files *mf = nc_files_new(NULL);
		struct nc_file *f = mf != NULL ?
		    nc_file_begin(mf, "test", NULL, 0) : NULL;

		if (f != NULL) {
			nc_file_data(f, png, sizeof png);
			netcap__file__init(&m);
			nc_file_end(f, 0, &m);
			nc_files_stats(mf, &st);
			ok(strcmp(m.mime_type, "image/png") == 0 &&
			    st.mime_magic == 0, "a PNG image: named without "
			    "libmagic (%s, %llu asked)", m.mime_type,
			    (unsigned long long)st.mime_magic);
			nc_file_free(f);
		} else
			ok(0, "a PNG image: out of memory");
		nc_files_free(mf);
	}
	o.dir = "/nonexistent/dir";
	ok(nc_files_new(&o) == NULL, "a directory that is not there: NULL");
	{
		/* -H: only the hashes asked for, but always a stored file's
		 * SHA-256 */
		struct nc_files_opts ho = { 0 };
		struct nc_files *hf;
		unsigned nh = 99;
		char hd[] = "/tmp/nc-files-XXXXXX";

		ok(nc_files_parse_hashes("sha256,md5", &nh) == 0 &&
		    nh == NC_FILES_SHA1 &&
		    nc_files_parse_hashes("none", &nh) == 0 &&
		    nh == NC_FILES_HASHES &&
		    nc_files_parse_hashes("sha1", &nh) == 0 &&
		    nh == (NC_FILES_MD5 | NC_FILES_SHA256) &&
		    nc_files_parse_hashes("md5,", &nh) < 0 &&
		    nc_files_parse_hashes("", &nh) < 0 &&
		    nc_files_parse_hashes("sha", &nh) < 0 &&
		    nc_files_parse_hashes("sha2567", &nh) < 0,
		    "-H lists: names, none, and what is not one");
		struct nc_file *f;

		/* m points into f: read before nc_file_free. */
		ho.no_hash = NC_FILES_SHA1 | NC_FILES_SHA256;
		hf = nc_files_new(&ho);
		f = nc_file_begin(hf, "test", NULL, 0);
		nc_file_data(f, (const uint8_t *)"abc", 3);
		netcap__file__init(&m);
		nc_file_end(f, 0, &m);
		ok(strcmp(m.md5, ABCMD5) == 0 && m.sha1[0] == '\0' &&
		    m.sha256[0] == '\0', "-H md5: only the MD5 (%s)", m.md5);
		nc_file_free(f);
		nc_files_free(hf);
		ho.no_hash = NC_FILES_HASHES;
		ho.dir = mkdtemp(hd);
		hf = nc_files_new(&ho);
		f = nc_file_begin(hf, "test", NULL, 0);
		nc_file_data(f, (const uint8_t *)"abc", 3);
		netcap__file__init(&m);
		nc_file_end(f, 0, &m);
		snprintf(path, sizeof path, "%s/%s", hd, ABC256);
		ok(hf != NULL && m.md5[0] == '\0' && m.sha1[0] == '\0' &&
		    strcmp(m.sha256, ABC256) == 0 && m.stored &&
		    access(path, R_OK) == 0,
		    "-H none with a directory: the SHA-256 that names the "
		    "file, and no other");
		nc_file_free(f);
		nc_files_free(hf);
		snprintf(path, sizeof path, "rm -rf '%s'", hd);
		if (system(path) != 0)
			return 1;
	}
	return tap_done();
}
