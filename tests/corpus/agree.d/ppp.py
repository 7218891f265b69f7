# PPP, PPPoE and Cisco HDLC (lib/decode/ppp.c pppoe.c chdlc.c).  tshark
# gives each control protocol a protocol of its own (lcp, ipcp, pap ...)
# and SLARP too; nc-decode keeps them in the PPP and CHDLC records.
# _hex, _str and _joined are link.py's (read before this file).

RECORD_OF.update({
    "ppp": "PPP",
    "pppoed": "PPPoE",
    "pppoes": "PPPoE",
    "chdlc": "CHDLC",
})
TRANSPARENT.update({"slarp", "lcp", "ipcp", "ipv6cp", "ccp", "pap",
                    "chap"})

_OPT = ("lcp.opt.type", "ipcp.opt.type", "ipv6cp.opt.type",
        "ccp.opt.type")
_OPT_LEN = ("lcp.opt.length", "ipcp.opt.length", "ipv6cp.opt.length",
            "ccp.opt.length")


def _opt_types(r):
    return [rtype(o) for o in r.get("options") or []]


def _opt_lengths(r):
    return [o.get("length") for o in r.get("options") or []]


PPP = [
    # tshark shows its own direction code, 1 for the byte 0 (received).
    Field("ppp.direction", "ppp.direction", "direction", as_int,
          tconv=lambda v: {0: 1, 1: 0}.get(v, v)),
    Field("ppp.address", "ppp.address", "address", as_int),
    Field("ppp.control", "ppp.control", "control", as_int),
    Field("ppp.protocol", "ppp.protocol", "protocol", as_int),
    Field("ppp.code", ("ppp.code", "pap.code", "chap.code"), "code",
          as_int),
    Field("ppp.identifier", ("ppp.identifier", "pap.identifier",
                             "chap.identifier"), "identifier", as_int),
    Field("ppp.length", ("ppp.length", "pap.length", "chap.length"),
          "length", as_int),
    Field("lcp.opt.type", _OPT, _opt_types, as_int, multi=True),
    Field("lcp.opt.length", _OPT_LEN, _opt_lengths, as_int,
          multi=True),
    Field("lcp.magic_number", "lcp.magic_number", "magic_number", as_int),
    Field("lcp.rej_proto", "lcp.rej_proto", "rejected_protocol", as_int),
    Field("lcp.secs_remaining", "lcp.secs_remaining", "seconds_remaining",
          as_int),
    Field("lcp.data", "lcp.data", "data", as_hex, nconv=_hex,
          when=lambda T, r: ttype(T, "ppp.code") in (9, 10, 11)),
    Field("pap.peer_id", (_joined("pap.peer_id"), "pap.peer_id"),
          "peer_id", _str),
    Field("pap.password", (_joined("pap.password"), "pap.password"),
          "password", _str),
    Field("ppp.message", (_joined("pap.message"), _joined("chap.message"),
                          _joined("lcp.message"), "pap.message",
                          "chap.message", "lcp.message"), "message", _str),
    Field("chap.value", "chap.value", "value", as_hex, nconv=_hex),
    Field("chap.name", (_joined("chap.name"), "chap.name"), "name", _str),
]

PPPOE = [
    Field("pppoe.version", "pppoe.version", "version", as_int),
    Field("pppoe.type", "pppoe.type", "type_", as_int),
    Field("pppoe.code", "pppoe.code", "code", as_int),
    Field("pppoe.session_id", "pppoe.session_id", "session_id", as_int),
    Field("pppoe.payload_length", "pppoe.payload_length", "length",
          as_int),
]

PPPOED = PPPOE + [
    # The first Service-Name: a PADO lists one per service.
    Field("pppoed.tags.service_name", "pppoed.tags.service_name",
          "service_name", _str),
    Field("pppoed.tags.ac_name",
          (_joined("pppoed.tags.ac_name"), "pppoed.tags.ac_name"),
          "ac_name", _str),
    Field("pppoed.tags.host_uniq", "pppoed.tags.host_uniq", "host_uniq",
          as_hex, nconv=_hex),
    Field("pppoed.tags.ac_cookie", "pppoed.tags.ac_cookie", "ac_cookie",
          as_hex, nconv=_hex),
]

CHDLC = [
    Field("chdlc.address", "chdlc.address", "address", as_int),
    Field("chdlc.control", "chdlc.control", "control", as_int),
    Field("chdlc.protocol", "chdlc.protocol", "protocol", as_int),
    Field("slarp.ptype", "slarp.ptype", "slarp_type", as_int),
    Field("slarp.address", "slarp.address", "slarp_address_ip", as_ip),
    Field("slarp.netmask", "slarp.netmask", "slarp_netmask_ip", as_ip),
    Field("slarp.mysequence", "slarp.mysequence", "slarp_my_sequence",
          as_int),
    Field("slarp.yoursequence", "slarp.yoursequence",
          "slarp_your_sequence", as_int),
    Field("slarp.reliability", "slarp.reliability", "slarp_reliability",
          as_int),
]

# One record type, two tshark protocols: each group leaves the other's
# records alone.
NC_ONLY["PPPoED"] = lambda r: r.get("code") == 0
NC_ONLY["PPPoES"] = lambda r: r.get("code") != 0

GROUPS += [
    ("PPP", "ppp", "PPP", PPP),
    ("PPPoED", "pppoed", "PPPoE", PPPOED),
    ("PPPoES", "pppoes", "PPPoE", PPPOE),
    ("CHDLC", "chdlc", "CHDLC", CHDLC),
]
