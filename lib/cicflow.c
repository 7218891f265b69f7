/* CICFlowMeter's CSV columns from a Flow record.  CICFlowMeter gives
 * times in microseconds, "packet length" for the transport payload, and
 * rates per second of flow duration. */
#include <csv.h>
#include <string.h>
#include <time.h>

#include "cicflow.h"

static const char *const names[NC_CICFLOW_COLUMNS] = {
	"Flow ID", "Src IP", "Src Port", "Dst IP", "Dst Port", "Protocol",
	"Timestamp", "Flow Duration", "Total Fwd Packet", "Total Bwd packets",
	"Total Length of Fwd Packet", "Total Length of Bwd Packet",
	"Fwd Packet Length Max", "Fwd Packet Length Min",
	"Fwd Packet Length Mean", "Fwd Packet Length Std",
	"Bwd Packet Length Max", "Bwd Packet Length Min",
	"Bwd Packet Length Mean", "Bwd Packet Length Std", "Flow Bytes/s",
	"Flow Packets/s", "Flow IAT Mean", "Flow IAT Std", "Flow IAT Max",
	"Flow IAT Min", "Fwd IAT Total", "Fwd IAT Mean", "Fwd IAT Std",
	"Fwd IAT Max", "Fwd IAT Min", "Bwd IAT Total", "Bwd IAT Mean",
	"Bwd IAT Std", "Bwd IAT Max", "Bwd IAT Min", "Fwd PSH Flags",
	"Bwd PSH Flags", "Fwd URG Flags", "Bwd URG Flags",
	"Fwd Header Length", "Bwd Header Length", "Fwd Packets/s",
	"Bwd Packets/s", "Packet Length Min", "Packet Length Max",
	"Packet Length Mean", "Packet Length Std", "Packet Length Variance",
	"FIN Flag Count", "SYN Flag Count", "RST Flag Count",
	"PSH Flag Count", "ACK Flag Count", "URG Flag Count",
	"CWR Flag Count", "ECE Flag Count", "Down/Up Ratio",
	"Average Packet Size", "Fwd Segment Size Avg",
	"Bwd Segment Size Avg", "Fwd Bytes/Bulk Avg", "Fwd Packet/Bulk Avg",
	"Fwd Bulk Rate Avg", "Bwd Bytes/Bulk Avg", "Bwd Packet/Bulk Avg",
	"Bwd Bulk Rate Avg", "Subflow Fwd Packets", "Subflow Fwd Bytes",
	"Subflow Bwd Packets", "Subflow Bwd Bytes", "FWD Init Win Bytes",
	"Bwd Init Win Bytes", "Fwd Act Data Pkts", "Fwd Seg Size Min",
	"Active Mean", "Active Std", "Active Max", "Active Min", "Idle Mean",
	"Idle Std", "Idle Max", "Idle Min", "Label",
};

static void
sep(struct nc_buf *b, int tsv)
{
	nc_buf_putc(b, tsv ? '\t' : ',');
}

/* Only the label and the header names can need quoting. */
static void
text(struct nc_buf *b, const char *s, int tsv)
{
	size_t n = strlen(s), start = b->len, i;
	char *copy;

	nc_fmt_esc_str(b, s, n);
	for (i = start; i < b->len && b->p[i] != ',' && b->p[i] != '"'; i++)
		;
	if (tsv || i == b->len)
		return;
	n = b->len - start;
	nc_buf_reserve(b, 3 * n + 2);
	copy = b->p + start + 2 * n + 2;
	memcpy(copy, b->p + start, n);
	b->len = start + csv_write(b->p + start, 2 * n + 2, copy, n);
}

void
nc_cicflow_header(struct nc_buf *b, int tsv)
{
	size_t i;

	for (i = 0; i < NC_CICFLOW_COLUMNS; i++) {
		if (i > 0)
			sep(b, tsv);
		text(b, names[i], tsv);
	}
	nc_buf_putc(b, '\n');
}

