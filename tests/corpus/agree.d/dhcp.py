# DHCPv4, DHCPv6, NTP, Syslog, SIP and BFD (lib/decode/dhcpv4.c, dhcpv6.c,
# ntp.c, syslog.c, sip.c, bfd.c).  LCM is not here: tshark has no LCM
# dissector (it shows "data").
import datetime


def _present(v):
    return 1 if v not in (None, "", False, 0) else None


def _nonempty(v):
    return None if v in (None, "") else str(v)


def _types(drop):
    # tshark lists a run of Pad bytes as one option 0 and End apart (as
    # dhcp.option.end); nc-decode lists End and no Pad.  With option 52
    # the two walk the areas in another order: compare as multisets.
    return lambda v: sorted(x for x in v if x not in drop)


def _first_part(v):
    # agree splits tshark's values at commas; a header value is compared
    # up to its first comma on both sides.
    return None if v in (None, "") else str(v).split(",")[0]


def _ntp_ts(v):
    """tshark's "Dec 27, 2023 11:52:10.125000953 UTC" (or NULL) -> µs since
    1900; nc-decode's 64-bit NTP value -> the same."""
    if v is None or v == "":
        return None
    if isinstance(v, str) and v.isdigit():
        v = int(v)  # nc-tojson: a string above 2^53
    if isinstance(v, (int, decimal.Decimal)):
        # RFC 4330 3, as tshark reads them: a non-zero value with the top
        # bit clear is in era 1 (from 2036); zero stays zero.
        v = int(v)
        if v != 0 and not v >> 63:
            v += 1 << 64
        return (v >> 32) * 1000000 + ((v & 0xffffffff) * 1000000 >> 32)
    s = str(v)
    if s == "NULL":
        return 0
    s = s.replace(" UTC", "")
    base, _, frac = s.partition(".")
    t = datetime.datetime.strptime(base, "%b %d, %Y %H:%M:%S")
    t = t.replace(tzinfo=datetime.timezone.utc)
    secs = int(t.timestamp()) + 2208988800
    return secs * 1000000 + int((frac + "000000")[:6])


def _joined(name):
    # A time stamp has a comma, where agree splits tshark's values.
    return lambda T: [",".join(T.all(name))] if T.all(name) else []


def _ident(v):
    return None if v is None or v == "" else v


def _v6_not_relay(T, r):
    return r.get("msg_type") not in (12, 13)


def _v6_flat(T, r):
    # tshark lists nested options (IA_NA's, a relayed message's) too.
    return not any(o.get("code") in (3, 4, 9, 25)
                   for o in r.get("options") or [])


def _hex_or_int(v):
    if v is None:
        return None
    if isinstance(v, (int, decimal.Decimal)):
        return int(v)
    return int(str(v), 16)


def _first_ia(na, pd):
    # tshark names IA_NA's and IA_PD's IAID, T1 and T2 alike
    # (dhcpv6.iaid ...); its first value is that of whichever comes first
    # in the message.  nc-decode keeps the first of each kind apart.
    def f(r):
        for o in r.get("options") or []:
            if o.get("code") == 3 and na in r:
                return r[na]
            if o.get("code") == 25 and pd in r:
                return r[pd]
        # A relay message lists only its own options: the first IA sits
        # in the relayed message, and then IA_NA is assumed first.
        return r.get(na, r.get(pd))
    return f


def _ntp_mode(*modes):
    return lambda T, r: r.get("mode") in modes


