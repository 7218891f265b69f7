/* The file sink: what a stream parser (HTTP bodies now; mail attachments
 * and FTP transfers later) hands over as a file gets its size, MD5, SHA-1
 * and SHA-256, computed as the bytes come, and a MIME type guessed from
 * the first bytes (sniff.h for an HTML page, libmagic for the rest); with
 * a directory, the bytes are also written there under their SHA-256,
 * never under a name from the traffic.
 *
 * Memory per open file: three digest contexts and the first HEAD_MAX
 * bytes for libmagic; bodies are never buffered whole.  Disk: a cap per
 * file and one for all files written; a file over either is not kept,
 * said once on stderr and counted. */
#ifndef NC_FILES_H
#define NC_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "netcap.pb-c.h"
#include "stream.h"

struct nc_files_opts {
	const char *dir;		/* where to store files; NULL: nowhere */
	uint64_t file_max;		/* bytes of one stored file; 0: default */
	uint64_t disk_max;		/* bytes of all stored files; 0: default */
	int no_mime;			/* leave mime_type empty: libmagic
					 * costs 2 to 6 million instructions
					 * a file that sniff.h does not name */
	unsigned threads;		/* libmagic's worker threads; 0: it
					 * runs in the caller's */
	unsigned no_hash;		/* NC_FILES_* not to compute (a
					 * stored file's SHA-256 always is:
					 * it names the file) */
};

#define NC_FILES_MD5		1u
#define NC_FILES_SHA1		2u
#define NC_FILES_SHA256		4u
#define NC_FILES_HASHES		7u

#define NC_FILES_FILE_MAX	(64ULL << 20)
#define NC_FILES_DISK_MAX	(1ULL << 30)

struct nc_files_stats {
	uint64_t files;			/* ended */
	uint64_t stored;		/* written to the directory */
	uint64_t bytes;			/* written to the directory */
	uint64_t file_capped;		/* not kept: over file_max */
	uint64_t disk_capped;		/* not kept: over disk_max */
	uint64_t errors;		/* not kept: a write failed */
	uint64_t mime_magic;		/* MIME types libmagic gave */
	uint64_t mime_cached;		/* given again for the same bytes */
};

struct nc_files;
struct nc_file;

/* NULL with errno set when out of memory or dir cannot be opened. */
struct nc_files *nc_files_new(const struct nc_files_opts *o);
void nc_files_free(struct nc_files *fs);
void nc_files_stats(const struct nc_files *fs, struct nc_files_stats *st);

/* A file of protocol proto ("http", a static string) whose name on the
 * wire, if any, is name[0, n); NULL when out of memory. */
struct nc_file *nc_file_begin(struct nc_files *fs, const char *proto,
    const uint8_t *name, size_t n);
/* The same for a name that is a path without "." or ".." components
 * (ftp-data's): its slashes are kept. */
struct nc_file *nc_file_begin_path(struct nc_files *fs, const char *proto,
    const uint8_t *path, size_t n);
/* The next n bytes of the file. */
void nc_file_data(struct nc_file *f, const uint8_t *p, size_t n);
/* The file is over (truncated: not all of it was seen): sets m's size,
 * truncated, protocol, name, mime_type, hashes and stored; the caller
 * sets the rest.  m points into f until nc_file_free(f). */
void nc_file_end(struct nc_file *f, int truncated, Netcap__File *m);
/* With threads, m's MIME type may still be on its way when
 * nc_file_end() returns: then this fills late in for the writer
 * (nc_writer_put_late) and returns 1, once; m is the record
 * nc_file_end() was given.  0: m is complete. */
int nc_files_late(struct nc_files *fs, const Netcap__File *m,
    struct nc_late *late);
void nc_file_free(struct nc_file *f);

/* Reads a list of hashes ("md5,sha256", or "none") into the set not
 * to compute, *no_hash; -1 for a name it does not know. */
int nc_files_parse_hashes(const char *s, unsigned *no_hash);

/* The name p[0, n) as a File record has it: at most 255 bytes, with
 * slashes, backslashes and control bytes made "_", into out; its
 * length. */
size_t nc_files_name(uint8_t *out, const uint8_t *p, size_t n);

#endif
