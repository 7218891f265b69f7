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

static void
usb(struct nc_pkt *k, struct nc_cur *c, int mmapped)
{
	Netcap__USB u = NETCAP__USB__INIT;
	struct nc_cur at = *c, h;
	size_t hl = mmapped ? HDR_64 : HDR_48, n;
	const uint8_t *data;
	unsigned event;
	char ev[2];

	/* The fields are at fixed offsets of the header: peeks into it. */
	h = nc_cur_sub(c, hl);
	if (h.err) {
		nc_dec_truncated(k, "USB", &at, hl);
		return;
	}
	event = nc_cur_peek(&h, 8);
	if (event != 'S' && event != 'C' && event != 'E') {
		/* The one byte that tells a usbmon header from noise. */
		nc_dec_undecoded(k, "USB", &at, "not usbmon: event type 0x%02x",
		    event);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_USB))
		return;
	u.ts = k->ts;
	u.packet = k->packet;
	u.urb_id = nc_cur_peek_le64(&h, 0);
	ev[0] = (char)event;
	ev[1] = '\0';
	u.event_type = ev;
	u.transfer_type = nc_cur_peek(&h, 9);
	u.endpoint_address = nc_cur_peek(&h, 10);
	u.endpoint = nc_cur_peek(&h, 10) & 0x7f;
	u.direction_in = (nc_cur_peek(&h, 10) & 0x80) != 0;
	u.device = nc_cur_peek(&h, 11);
	u.bus = nc_cur_peek_le16(&h, 12);
	u.setup_flag = nc_cur_peek(&h, 14);
	u.data_flag = nc_cur_peek(&h, 15);
	u.timestamp_sec = (int64_t)nc_cur_peek_le64(&h, 16);
	u.timestamp_usec = (int32_t)nc_cur_peek_le32(&h, 24);
	u.status = (int32_t)nc_cur_peek_le32(&h, 28);
	u.urb_length = nc_cur_peek_le32(&h, 32);
	u.data_length = nc_cur_peek_le32(&h, 36);
	u.setup.data = (uint8_t *)nc_cur_at(&h, 40, 8);
	u.setup.len = 8;
	if (u.setup_flag == 0) {
		u.bm_request_type = nc_cur_peek(&h, 40);
		u._bm_request_type_case =
		    NETCAP__USB___BM_REQUEST_TYPE_BM_REQUEST_TYPE;
		u.b_request = nc_cur_peek(&h, 41);
		u._b_request_case = NETCAP__USB___B_REQUEST_B_REQUEST;
		u.w_value = nc_cur_peek_le16(&h, 42);
		u._w_value_case = NETCAP__USB___W_VALUE_W_VALUE;
		u.w_index = nc_cur_peek_le16(&h, 44);
		u._w_index_case = NETCAP__USB___W_INDEX_W_INDEX;
		u.w_length = nc_cur_peek_le16(&h, 46);
		u._w_length_case = NETCAP__USB___W_LENGTH_W_LENGTH;
	} else if (u.transfer_type == XFER_ISO) {
		u.iso_error_count = (int32_t)nc_cur_peek_le32(&h, 40);
		u._iso_error_count_case =
		    NETCAP__USB___ISO_ERROR_COUNT_ISO_ERROR_COUNT;
		u.iso_numdesc = (int32_t)nc_cur_peek_le32(&h, 44);
		u._iso_numdesc_case = NETCAP__USB___ISO_NUMDESC_ISO_NUMDESC;
	}
	if (mmapped) {
		u.interval = (int32_t)nc_cur_peek_le32(&h, 48);
		u._interval_case = NETCAP__USB___INTERVAL_INTERVAL;
		u.start_frame = (int32_t)nc_cur_peek_le32(&h, 52);
		u._start_frame_case = NETCAP__USB___START_FRAME_START_FRAME;
		u.copy_of_flags = nc_cur_peek_le32(&h, 56);
		u._copy_of_flags_case =
		    NETCAP__USB___COPY_OF_FLAGS_COPY_OF_FLAGS;
		u.ndesc = nc_cur_peek_le32(&h, 60);
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
