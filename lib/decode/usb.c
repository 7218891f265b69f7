/* Linux usbmon packets, link types 189 and 220 (Linux
 * Documentation/usb/usbmon.rst, "raw binary format"; pcap-linktype(7)).
 *
 *	 0          8     9     10    11    12      14    15
 *	+----------+-----+-----+-----+-----+-------+-----+-----+
 *	| URB id   |event|xfer |ep   |dev  | bus   |setup|data |
 *	+----------+-----+-----+-----+-----+-------+-----+-----+
 *	| ts sec (8)     | ts usec (4) | status (4)  |
 *	| urb length (4) | data length (4) | setup packet or iso (8) | 48
 *	| interval (4) | start frame (4) | transfer flags (4) | ndesc (4) | 64
 *	+----------------------------------------------------+
 *	| data: data length bytes (220: ndesc isochronous descriptors of
 *	| 16 bytes first)
 *
 * The header is in the capturing host's byte order; libpcap writes it
 * as it was, and Linux hosts that capture USB are little-endian in
 * practice, so that is what we read (as Wireshark does for these link
 * types).  The setup flag is 0 when the 8 bytes at 40 are a setup
 * packet; the data flag is 0 when data follows. */
#include "decode/internal.h"

enum {
	HDR_48 = 48,
	HDR_64 = 64,
	MAX_DATA = 4096,	/* data bytes kept in the record */
	XFER_ISO = 0,
	ISO_DESC = 16,		/* status, offset, length, padding */
};

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static unsigned
le16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void
usb(struct nc_pkt *k, struct nc_cur *c, int mmapped)
{
	Netcap__USB u = NETCAP__USB__INIT;
	struct nc_cur at = *c;
	size_t hl = mmapped ? HDR_64 : HDR_48, n;
	const uint8_t *h, *s, *data;
	char ev[2];

	h = nc_cur_bytes(c, hl);
	if (h == NULL) {
		nc_dec_truncated(k, "USB", &at, hl);
		return;
	}
	if (h[8] != 'S' && h[8] != 'C' && h[8] != 'E') {
		/* The one byte that tells a usbmon header from noise. */
		nc_dec_undecoded(k, "USB", &at, "not usbmon: event type 0x%02x",
		    h[8]);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_USB))
		return;
	u.ts = k->ts;
	u.packet = k->packet;
	u.urb_id = le64(h);
	ev[0] = (char)h[8];
	ev[1] = '\0';
	u.event_type = ev;
	u.transfer_type = h[9];
	u.endpoint_address = h[10];
	u.endpoint = h[10] & 0x7f;
	u.direction_in = (h[10] & 0x80) != 0;
	u.device = h[11];
	u.bus = le16(h + 12);
	u.setup_flag = h[14];
	u.data_flag = h[15];
	u.timestamp_sec = (int64_t)le64(h + 16);
	u.timestamp_usec = (int32_t)le32(h + 24);
	u.status = (int32_t)le32(h + 28);
	u.urb_length = le32(h + 32);
	u.data_length = le32(h + 36);
	s = h + 40;
	u.setup.data = (uint8_t *)s;
	u.setup.len = 8;
	if (u.setup_flag == 0) {
		u.bm_request_type = s[0];
		u._bm_request_type_case =
		    NETCAP__USB___BM_REQUEST_TYPE_BM_REQUEST_TYPE;
		u.b_request = s[1];
		u._b_request_case = NETCAP__USB___B_REQUEST_B_REQUEST;
		u.w_value = le16(s + 2);
		u._w_value_case = NETCAP__USB___W_VALUE_W_VALUE;
		u.w_index = le16(s + 4);
		u._w_index_case = NETCAP__USB___W_INDEX_W_INDEX;
		u.w_length = le16(s + 6);
		u._w_length_case = NETCAP__USB___W_LENGTH_W_LENGTH;
	} else if (u.transfer_type == XFER_ISO) {
		u.iso_error_count = (int32_t)le32(s);
		u._iso_error_count_case =
		    NETCAP__USB___ISO_ERROR_COUNT_ISO_ERROR_COUNT;
		u.iso_numdesc = (int32_t)le32(s + 4);
		u._iso_numdesc_case = NETCAP__USB___ISO_NUMDESC_ISO_NUMDESC;
	}
	if (mmapped) {
		u.interval = (int32_t)le32(h + 48);
		u._interval_case = NETCAP__USB___INTERVAL_INTERVAL;
		u.start_frame = (int32_t)le32(h + 52);
		u._start_frame_case = NETCAP__USB___START_FRAME_START_FRAME;
		u.copy_of_flags = le32(h + 56);
		u._copy_of_flags_case =
		    NETCAP__USB___COPY_OF_FLAGS_COPY_OF_FLAGS;
		u.ndesc = le32(h + 60);
		u._ndesc_case = NETCAP__USB___NDESC_NDESC;
	}
	/* Link type 220 puts the isochronous descriptors between the header
	 * and the data: the data length does not count them, and the data
	 * is what follows them. */
	if (mmapped && u.transfer_type == XFER_ISO)
		nc_cur_skip(c, u.ndesc < nc_cur_left(c) / ISO_DESC ?
		    (size_t)u.ndesc * ISO_DESC : nc_cur_left(c));
	/* The data length is the kernel's word; the capture may hold less
	 * (snap length) and we keep at most MAX_DATA. */
	nc_cur_limit(c, u.data_length);
	data = nc_cur_rest(c, &n);
	if (n > MAX_DATA)
		n = MAX_DATA;
	u.data.data = (uint8_t *)data;
	u.data.len = n;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_USB, &u.base);
}

void
nc_dec_usb(struct nc_pkt *k, struct nc_cur *c)
{
	usb(k, c, 0);
}

void
nc_dec_usb_mmapped(struct nc_pkt *k, struct nc_cur *c)
{
	usb(k, c, 1);
}