RECORD_OF["dhcp"] = "DHCPv4"
DHCP4 = [
    Field("dhcp.type", "dhcp.type", "operation", as_int),
    Field("dhcp.hw.type", "dhcp.hw.type", "hardware_type", as_int),
    Field("dhcp.hw.len", "dhcp.hw.len", "hardware_len", as_int),
    Field("dhcp.hops", "dhcp.hops", "hardware_opts", as_int),
    Field("dhcp.id", "dhcp.id", "xid", as_int),
    Field("dhcp.secs", "dhcp.secs", "secs", as_int),
    Field("dhcp.flags", "dhcp.flags", "flags", as_int),
    Field("dhcp.ip.client", "dhcp.ip.client", "client_ip", as_ip),
    Field("dhcp.ip.your", "dhcp.ip.your", "your_client_ip", as_ip),
    Field("dhcp.ip.server", "dhcp.ip.server", "next_server_ip", as_ip),
    Field("dhcp.ip.relay", "dhcp.ip.relay", "relay_agent_ip", as_ip),
    Field("dhcp.hw.mac_addr", "dhcp.hw.mac_addr", "client_mac", as_hex),
    Field("dhcp.server", "dhcp.server", "server_name", _nonempty),
    Field("dhcp.file", "dhcp.file", "file", _nonempty),
    Field("dhcp.cookie", "dhcp.cookie", "cookie", _present),
    Field("dhcp.option.type", "dhcp.option.type",
          lambda r: [o.get("type") for o in r.get("options") or []],
          as_int, multi=True, tconv=_types({0, 255}),
          nconv=_types({0, 255})),
    Field("dhcp.option.dhcp", "dhcp.option.dhcp", "message_type", as_int),
    Field("dhcp.option.requested_ip_address",
          "dhcp.option.requested_ip_address", "requested_ip", as_ip),
    Field("dhcp.option.dhcp_server_id", "dhcp.option.dhcp_server_id",
          "server_identifier_ip", as_ip),
    Field("dhcp.option.ip_address_lease_time",
          "dhcp.option.ip_address_lease_time", "lease_time", as_int),
    Field("dhcp.option.hostname", "dhcp.option.hostname", "hostname",
          _nonempty),
    Field("dhcp.option.vendor_class_id", "dhcp.option.vendor_class_id",
          "vendor_class", _nonempty),
    Field("dhcp.option.domain_name", "dhcp.option.domain_name",
          "domain_name", _nonempty),
    Field("dhcp.option.request_list_item", "dhcp.option.request_list_item",
          "params", as_int, multi=True),
    Field("dhcp.option.router", "dhcp.option.router", "routers_ip", as_ip,
          multi=True),
    Field("dhcp.option.domain_name_server",
          "dhcp.option.domain_name_server", "dns_servers_ip", as_ip,
          multi=True),
    Field("dhcp.option.subnet_mask", "dhcp.option.subnet_mask",
          "subnet_mask_ip", as_ip),
    Field("dhcp.option.option_overload", "dhcp.option.option_overload",
          "overload", as_int),
]
GROUPS.append(("DHCPv4", "dhcp", "DHCPv4", DHCP4))

RECORD_OF["dhcpv6"] = "DHCPv6"
DHCP6 = [
    Field("dhcpv6.msgtype", "dhcpv6.msgtype", "msg_type", as_int),
    Field("dhcpv6.xid", "dhcpv6.xid", "transaction_id", as_int,
          when=_v6_not_relay),
    Field("dhcpv6.hopcount", "dhcpv6.hopcount", "hop_count", as_int),
    Field("dhcpv6.linkaddr", "dhcpv6.linkaddr", "link_ip", as_ip),
    Field("dhcpv6.peeraddr", "dhcpv6.peeraddr", "peer_ip", as_ip),
    Field("dhcpv6.option.type", "dhcpv6.option.type",
          lambda r: [o.get("code") for o in r.get("options") or []],
          as_int, multi=True, when=_v6_flat),
    Field("dhcpv6.option.length", "dhcpv6.option.length",
          lambda r: [o.get("length") for o in r.get("options") or []],
          as_int, multi=True, when=_v6_flat),
    Field("dhcpv6.iaid", "dhcpv6.iaid", _first_ia("iaid", "pd_iaid"),
          _hex_or_int),
    Field("dhcpv6.iaid.t1", "dhcpv6.iaid.t1", _first_ia("t1", "pd_t1"),
          as_int),
    Field("dhcpv6.iaid.t2", "dhcpv6.iaid.t2", _first_ia("t2", "pd_t2"),
          as_int),
    Field("dhcpv6.iata", "dhcpv6.iata", "ta_iaid", _hex_or_int),
    Field("dhcpv6.iaaddr.ip", "dhcpv6.iaaddr.ip", "ia_addresses_ip", as_ip,
          multi=True),
    Field("dhcpv6.iaaddr.pref_lifetime", "dhcpv6.iaaddr.pref_lifetime",
          "preferred_lifetimes", as_int, multi=True),
    Field("dhcpv6.iaaddr.valid_lifetime", "dhcpv6.iaaddr.valid_lifetime",
          "valid_lifetimes", as_int, multi=True),
    Field("dhcpv6.iaprefix.pref_addr", "dhcpv6.iaprefix.pref_addr",
          "prefixes_ip", as_ip, multi=True),
    Field("dhcpv6.iaprefix.pref_len", "dhcpv6.iaprefix.pref_len",
          "prefix_lengths", as_int, multi=True),
    Field("dhcpv6.iaprefix.pref_lifetime", "dhcpv6.iaprefix.pref_lifetime",
          "prefix_preferred_lifetimes", as_int, multi=True),
    Field("dhcpv6.iaprefix.valid_lifetime",
          "dhcpv6.iaprefix.valid_lifetime", "prefix_valid_lifetimes",
          as_int, multi=True),
    # tshark shows milliseconds, the option carries hundredths.
    Field("dhcpv6.elapsed_time", "dhcpv6.elapsed_time", "elapsed_time",
          as_int, nconv=lambda v: int(v) * 10),
    Field("dhcpv6.requested_option_code", "dhcpv6.requested_option_code",
          "oro", as_int, multi=True),
    Field("dhcpv6.client_fqdn_flags", "dhcpv6.client_fqdn_flags",
          "fqdn_flags", as_int),
    Field("dhcpv6.client_domain", "dhcpv6.client_domain", "fqdn",
          lambda v: None if v in (None, "") else str(v).rstrip(".")),
]
GROUPS.append(("DHCPv6", "dhcpv6", "DHCPv6", DHCP6))

