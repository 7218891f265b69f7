/* Packet sources for nc-decode: capture files (pcap, pcapng, stdin) and
 * live interfaces, read with libpcap, each announced by a Header record
 * and decoded into one record stream.  Live capture gives up root before
 * the first packet is read (OpenBSD tcpdump does the same). */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "decode/decode.h"
#include "netcap.pb-c.h"
#include "stream.h"

/* A live read returns at least this often, so that a quiet interface
 * still flushes what it has to the pipe. */
#define LIVE_TIMEOUT_MS 200

/* As tcpdump: enough for any packet libpcap will hand over. */
#define DEFAULT_SNAPLEN 262144

/* stdio buffer for capture files: libpcap reads each packet with two
 * fread calls, and with stdio's default of one file system block every
 * 4 KiB of capture cost a read(2), about a tenth of decoding a LAN
 * capture. */
#define FILE_BUFFER (256 * 1024)

/* Record time stamps are signed 64-bit nanoseconds. */
#define TS_MAX ((uint64_t)INT64_MAX)

struct run {
	struct nc_capture *c;
	struct nc_writer *w;
	struct nc_decoder dec;
	struct nc_progress prog;
	pcap_t *p;
	int nano;			/* timestamps in ns, not us */
	uint64_t packet;		/* within the current source */
	uint64_t total;			/* over all sources, for -c */
	uint64_t bytes_before;		/* sizes of the files already read */
	uint64_t captured;		/* live: bytes captured so far */
	int live;
	struct bpf_program bpf;	/* files: the filter, run here */
	int filtering;
	char *fbuf;			/* files: FILE_BUFFER bytes for stdio */
	FILE **pre;			/* files opened before giving up root;
					 * NULL for one that failed (warned) */
	struct nc_outfile out;
	uint64_t written;		/* records put */
	int fatal;			/* stop: an error ends the run */
};

/* A signal handler reaches only process-wide state: the source being read,
 * to break its loop, and the flag that stops the run. */
static pcap_t *volatile current;
static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	pcap_t *p = current;

	(void)sig;
	stopping = 1;
	if (p != NULL)
		pcap_breakloop(p);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* A closed terminal or an ssh session that went away ends the run
	 * as Ctrl-C does: what was decoded is kept. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
nc_capture_add_file(struct nc_capture *c, char *path)
{
	char **f = realloc(c->files, (c->nfiles + 1) * sizeof *f);

	if (f == NULL)
		return -1;
	f[c->nfiles++] = path;
	c->files = f;
	return 0;
}

