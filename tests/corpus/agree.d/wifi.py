# RadioTap, 802.11 and usbmon (lib/decode/radiotap.c, dot11.c, usb.c).
# The shared corpus has no such captures; tests/bats/dec-wifi.bats runs
# this table on the captures tests/data/wifi/make-captures writes.
# tshark's wlan_radio is a summary of radiotap, not a header.


TRANSPARENT.add("wlan_radio")
RECORD_OF["radiotap"] = "RadioTap"
RECORD_OF["wlan"] = "Dot11"
RECORD_OF["usb"] = "USB"


def _b64hex(v):
    return v if v else ""


def _ssid(v):
    # tshark prints an empty SSID as <MISSING>.
    if v is None:
        return None
    return "" if str(v) in ("", "<MISSING>") else as_hex(v)


def _rate(v):
    return None if v is None or v == "" else decimal.Decimal(str(v))


def _char(v):
    """usbmon flags: tshark quotes them as characters ('S', '\\0')."""
    if v is None or v == "":
        return None
    if isinstance(v, int):
        return v
    s = str(v)
    if len(s) >= 3 and s[0] == "'" and s[-1] == "'":
        s = s[1:-1]
        return 0 if s == "\\0" else ord(s[0])
    return as_int(s)


def _opt(name):
    return lambda r: r.get(name)


RADIOTAP = [
    Field("radiotap.version", "radiotap.version", "version", as_int),
    Field("radiotap.length", "radiotap.length", "length", as_int),
    Field("radiotap.present.word", "radiotap.present.word", "present",
          as_int, multi=True),
    Field("radiotap.mactime", "radiotap.mactime", "tsft", as_int),
    Field("radiotap.flags", "radiotap.flags", "flags", as_int),
    # tshark shows Mb/s, and computes one from MCS or VHT when there is
    # no legacy rate.
    Field("radiotap.datarate", "radiotap.datarate",
          lambda r: decimal.Decimal(r["rate"]) / 2 if "rate" in r else None,
          _rate, when=lambda T, r: "rate" in r),
    Field("radiotap.channel.freq", "radiotap.channel.freq",
          "channel_frequency", as_int),
    Field("radiotap.channel.flags", "radiotap.channel.flags",
          "channel_flags", as_int),
    Field("radiotap.dbm_antsignal", "radiotap.dbm_antsignal",
          lambda r: ([r["dbm_antenna_signal"]]
                     if "dbm_antenna_signal" in r else []) +
          list(r.get("chain_dbm_antenna_signal") or []),
          as_int, multi=True),
    Field("radiotap.dbm_antnoise", "radiotap.dbm_antnoise",
          "dbm_antenna_noise", as_int),
    Field("radiotap.antenna", "radiotap.antenna",
          lambda r: ([r["antenna"]] if "antenna" in r else []) +
          list(r.get("chain_antenna") or []), as_int, multi=True),
    Field("radiotap.rxflags", "radiotap.rxflags", "rx_flags", as_int),
    Field("radiotap.mcs.known", "radiotap.mcs.known", "mcs_known", as_int),
    Field("radiotap.mcs.index", "radiotap.mcs.index", "mcs_index", as_int),
    Field("radiotap.ampdu.reference", "radiotap.ampdu.reference",
          "ampdu_reference", as_int),
    Field("radiotap.ampdu.flags", "radiotap.ampdu.flags", "ampdu_flags",
          as_int),
    Field("radiotap.vht.known", "radiotap.vht.known", "vht_known", as_int),
    Field("radiotap.vht.bw", "radiotap.vht.bw", "vht_bandwidth", as_int),
    Field("radiotap.vendor_oui", "radiotap.vendor_oui",
          lambda r: int(_b64hex(r.get("vendor_oui")) or "0", 16) or None,
          as_int),
]


def _not_pspoll(T, r):
    # PS-Poll carries the AID where others carry a duration.
    return r.get("type_subtype") != 0x1a