static void
u(struct nc_buf *b, uint64_t v, int tsv)
{
	sep(b, tsv);
	nc_fmt_u64(b, v);
}

static void
d(struct nc_buf *b, double v, int tsv)
{
	sep(b, tsv);
	nc_fmt_double(b, v);
}

/* Milliseconds to CICFlowMeter's microseconds. */
static void
us(struct nc_buf *b, double ms, int tsv)
{
	d(b, ms * 1000, tsv);
}

/* Per second of the flow's duration; 0 for a flow of one instant, where
 * CICFlowMeter divides by zero and writes Infinity or NaN. */
static void
rate(struct nc_buf *b, double n, double ms, int tsv)
{
	d(b, ms > 0 ? n / (ms / 1000) : 0, tsv);
}

/* "Fwd Seg Size Min" and the window columns: -1 where there is none, as
 * CICFlowMeter writes for a direction without a TCP packet. */
static void
win(struct nc_buf *b, int has, uint32_t v, int tsv)
{
	sep(b, tsv);
	if (has)
		nc_fmt_u64(b, v);
	else
		nc_buf_puts(b, "-1");
}

static void
endpoint_id(struct nc_buf *b, const Netcap__Flow *f)
{
	nc_fmt_ip(b, f->src_ip.data, f->src_ip.len);
	nc_buf_putc(b, '-');
	nc_fmt_ip(b, f->dst_ip.data, f->dst_ip.len);
	nc_buf_putc(b, '-');
	nc_fmt_u64(b, f->src_port);
	nc_buf_putc(b, '-');
	nc_fmt_u64(b, f->dst_port);
	nc_buf_putc(b, '-');
	nc_fmt_u64(b, f->protocol);
}

/* CICFlowMeter's "dd/MM/yyyy hh:mm:ss a", in local time as it writes it. */
static void
stamp(struct nc_buf *b, int64_t ns)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	char s[32];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof s, "%d/%m/%Y %I:%M:%S %p", &tm) == 0)
		s[0] = '\0';
	nc_buf_puts(b, s);
}

