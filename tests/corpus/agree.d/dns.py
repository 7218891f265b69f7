# DNS (with mDNS and LLMNR, one record type) and NBNS: see ../agree.
# tshark names mDNS and LLMNR messages "mdns" and "llmnr" but uses the
# dns.* fields for all three; netcap has one DNS record with a flavour.
import re

RECORD_OF["dns"] = "DNS"
RECORD_OF["nbns"] = "NBNS"

RECORD_OF["mdns"] = "DNS"
RECORD_OF["llmnr"] = "DNS"

PDUS.update(("DNS", "NBNS"))


class _AnyDNS(str):
    """The protocol name of the DNS group: equal to each of tshark's three
    names, so one group compares them all with the one record type."""
    NAMES = ("dns", "mdns", "llmnr")

    def __eq__(self, other):
        return other in self.NAMES

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


_FLAVOUR = {"dns": "DNS", "mdns": "mDNS", "llmnr": "LLMNR"}


def _flavour(T):
    return [_FLAVOUR[p] for p in T.stack if p in _FLAVOUR][:1]


def _root(v):
    """tshark writes the root name as <Root>, dig and netcap as "."."""
    return "." if v == "<Root>" else v


def _unescape(s):
    """netcap escapes as dig does (\\DDD, \\.); tshark shows UTF-8 text:
    compare the bytes."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1:i + 4].isdigit():
            out.append(int(s[i + 1:i + 4]))
            i += 4
        elif s[i] == "\\" and i + 1 < len(s):
            out += s[i + 1].encode()
            i += 2
        else:
            out += s[i].encode()
            i += 1
    return out.decode("utf-8", "replace")


def as_name(v):
    if v is None or v == "":
        return None
    return _unescape(_root(str(v)))


def _rrs(r):
    return ((r.get("answers") or []) + (r.get("authorities") or []) +
            (r.get("additionals") or []))


def _rr_of(types, key, sub=None):
    def get(r):
        out = []
        for x in _rrs(r):
            if x.get("type") not in types:
                continue
            v = x.get(key)
            if sub is not None:
                v = (v or {}).get(sub)
            if v is None or v == "":
                continue
            out.append(v)
        return out
    return get


def _not_opt(key):
    return lambda r: [x.get(key) for x in _rrs(r) if x.get("type") != 41]


def _questions(key):
    return lambda r: [q.get(key) for q in r.get("questions") or []]


def _opts(key):
    def get(r):
        out = []
        for x in _rrs(r):
            for o in x.get("opt") or []:
                v = o.get(key)
                if v is not None and v != "":
                    out.append(v)
        return out
    return get


def _txt(r):
    v = sum((x.get("txts") or [] for x in _rrs(r)), [])
    return [",".join(v)] if v else []


def _shown(names):
    """tshark shows aa, ra, ad and rcode only in responses, and no z, ad
    or cd in LLMNR."""
    return lambda T, r: any(T.first(n) is not None for n in names)


def _no_bitmap(T, r):
    """tshark lists the types of an NSEC or NSEC3 type bitmap as
    dns.resp.type too."""
    return not any(x.get("type") in (47, 50) for x in _rrs(r))


def _mdns(T, r):
    return r.get("flavour") == "mDNS"


DNS = [
    Field("dns.flavour", _flavour, "flavour", str),
    Field("dns.id", "dns.id", "id", as_int),
    Field("dns.flags.response", "dns.flags.response", "qr", as_bool),
    Field("dns.flags.opcode", "dns.flags.opcode", "op_code", as_int),
    Field("dns.flags.authoritative", ("dns.flags.authoritative",
          "dns.flags.conflict"), "aa", as_bool,
          when=_shown(("dns.flags.authoritative", "dns.flags.conflict"))),
    Field("dns.flags.truncated", "dns.flags.truncated", "tc", as_bool),
    Field("dns.flags.recdesired", ("dns.flags.recdesired",
          "dns.flags.tentative"), "rd", as_bool),
    Field("dns.flags.recavail", "dns.flags.recavail", "ra", as_bool,
          when=_shown(("dns.flags.recavail",))),
    Field("dns.flags.z", "dns.flags.z", "z", as_bool,
          when=_shown(("dns.flags.z",))),
    Field("dns.flags.authenticated", "dns.flags.authenticated", "ad",
          as_bool, when=_shown(("dns.flags.authenticated",))),
    Field("dns.flags.checkdisable", "dns.flags.checkdisable", "cd", as_bool,
          when=_shown(("dns.flags.checkdisable",))),
    Field("dns.flags.rcode", "dns.flags.rcode", "response_code", as_int,
          when=_shown(("dns.flags.rcode",))),
    Field("dns.count.queries", "dns.count.queries", "qd_count", as_int),
    Field("dns.count.answers", "dns.count.answers", "an_count", as_int),
    Field("dns.count.auth_rr", "dns.count.auth_rr", "ns_count", as_int),
    Field("dns.count.add_rr", "dns.count.add_rr", "ar_count", as_int),
    Field("dns.qry.name", "dns.qry.name", _questions("name"), as_name,
          multi=True),
    Field("dns.qry.type", "dns.qry.type", _questions("type"), as_int,
          multi=True),
    Field("dns.qry.class", "dns.qry.class", _questions("class"), as_int,
          multi=True),
    Field("dns.qry.qu", "dns.qry.qu", _questions("unicast_response"),
          as_bool, multi=True, when=_mdns),
    # tshark splits an SRV owner name into dns.srv.service, .proto, .name.
    Field("dns.resp.name", "dns.resp.name",
          lambda r: [x.get("name") for x in _rrs(r) if x.get("type") != 33],
          as_name, multi=True),
    Field("dns.resp.type", "dns.resp.type",
          lambda r: [x.get("type") for x in _rrs(r)], as_int, multi=True,
          when=_no_bitmap),
    Field("dns.resp.class", "dns.resp.class", _not_opt("class"), as_int,
          multi=True),
    Field("dns.resp.cache_flush", "dns.resp.cache_flush",
          lambda r: [x.get("cache_flush") for x in _rrs(r)], as_bool,
          multi=True, when=_mdns),
    Field("dns.resp.ttl", "dns.resp.ttl", _not_opt("ttl"), as_int,
          multi=True),
    Field("dns.resp.len", "dns.resp.len",
          lambda r: [x.get("data_length") for x in _rrs(r)], as_int,
          multi=True),
    Field("dns.a", "dns.a", _rr_of((1,), "address_ip"), as_ip, multi=True),
    Field("dns.aaaa", "dns.aaaa", _rr_of((28,), "address_ip"), as_ip,
          multi=True),
    Field("dns.ns", "dns.ns", _rr_of((2,), "ns"), as_name, multi=True),
    Field("dns.cname", "dns.cname", _rr_of((5,), "cname"), as_name,
          multi=True),
    Field("dns.ptr.domain_name", "dns.ptr.domain_name",
          _rr_of((12,), "ptr"), as_name, multi=True),
    Field("dns.mx.preference", "dns.mx.preference",
          _rr_of((15,), "mx", "preference"), as_int, multi=True),
    Field("dns.mx.mail_exchange", "dns.mx.mail_exchange",
          _rr_of((15,), "mx", "name"), as_name, multi=True),
    Field("dns.soa.mname", "dns.soa.mname", _rr_of((6,), "soa", "mname"),
          as_name, multi=True),
    Field("dns.soa.rname", "dns.soa.rname", _rr_of((6,), "soa", "rname"),
          as_name, multi=True),
    Field("dns.soa.serial_number", "dns.soa.serial_number",
          _rr_of((6,), "soa", "serial"), as_int, multi=True),
    Field("dns.soa.refresh_interval", "dns.soa.refresh_interval",
          _rr_of((6,), "soa", "refresh"), as_int, multi=True),
    Field("dns.soa.retry_interval", "dns.soa.retry_interval",
          _rr_of((6,), "soa", "retry"), as_int, multi=True),
    Field("dns.soa.expire_limit", "dns.soa.expire_limit",
          _rr_of((6,), "soa", "expire"), as_int, multi=True),
    Field("dns.soa.minimum_ttl", "dns.soa.minimum_ttl",
          _rr_of((6,), "soa", "minimum"), as_int, multi=True),
    Field("dns.srv.priority", "dns.srv.priority",
          _rr_of((33,), "srv", "priority"), as_int, multi=True),
    Field("dns.srv.weight", "dns.srv.weight",
          _rr_of((33,), "srv", "weight"), as_int, multi=True),
    Field("dns.srv.port", "dns.srv.port", _rr_of((33,), "srv", "port"),
          as_int, multi=True),
    Field("dns.srv.target", "dns.srv.target", _rr_of((33,), "srv", "name"),
          as_name, multi=True),
    # tshark's occurrences are joined with commas, which TXT strings
    # hold too: both sides are compared joined.
    Field("dns.txt", "dns.txt", _txt, lambda v: None if v is None else
          str(v), multi=True, tconv=lambda v: [",".join(v)] if v else v),
    Field("dns.rr.udp_payload_size", "dns.rr.udp_payload_size",
          _rr_of((41,), "udp_payload_size"), as_int, multi=True),
    Field("dns.resp.ext_rcode", "dns.resp.ext_rcode",
          _rr_of((41,), "ext_rcode"), as_int, multi=True),
    Field("dns.resp.edns0_version", "dns.resp.edns0_version",
          _rr_of((41,), "edns_version"), as_int, multi=True),
    Field("dns.resp.z.do", "dns.resp.z.do", _rr_of((41,), "dnssec_ok"),
          as_bool, multi=True),
    Field("dns.opt.code", "dns.opt.code", _opts("code"), as_int, multi=True),
    Field("dns.opt.client.family", "dns.opt.client.family",
          _opts("ecs_family"), as_int, multi=True),
    Field("dns.opt.client.netmask", "dns.opt.client.netmask",
          _opts("ecs_source_prefix"), as_int, multi=True),
    Field("dns.opt.client.scope", "dns.opt.client.scope",
          _opts("ecs_scope_prefix"), as_int, multi=True),
]


def _nbname(x):
    """tshark: NAME<xx> for a valid encoded name (with .scope after it)."""
    if x.get("suffix") is None:
        return x.get("name")
    s = "%s<%02x>" % (x.get("name"), x.get("suffix"))
    return s + "." + x["scope"] if x.get("scope") else s


def _nbrrs(r):
    return ((r.get("answers") or []) + (r.get("authorities") or []) +
            (r.get("additionals") or []))


def _nb_all(key):
    def get(r):
        out = []
        for x in _nbrrs(r):
            out += x.get(key) or []
        return out
    return get


def _nb_tshark(names):
    """tshark follows a resource record's name (not a question's) with the
    suffix's meaning, "NAME<00> (Workstation/Redirector)", and shows a
    byte it cannot print as <xx>; the record keeps the name alone, its
    bytes escaped as DNS names are (\\ddd, decimal)."""
    out = []
    for n in names:
        n = re.sub(r" \([^()]*\)$", "", n)
        m = re.match(r"^(.*)(<[0-9a-f]{2}>)((?:\..*)?)$", n)
        if m:
            body = re.sub(r"<([0-9a-f]{2})>",
                          lambda x: "\\%03d" % int(x.group(1), 16),
                          m.group(1))
            n = body + m.group(2) + m.group(3)
        out.append(n)
    return out


NBNS = [
    Field("nbns.id", "nbns.id", "id", as_int),
    Field("nbns.flags.response", "nbns.flags.response", "response",
          as_bool),
    Field("nbns.flags.opcode", "nbns.flags.opcode", "op_code", as_int),
    Field("nbns.flags.authoritative", "nbns.flags.authoritative", "aa",
          as_bool, when=_shown(("nbns.flags.authoritative",))),
    Field("nbns.flags.truncated", "nbns.flags.truncated", "tc", as_bool),
    Field("nbns.flags.recdesired", "nbns.flags.recdesired", "rd", as_bool),
    Field("nbns.flags.recavail", "nbns.flags.recavail", "ra", as_bool,
          when=_shown(("nbns.flags.recavail",))),
    Field("nbns.flags.broadcast", "nbns.flags.broadcast", "broadcast",
          as_bool),
    Field("nbns.flags.rcode", "nbns.flags.rcode", "response_code", as_int,
          when=_shown(("nbns.flags.rcode",))),
    Field("nbns.count.queries", "nbns.count.queries", "qd_count", as_int),
    Field("nbns.count.answers", "nbns.count.answers", "an_count", as_int),
    Field("nbns.count.auth_rr", "nbns.count.auth_rr", "ns_count", as_int),
    Field("nbns.count.add_rr", "nbns.count.add_rr", "ar_count", as_int),
    Field("nbns.name", "nbns.name",
          lambda r: [_nbname(x) for x in (r.get("questions") or []) +
                     _nbrrs(r)], str, multi=True, tconv=_nb_tshark),
    Field("nbns.type", "nbns.type",
          lambda r: [x.get("type") for x in (r.get("questions") or []) +
                     _nbrrs(r)], as_int, multi=True),
    Field("nbns.class", "nbns.class",
          lambda r: [x.get("class") for x in (r.get("questions") or []) +
                     _nbrrs(r)], as_int, multi=True),
    Field("nbns.ttl", "nbns.ttl", lambda r: [x.get("ttl") for x in
                                             _nbrrs(r)], as_int, multi=True),
    Field("nbns.data_length", "nbns.data_length",
          lambda r: [x.get("data_length") for x in _nbrrs(r)], as_int,
          multi=True),
    Field("nbns.nb_flags", "nbns.nb_flags", _nb_all("nb_flags"), as_int,
          multi=True),
    Field("nbns.addr", "nbns.addr", _nb_all("addresses_ip"), as_ip,
          multi=True),
    Field("nbns.netbios_name", "nbns.netbios_name", _nb_all("node_names"),
          str, multi=True),
    Field("nbns.unit_id", "nbns.unit_id",
          lambda r: [x.get("unit_id_mac") for x in _nbrrs(r)
                     if x.get("unit_id_mac")], as_hex, multi=True),
]

GROUPS.append(("DNS", _AnyDNS("dns"), "DNS", DNS))
GROUPS.append(("NBNS", "nbns", "NBNS", NBNS))