RECORD_OF["ntp"] = "NTP"
NTP = [
    Field("ntp.flags.li", "ntp.flags.li", "leap_indicator", as_int),
    Field("ntp.flags.vn", "ntp.flags.vn", "version", as_int),
    Field("ntp.flags.mode", "ntp.flags.mode", "mode", as_int),
    Field("ntp.stratum", "ntp.stratum", "stratum", as_int,
          when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.ppoll", "ntp.ppoll", "poll", as_int,
          when=_ntp_mode(1, 2, 3, 4, 5)),
    # tshark shows the precision byte unsigned.
    Field("ntp.precision", "ntp.precision", "precision", as_int,
          nconv=lambda v: int(v) & 0xff, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.rootdelay", "ntp.rootdelay", "root_delay", as_int,
          when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.rootdispersion", "ntp.rootdispersion", "root_dispersion",
          as_int, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.refid", "ntp.refid", "reference_id",
          lambda v: None if v is None else "%08x" % v
          if isinstance(v, (int, decimal.Decimal)) else str(v).lower(),
          when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.reftime", (_joined("ntp.reftime"), "ntp.reftime"), "reference_timestamp", _ident,
          tconv=_ntp_ts, nconv=_ntp_ts, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.org", (_joined("ntp.org"), "ntp.org"), "origin_timestamp", _ident,
          tconv=_ntp_ts, nconv=_ntp_ts, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.rec", (_joined("ntp.rec"), "ntp.rec"), "receive_timestamp", _ident,
          tconv=_ntp_ts, nconv=_ntp_ts, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.xmt", (_joined("ntp.xmt"), "ntp.xmt"), "transmit_timestamp", _ident,
          tconv=_ntp_ts, nconv=_ntp_ts, when=_ntp_mode(1, 2, 3, 4, 5)),
    Field("ntp.ctrl.flags2.r", "ntp.ctrl.flags2.r", "response", as_bool,
          when=_ntp_mode(6)),
    Field("ntp.ctrl.flags2.error", "ntp.ctrl.flags2.error", "error",
          as_bool, when=_ntp_mode(6)),
    Field("ntp.ctrl.flags2.more", "ntp.ctrl.flags2.more", "more", as_bool,
          when=_ntp_mode(6)),
    Field("ntp.priv.flags.r", "ntp.priv.flags.r", "response", as_bool,
          when=_ntp_mode(7)),
    Field("ntp.priv.flags.more", "ntp.priv.flags.more", "more", as_bool,
          when=_ntp_mode(7)),
    Field("ntp.ctrl.flags2.opcode", "ntp.ctrl.flags2.opcode", "opcode",
          as_int),
    Field("ntp.ctrl.sequence", "ntp.ctrl.sequence", "sequence", as_int),
    Field("ntp.ctrl.status", "ntp.ctrl.status", "status", as_int),
    Field("ntp.ctrl.associd", "ntp.ctrl.associd", "association_id", as_int),
    Field("ntp.ctrl.offset", "ntp.ctrl.offset", "offset", as_int),
    Field("ntp.ctrl.count", "ntp.ctrl.count", "count", as_int),
]
GROUPS.append(("NTP", "ntp", "NTP", NTP))