def _mgmt_body(T, r):
    # Fixed fields and elements of a management frame other than Action,
    # whose body the record does not decode.  tshark also shows the
    # elements inside an EAPOL-Key's key data under wlan.rsn.* and
    # wlan.tag.*, which are not the frame's own.
    return r.get("type_") == 0 and r.get("subtype") != 13


DOT11 = [
    Field("wlan.fc.type_subtype", "wlan.fc.type_subtype", "type_subtype",
          as_int),
    Field("wlan.fc.type", "wlan.fc.type", "type_", as_int),
    Field("wlan.fc.subtype", "wlan.fc.subtype", "subtype", as_int),
    Field("wlan.flags", "wlan.flags", "flags", as_int),
    Field("wlan.fc.retry", "wlan.fc.retry", "retry", as_bool),
    Field("wlan.fc.protected", "wlan.fc.protected", "protected", as_bool),
    Field("wlan.fc.pwrmgt", "wlan.fc.pwrmgt", "power_management", as_bool),
    Field("wlan.duration", "wlan.duration", "duration_id", as_int,
          when=_not_pspoll),
    Field("wlan.ra", "wlan.ra", "receiver_mac", as_hex),
    Field("wlan.ta", "wlan.ta", "transmitter_mac", as_hex),
    Field("wlan.da", "wlan.da", "destination_mac", as_hex),
    Field("wlan.sa", "wlan.sa", "source_mac", as_hex),
    Field("wlan.bssid", "wlan.bssid", "bssid_mac", as_hex),
    Field("wlan.seq", "wlan.seq", _opt("sequence_number"), as_int),
    Field("wlan.frag", "wlan.frag", _opt("fragment_number"), as_int),
    Field("wlan.qos.tid", "wlan.qos.tid", _opt("qos_tid"), as_int),
    Field("wlan.fcs", "wlan.fcs", _opt("fcs"), as_int),
    Field("wlan.fixed.timestamp", "wlan.fixed.timestamp", "timestamp",
          as_int),
    Field("wlan.fixed.beacon", "wlan.fixed.beacon", "beacon_interval",
          as_int),
    Field("wlan.fixed.capabilities", "wlan.fixed.capabilities",
          "capability_info", as_int),
    Field("wlan.fixed.listen_ival", "wlan.fixed.listen_ival",
          "listen_interval", as_int),
    Field("wlan.fixed.current_ap", "wlan.fixed.current_ap",
          "current_ap_mac", as_hex),
    Field("wlan.fixed.auth.alg", "wlan.fixed.auth.alg", "auth_algorithm",
          as_int),
    Field("wlan.fixed.auth_seq", "wlan.fixed.auth_seq", "auth_seq", as_int),
    Field("wlan.fixed.status_code", "wlan.fixed.status_code", "status_code",
          as_int, when=_mgmt_body),
    Field("wlan.fixed.reason_code", "wlan.fixed.reason_code", "reason_code",
          as_int, when=_mgmt_body),
    Field("wlan.fixed.aid", "wlan.fixed.aid", "association_id", as_int),
    Field("wlan.ssid", "wlan.ssid",
          lambda r: _b64hex(r.get("ssid")) if r.get("ssid_present")
          else None, _ssid),
    Field("wlan.supported_rates", "wlan.supported_rates", "supported_rates",
          as_int, multi=True),
    Field("wlan.extended_supported_rates", "wlan.extended_supported_rates",
          "extended_supported_rates", as_int, multi=True),
    Field("wlan.ds.current_channel", "wlan.ds.current_channel",
          "ds_channel", as_int),
    Field("wlan.country_info.code", "wlan.country_info.code",
          lambda r: r.get("country_code") or None,
          lambda v: None if v is None else str(v)),
    Field("wlan.country_info.environment", "wlan.country_info.environment",
          "country_environment", as_int),
    Field("wlan.rsn.version", "wlan.rsn.version", "rsn_version", as_int,
          when=_mgmt_body),
    Field("wlan.rsn.gcs", "wlan.rsn.gcs", "rsn_group_cipher", as_int,
          when=_mgmt_body),
    Field("wlan.rsn.pcs", "wlan.rsn.pcs", "rsn_pairwise_ciphers", as_int,
          multi=True, when=_mgmt_body),
    Field("wlan.rsn.akms", "wlan.rsn.akms", "rsn_akms", as_int, multi=True,
          when=_mgmt_body),
    Field("wlan.rsn.capabilities", "wlan.rsn.capabilities",
          "rsn_capabilities", as_int, when=_mgmt_body),
    Field("wlan.tag.number", "wlan.tag.number", "element_ids", as_int,
          multi=True, when=_mgmt_body),
]