char *
nc_capture_join(int argc, char **argv)
{
	size_t n = 0;
	char *s;
	int i;

	if (argc <= 0)
		return NULL;
	for (i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if ((s = malloc(n)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int
nc_capture_account(struct nc_capture *c)
{
	return nc_account_lookup(&c->account, c->user);
}

/* Ends the run at the first failed write: what follows could not be
 * written either, and the program decides how to report it (a reader
 * that went away is no error). */
static int
emit(void *ctx, int type, const ProtobufCMessage *msg)
{
	struct run *r = ctx;

	if (r->fatal)
		return -1;
	if (nc_writer_put(r->w, type, msg) < 0) {
		r->c->write_errno = errno;
		r->fatal = 1;
		if (r->p != NULL)
			pcap_breakloop(r->p);
		return -1;
	}
	r->written++;
	return 0;
}

static void
put_header(struct run *r, const char *source, int dlt)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	char host[256] = "";
	struct timespec now;

	h.version = NC_FORMAT_VERSION;
	h.source = (char *)source;
	h.link_type = nc_decode_linktype(dlt);
	h.snaplen = (uint32_t)pcap_snapshot(r->p);
	h.generator = "nc-decode";
	h.generator_version = NC_VERSION;
	h.filter = r->c->filter != NULL ? r->c->filter : "";
	/* Only live capture says when and where: decoding a file twice
	 * gives the same bytes. */
	if (r->live) {
		clock_gettime(CLOCK_REALTIME, &now);
		h.created = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
		if (gethostname(host, sizeof host - 1) == 0)
			h.sensor = host;
	}
	emit(r, NETCAP__RECORD__RECORD_HEADER, &h.base);
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct run *r = (struct run *)arg;
	uint64_t ts, sec, frac;

	/* pcap files hold both fields as unsigned 32 bits, which libpcap
	 * sign-extends; undo that.  A damaged file's fraction may exceed a
	 * second; it is added as it stands.  pcapng's 64 bits reach past
	 * what signed nanoseconds hold (year 2262): those stop at the
	 * largest rather than wrap to before 1970. */
	sec = (uint64_t)h->ts.tv_sec;
	frac = (uint64_t)h->ts.tv_usec;
	if (h->ts.tv_sec < 0 && h->ts.tv_sec >= -(1ll << 31))
		sec += 1ull << 32;
	if (h->ts.tv_usec < 0 && h->ts.tv_usec >= -(1ll << 31))
		frac += 1ull << 32;
	frac *= r->nano ? 1u : 1000u;
	if (sec > (TS_MAX - frac) / 1000000000u)
		ts = TS_MAX;
	else
		ts = sec * 1000000000u + frac;
	/* A file's packets keep their numbers in the file when a filter
	 * skips some, so records can be matched with other tools' output. */
	r->packet++;
	if (r->filtering && pcap_offline_filter(&r->bpf, h, data) == 0)
		return;
	r->total++;
	nc_decode_packet(&r->dec, (int64_t)ts, r->packet, data, h->caplen,
	    h->len);
	r->captured += h->caplen;
	/* -l: the records of a packet go out with it. */
	if (r->c->unbuffered && !r->fatal && nc_writer_flush(r->w) < 0) {
		r->c->write_errno = errno;
		r->fatal = 1;
		pcap_breakloop(r->p);
		return;
	}
	if (r->prog.on && (r->total & 1023) == 0) {
		FILE *f = r->live ? NULL : pcap_file(r->p);
		long pos = f != NULL ? ftell(f) : -1;

		/* The file position, when there is one. */
		nc_progress_update(&r->prog, r->total, pos >= 0 ?
		    r->bytes_before + (uint64_t)pos : r->captured);
	}
	if (r->c->count != 0 && r->total >= r->c->count)
		pcap_breakloop(r->p);
}

/* Compiles the filter; a bad expression is fatal (-1).  The kernel runs
 * it on a live capture; for a file, on_packet does, to keep packet
 * numbers. */
static int
set_filter(struct run *r, const char *source, bpf_u_int32 netmask)
{
	if (r->c->filter == NULL)
		return 0;
	if (pcap_compile(r->p, &r->bpf, r->c->filter, 1, netmask) != 0) {
		nc_warn("%s: bad filter expression \"%s\": %s", source,
		    r->c->filter, pcap_geterr(r->p));
		return -1;
	}
	if (r->live) {
		if (pcap_setfilter(r->p, &r->bpf) != 0) {
			nc_warn("%s: cannot set filter: %s", source,
			    pcap_geterr(r->p));
			pcap_freecode(&r->bpf);
			return -1;
		}
		pcap_freecode(&r->bpf);
	} else {
		r->filtering = 1;
	}
	return 0;
}

static int
start_source(struct run *r, const char *source)
{
	int dlt = pcap_datalink(r->p);
	const char *name;

	if (!nc_decode_linktype_supported(dlt)) {
		name = pcap_datalink_val_to_name(dlt);
		nc_warn("%s: unsupported link type %d (%s)", source, dlt,
		    name != NULL ? name : "unknown");
		return -1;
	}
	nc_decoder_set_dlt(&r->dec, dlt);
	r->nano = pcap_get_tstamp_precision(r->p) == PCAP_TSTAMP_PRECISION_NANO;
	r->packet = 0;
	return 0;
}

/* Opened here so that errors name the file once, in one style. */
static FILE *
open_file(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rbe");

	if (f == NULL)
		nc_warn_errno("%s", path);
	return f;
}

/* -Z with files: every file is open before root is given up, as
 * tcpdump opens its file.  -1 when out of memory. */
static int
open_files(struct run *r)
{
	size_t i;

	if ((r->pre = calloc(r->c->nfiles, sizeof *r->pre)) == NULL)
		return -1;
	for (i = 0; i < r->c->nfiles; i++)
		r->pre[i] = open_file(r->c->files[i]);
	return 0;
}

/* f: the file opened before, NULL to open it now. */
static int
read_file(struct run *r, const char *path, FILE *f)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	const char *source = path;
	struct stat st;
	int rc, status = 0;

	if (f == NULL && (f = open_file(path)) == NULL)
		return 1;
	/* Before the first read.  glibc ignores the size unless given the
	 * buffer; stdin keeps its own, as it outlives the run. */
	if (f != stdin && r->fbuf == NULL)
		r->fbuf = malloc(FILE_BUFFER);
	if (f != stdin && r->fbuf != NULL)
		(void)setvbuf(f, r->fbuf, _IOFBF, FILE_BUFFER);
	errbuf[0] = '\0';
	r->p = pcap_fopen_offline_with_tstamp_precision(f,
	    PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (r->p == NULL) {
		nc_warn("%s: %s", source, errbuf);
		if (f != stdin)
			fclose(f);
		return 1;
	}
	if (start_source(r, source) < 0) {
		pcap_close(r->p);
		r->p = NULL;
		return 1;
	}
	if (set_filter(r, source, PCAP_NETMASK_UNKNOWN) < 0) {
		r->fatal = 1;
		pcap_close(r->p);
		r->p = NULL;
		return 1;
	}
	put_header(r, source, pcap_datalink(r->p));
	current = r->p;
	if (!stopping && !r->fatal) {
		rc = pcap_loop(r->p, -1, on_packet, (u_char *)r);
		/* A read cut short by SIGINT is no error of the file's. */
		if (rc == PCAP_ERROR && !stopping && !r->fatal) {
			nc_warn("%s: %s", source, pcap_geterr(r->p));
			status = 1;
		}
	}
	nc_decoder_finish(&r->dec);
	current = NULL;
	if (r->filtering) {
		pcap_freecode(&r->bpf);
		r->filtering = 0;
	}
	pcap_close(r->p);
	r->p = NULL;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0)
		r->bytes_before += (uint64_t)st.st_size;
	return status;
}

static void
print_stats(struct run *r)
{
	struct pcap_stat ps;

	fprintf(stderr, "%llu packet%s captured\n",
	    (unsigned long long)r->total, r->total == 1 ? "" : "s");
	if (pcap_stats(r->p, &ps) != 0) {
		nc_warn("%s: %s", r->c->iface, pcap_geterr(r->p));
		return;
	}
	fprintf(stderr, "%u packet%s received by filter\n", ps.ps_recv,
	    ps.ps_recv == 1 ? "" : "s");
	fprintf(stderr, "%u packet%s dropped by kernel\n", ps.ps_drop,
	    ps.ps_drop == 1 ? "" : "s");
	if (ps.ps_ifdrop != 0)
		fprintf(stderr, "%u packet%s dropped by interface\n",
		    ps.ps_ifdrop, ps.ps_ifdrop == 1 ? "" : "s");
}

/* Opens the interface, gives up root and sets the filter: everything
 * that can fail before the output is created.  -1 (warned) on failure. */
static int
open_live(struct run *r)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	const char *iface = r->c->iface;
	bpf_u_int32 net, mask;
	int rc;

	errbuf[0] = '\0';
	if ((r->p = pcap_create(iface, errbuf)) == NULL) {
		nc_warn("%s: %s", iface, errbuf);
		return -1;
	}
	pcap_set_snaplen(r->p, r->c->snaplen > 0 ? r->c->snaplen :
	    DEFAULT_SNAPLEN);
	pcap_set_promisc(r->p, r->c->promisc);
	pcap_set_timeout(r->p, LIVE_TIMEOUT_MS);
	pcap_set_tstamp_precision(r->p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(r->p);
	if (rc < 0)
		nc_warn("%s: %s", iface, rc == PCAP_ERROR ?
		    pcap_geterr(r->p) : pcap_statustostr(rc));
	else if (rc > 0)
		nc_warn("%s: %s", iface, rc == PCAP_WARNING ?
		    pcap_geterr(r->p) : pcap_statustostr(rc));
	/* The interface is open: root is no longer needed, and the output
	 * is created by the account that writes it. */
	if (rc < 0 || nc_account_switch(&r->c->account) < 0 ||
	    start_source(r, iface) < 0) {
		pcap_close(r->p);
		r->p = NULL;
		return -1;
	}
	if (pcap_lookupnet(iface, &net, &mask, errbuf) != 0)
		mask = PCAP_NETMASK_UNKNOWN;
	if (set_filter(r, iface, mask) < 0) {
		pcap_close(r->p);
		r->p = NULL;
		return -1;
	}
	return 0;
}

static int
read_live(struct run *r)
{
	const char *iface = r->c->iface;
	int rc, status = 0;

	put_header(r, iface, pcap_datalink(r->p));
	current = r->p;
	while (!stopping && !r->fatal) {
		rc = pcap_dispatch(r->p, -1, on_packet, (u_char *)r);
		if (r->fatal)
			break;
		if (rc == PCAP_ERROR) {
			nc_warn("%s: %s", iface, pcap_geterr(r->p));
			status = 1;
			break;
		}
		/* Live records go out as they come. */
		if (nc_writer_flush(r->w) < 0) {
			r->c->write_errno = errno;
			r->fatal = 1;
			break;
		}
		if (rc == PCAP_ERROR_BREAK ||
		    (r->c->count != 0 && r->total >= r->c->count))
			break;
	}
	nc_decoder_finish(&r->dec);
	current = NULL;
	if (!r->fatal)
		print_stats(r);
	pcap_close(r->p);
	r->p = NULL;
	return status;
}

/* Everything up to the first record: sources open, root given up, the
 * output created.  -1 (warned) when the run cannot start. */
static int
start(struct run *r, struct nc_inputs *in)
{
	struct nc_capture *c = r->c;
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		if (nc_inputs_add(in, c->files[i]) < 0) {
			nc_warn_errno("cannot remember the inputs");
			return -1;
		}
	if (r->live && open_live(r) < 0)
		return -1;
	if (!r->live && c->user != NULL) {
		if (open_files(r) < 0) {
			nc_warn_errno("cannot remember the inputs");
			return -1;
		}
		if (nc_account_switch(&c->account) < 0)
			return -1;
	}
	if (nc_outfile_open(&r->out, c->out_path, in) < 0) {
		/* Created after the switch: say by whom. */
		if ((r->live || c->user != NULL) && c->account.found &&
		    c->account.uid != 0 && getuid() == c->account.uid)
			nc_warn("%s: %s (as user %s)", r->out.name,
			    r->out.why, c->account.name);
		else
			nc_warn("%s: %s", r->out.name, r->out.why);
		return -1;
	}
	c->out_name = r->out.name;
	if ((r->w = nc_writer_open(r->out.fd)) == NULL) {
		nc_warn_errno("cannot allocate the output buffer");
		return -1;
	}
	return 0;
}

/* Closes the output and gives it its name, or removes it when nothing was
 * written or a write failed. */
static void
finish(struct run *r)
{
	struct nc_capture *c = r->c;

	if (r->w != NULL && nc_writer_close(r->w) < 0 && c->write_errno == 0)
		c->write_errno = errno;
	if (r->out.fd < 0)
		return;
	if (r->out.fd != STDOUT_FILENO && close(r->out.fd) != 0 &&
	    c->write_errno == 0)
		c->write_errno = errno;
	if (r->written == 0 || c->write_errno != 0) {
		nc_outfile_discard(&r->out);
	} else if (nc_outfile_commit(&r->out) < 0) {
		nc_warn("%s: %s", r->out.name, r->out.why);
		r->fatal = 1;
	}
}

int
nc_capture_run(struct nc_capture *c)
{
	struct nc_inputs in = { 0 };
	struct run r;
	uint64_t size = 0;
	struct stat st;
	size_t i;
	int status = 0;

	memset(&r, 0, sizeof r);
	r.c = c;
	r.live = c->iface != NULL;
	r.out.fd = -1;
	c->write_errno = 0;
	stopping = 0;
	/* Before the output exists, so that no signal can leave it
	 * behind unfinished. */
	catch_signals();
	/* Any supported link type will do until a source says which. */
	if (nc_decoder_init(&r.dec, 1, &c->want, c->payload, emit, &r) < 0) {
		nc_warn_errno("cannot set up the decoder");
		status = -1;
		goto out;
	}
	if (start(&r, &in) < 0) {
		r.fatal = 1;
		goto done;
	}
	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i], "-") != 0 &&
		    stat(c->files[i], &st) == 0 && S_ISREG(st.st_mode))
			size += (uint64_t)st.st_size;
	nc_progress_init(&r.prog, c->quiet, size);
	if (r.live)
		status = read_live(&r);
	for (i = 0; i < c->nfiles && !stopping && !r.fatal; i++) {
		if (r.pre != NULL && r.pre[i] == NULL)
			status = 1;
		else if (read_file(&r, c->files[i],
		    r.pre != NULL ? r.pre[i] : NULL) != 0)
			status = 1;
		if (r.pre != NULL)
			r.pre[i] = NULL;
		if (c->count != 0 && r.total >= c->count)
			break;
	}
	nc_progress_update(&r.prog, r.total, r.live ? r.captured : size);
	nc_progress_done(&r.prog);
done:
	/* What was decoded before a fatal error is kept. */
	finish(&r);
	if (r.p != NULL)
		pcap_close(r.p);
	for (i = 0; r.pre != NULL && i < c->nfiles; i++)
		if (r.pre[i] != NULL && r.pre[i] != stdin)
			fclose(r.pre[i]);
	if (r.fatal || c->write_errno != 0)
		status = -1;
	nc_decoder_free(&r.dec);
	free(r.fbuf);
	free(r.pre);
out:
	nc_inputs_free(&in);
	free(c->files);
	free(c->filter);
	c->files = NULL;
	c->nfiles = 0;
	c->filter = NULL;
	return status;
}