void
nc_cicflow_row(const Netcap__Flow *f, struct nc_buf *b, int tsv)
{
	double dur = f->bidirectional_duration_ms;
	uint64_t payload = f->src2dst_payload_bytes + f->dst2src_payload_bytes;

	endpoint_id(b, f);
	sep(b, tsv);
	nc_fmt_ip(b, f->src_ip.data, f->src_ip.len);
	u(b, f->src_port, tsv);
	sep(b, tsv);
	nc_fmt_ip(b, f->dst_ip.data, f->dst_ip.len);
	u(b, f->dst_port, tsv);
	u(b, f->protocol, tsv);
	sep(b, tsv);
	stamp(b, f->ts);
	us(b, dur, tsv);
	u(b, f->src2dst_packets, tsv);
	u(b, f->dst2src_packets, tsv);
	u(b, f->src2dst_payload_bytes, tsv);
	u(b, f->dst2src_payload_bytes, tsv);
	u(b, f->src2dst_max_payload, tsv);
	u(b, f->src2dst_min_payload, tsv);
	d(b, f->src2dst_mean_payload, tsv);
	d(b, f->src2dst_stddev_payload, tsv);
	u(b, f->dst2src_max_payload, tsv);
	u(b, f->dst2src_min_payload, tsv);
	d(b, f->dst2src_mean_payload, tsv);
	d(b, f->dst2src_stddev_payload, tsv);
	rate(b, (double)payload, dur, tsv);
	rate(b, (double)f->bidirectional_packets, dur, tsv);
	us(b, f->bidirectional_mean_piat_ms, tsv);
	us(b, f->bidirectional_stddev_piat_ms, tsv);
	us(b, f->bidirectional_max_piat_ms, tsv);
	us(b, f->bidirectional_min_piat_ms, tsv);
	us(b, f->src2dst_duration_ms, tsv);
	us(b, f->src2dst_mean_piat_ms, tsv);
	us(b, f->src2dst_stddev_piat_ms, tsv);
	us(b, f->src2dst_max_piat_ms, tsv);
	us(b, f->src2dst_min_piat_ms, tsv);
	us(b, f->dst2src_duration_ms, tsv);
	us(b, f->dst2src_mean_piat_ms, tsv);
	us(b, f->dst2src_stddev_piat_ms, tsv);
	us(b, f->dst2src_max_piat_ms, tsv);
	us(b, f->dst2src_min_piat_ms, tsv);
	u(b, f->src2dst_psh_packets, tsv);
	u(b, f->dst2src_psh_packets, tsv);
	u(b, f->src2dst_urg_packets, tsv);
	u(b, f->dst2src_urg_packets, tsv);
	u(b, f->src2dst_header_bytes, tsv);
	u(b, f->dst2src_header_bytes, tsv);
	rate(b, (double)f->src2dst_packets, dur, tsv);
	rate(b, (double)f->dst2src_packets, dur, tsv);
	u(b, f->bidirectional_min_payload, tsv);
	u(b, f->bidirectional_max_payload, tsv);
	d(b, f->bidirectional_mean_payload, tsv);
	d(b, f->bidirectional_stddev_payload, tsv);
	d(b, f->bidirectional_stddev_payload * f->bidirectional_stddev_payload,
	    tsv);
	u(b, f->bidirectional_fin_packets, tsv);
	u(b, f->bidirectional_syn_packets, tsv);
	u(b, f->bidirectional_rst_packets, tsv);
	u(b, f->bidirectional_psh_packets, tsv);
	u(b, f->bidirectional_ack_packets, tsv);
	u(b, f->bidirectional_urg_packets, tsv);
	u(b, f->bidirectional_cwr_packets, tsv);
	u(b, f->bidirectional_ece_packets, tsv);
	d(b, f->down_up_ratio, tsv);
	d(b, f->bidirectional_packets > 0 ? (double)payload /
	    (double)f->bidirectional_packets : 0, tsv);
	d(b, f->src2dst_mean_payload, tsv);
	d(b, f->dst2src_mean_payload, tsv);
	d(b, f->src2dst_bulk_bytes, tsv);
	d(b, f->src2dst_bulk_packets, tsv);
	d(b, f->src2dst_bulk_rate, tsv);
	d(b, f->dst2src_bulk_bytes, tsv);
	d(b, f->dst2src_bulk_packets, tsv);
	d(b, f->dst2src_bulk_rate, tsv);
	d(b, f->src2dst_subflow_packets, tsv);
	d(b, f->src2dst_subflow_bytes, tsv);
	d(b, f->dst2src_subflow_packets, tsv);
	d(b, f->dst2src_subflow_bytes, tsv);
	win(b, f->_src2dst_init_win_bytes_case ==
	    NETCAP__FLOW___SRC2DST_INIT_WIN_BYTES_SRC2DST_INIT_WIN_BYTES,
	    f->src2dst_init_win_bytes, tsv);
	win(b, f->_dst2src_init_win_bytes_case ==
	    NETCAP__FLOW___DST2SRC_INIT_WIN_BYTES_DST2SRC_INIT_WIN_BYTES,
	    f->dst2src_init_win_bytes, tsv);
	u(b, f->src2dst_data_packets, tsv);
	u(b, f->src2dst_min_header_bytes, tsv);
	us(b, f->active_mean_ms, tsv);
	us(b, f->active_stddev_ms, tsv);
	us(b, f->active_max_ms, tsv);
	us(b, f->active_min_ms, tsv);
	us(b, f->idle_mean_ms, tsv);
	us(b, f->idle_stddev_ms, tsv);
	us(b, f->idle_max_ms, tsv);
	us(b, f->idle_min_ms, tsv);
	sep(b, tsv);
	text(b, f->label != NULL && *f->label != '\0' ? f->label :
	    "NeedManualLabel", tsv);
	nc_buf_putc(b, '\n');
}