USB = [
    Field("usb.urb_id", "usb.urb_id", "urb_id", as_int),
    Field("usb.urb_type", "usb.urb_type",
          lambda r: ord(r["event_type"]) if r.get("event_type") else None,
          _char),
    Field("usb.transfer_type", "usb.transfer_type", "transfer_type", as_int),
    Field("usb.endpoint_address", "usb.endpoint_address",
          "endpoint_address", as_int),
    Field("usb.endpoint_address.number", "usb.endpoint_address.number",
          "endpoint", as_int),
    Field("usb.endpoint_address.direction", "usb.endpoint_address.direction",
          "direction_in", as_bool),
    Field("usb.device_address", "usb.device_address", "device", as_int),
    Field("usb.bus_id", "usb.bus_id", "bus", as_int),
    Field("usb.setup_flag", "usb.setup_flag", "setup_flag", _char),
    Field("usb.data_flag", "usb.data_flag", "data_flag", _char),
    Field("usb.urb_ts_sec", "usb.urb_ts_sec", "timestamp_sec", as_int),
    Field("usb.urb_ts_usec", "usb.urb_ts_usec", "timestamp_usec", as_int),
    Field("usb.urb_status", "usb.urb_status", "status", as_int),
    Field("usb.urb_len", "usb.urb_len", "urb_length", as_int),
    Field("usb.data_len", "usb.data_len", "data_length", as_int),
    Field("usb.bmRequestType", "usb.bmRequestType", "bm_request_type",
          as_int),
    Field("usb.setup.bRequest", "usb.setup.bRequest", "b_request", as_int),
    # tshark shows wValue and wIndex only for requests it does not take
    # apart further.
    Field("usb.setup.wValue", "usb.setup.wValue", "w_value", as_int,
          when=lambda T, r: T.first("usb.setup.wValue") is not None),
    Field("usb.setup.wIndex", "usb.setup.wIndex", "w_index", as_int,
          when=lambda T, r: T.first("usb.setup.wIndex") is not None),
    Field("usb.setup.wLength", "usb.setup.wLength", "w_length", as_int),
    Field("usb.interval", "usb.interval", "interval", as_int),
    Field("usb.start_frame", "usb.start_frame", "start_frame", as_int),
    Field("usb.copy_of_transfer_flags", "usb.copy_of_transfer_flags",
          "copy_of_flags", as_int),
    Field("usb.iso.error_count", "usb.iso.error_count", "iso_error_count",
          as_int),
    # tshark shows the 64-byte header's ndesc under this name too.
    Field("usb.iso.numdesc", "usb.iso.numdesc",
          lambda r: r.get("iso_numdesc", r.get("ndesc")), as_int),
    Field("usb.capdata", "usb.capdata", lambda r: _b64hex(r.get("data")),
          as_hex, when=lambda T, r: T.first("usb.capdata") is not None),
]

GROUPS.append(("RadioTap", "radiotap", "RadioTap", RADIOTAP))
GROUPS.append(("Dot11", "wlan", "Dot11", DOT11))
GROUPS.append(("USB", "usb", "USB", USB))