RECORD_OF["syslog"] = "Syslog"
SYSLOG = [
    Field("syslog.facility", "syslog.facility", "facility", as_int),
    Field("syslog.level", "syslog.level", "severity", as_int),
    Field("syslog.version", "syslog.version", "version", as_int,
          when=lambda T, r: r.get("version") == 1),
    Field("syslog.hostname", "syslog.hostname", "hostname", _nonempty),
    Field("syslog.timestamp_rfc3164", "syslog.timestamp_rfc3164",
          "timestamp", _nonempty, when=lambda T, r: r.get("version") == 0),
    Field("syslog.appname", "syslog.appname", "app_name", _nonempty,
          when=lambda T, r: r.get("version") == 1),
    Field("syslog.procid", "syslog.procid", "proc_id", _nonempty,
          when=lambda T, r: r.get("version") == 1),
]
GROUPS.append(("Syslog", "syslog", "Syslog", SYSLOG))

RECORD_OF["sip"] = "SIP"
SIP = [
    Field("sip.Method", "sip.Method", "method", _nonempty),
    Field("sip.r-uri", "sip.r-uri", "request_uri", _first_part),
    Field("sip.Status-Code", "sip.Status-Code", "status_code", as_int),
    Field("sip.Call-ID", "sip.Call-ID", "call_id", _first_part),
    Field("sip.From", "sip.From", "from", _first_part),
    Field("sip.To", "sip.To", "to", _first_part),
    Field("sip.CSeq", "sip.CSeq", "cseq", _first_part),
    Field("sip.Via", "sip.Via", "via", _first_part),
    Field("sip.Contact", "sip.Contact", "contact", _first_part),
    Field("sip.User-Agent", "sip.User-Agent", "user_agent", _first_part),
    Field("sip.Content-Type", "sip.Content-Type", "content_type",
          _first_part),
    Field("sip.Content-Length", "sip.Content-Length", "content_length",
          as_int),
    Field("sip.Max-Forwards", "sip.Max-Forwards", "max_forwards", as_int),
]
GROUPS.append(("SIP", "sip", "SIP", SIP))
# tshark shows CRLF or space keep-alives on port 5060 as data.
NC_ONLY["SIP"] = lambda r: r.get("keep_alive") is True

RECORD_OF["bfd"] = "BFD"
BFD = [
    Field("bfd.version", "bfd.version", "version", as_int),
    Field("bfd.diag", "bfd.diag", "diagnostic", as_int),
    Field("bfd.sta", "bfd.sta", "state", as_int),
    Field("bfd.flags.p", "bfd.flags.p", "poll", as_bool),
    Field("bfd.flags.f", "bfd.flags.f", "final", as_bool),
    Field("bfd.flags.c", "bfd.flags.c", "control_plane_independent",
          as_bool),
    Field("bfd.flags.a", "bfd.flags.a", "auth_present", as_bool),
    Field("bfd.flags.d", "bfd.flags.d", "demand", as_bool),
    Field("bfd.flags.m", "bfd.flags.m", "multipoint", as_bool),
    Field("bfd.detect_time_multiplier", "bfd.detect_time_multiplier",
          "detect_multiplier", as_int),
    Field("bfd.message_length", "bfd.message_length", "length", as_int),
    Field("bfd.my_discriminator", "bfd.my_discriminator",
          "my_discriminator", as_int),
    Field("bfd.your_discriminator", "bfd.your_discriminator",
          "your_discriminator", as_int),
    Field("bfd.desired_min_tx_interval", "bfd.desired_min_tx_interval",
          "desired_min_tx_interval", as_int),
    Field("bfd.required_min_rx_interval", "bfd.required_min_rx_interval",
          "required_min_rx_interval", as_int),
    Field("bfd.required_min_echo_interval", "bfd.required_min_echo_interval",
          "required_min_echo_rx_interval", as_int),
    Field("bfd.auth.type", "bfd.auth.type", "auth_type", as_int),
    Field("bfd.auth.seq_num", "bfd.auth.seq_num", "auth_sequence", as_int),
]
GROUPS.append(("BFD", "bfd", "BFD", BFD))
