#!/usr/bin/env python3
"""Compares DNS or NBNS records (nc-tojson lines on stdin) with tshark's
fields for the same capture, packet by packet and field by field.

usage: vs-tshark.py dns|nbns capture [packet ...]

Prints one line per difference and exits 1 if there is any; packets with
no record on either side are skipped unless listed (then a missing side is
a difference).  The names compared are those without escapes (tshark
prints labels as they are)."""

import json
import subprocess
import sys


def rrs(r):
    return (r.get("answers") or []) + (r.get("authorities") or []) + \
        (r.get("additionals") or [])


def typed(types, key, sub=None):
    def get(r):
        out = []
        for x in rrs(r):
            if x.get("type") in types:
                v = x.get(key)
                if sub:
                    v = (v or {}).get(sub)
                out.append(v)
        return out
    return get


def root(v):
    return "<Root>" if v == "." else v


def hexid(v):
    return "0x%04x" % v


def b(v):
    return "1" if v else "0"


DNS = [
    ("dns.id", lambda r: [hexid(r["id"])]),
    ("dns.flags.response", lambda r: [b(r["qr"])]),
    ("dns.flags.opcode", lambda r: [r["op_code"]]),
    ("dns.flags.truncated", lambda r: [b(r["tc"])]),
    ("dns.flags.recdesired", lambda r: [b(r["rd"])]),
    ("dns.count.queries", lambda r: [r["qd_count"]]),
    ("dns.count.answers", lambda r: [r["an_count"]]),
    ("dns.count.auth_rr", lambda r: [r["ns_count"]]),
    ("dns.count.add_rr", lambda r: [r["ar_count"]]),
    ("dns.qry.name", lambda r: [q["name"] for q in r["questions"]]),
    ("dns.qry.type", lambda r: [q["type"] for q in r["questions"]]),
    ("dns.resp.ttl", lambda r: [x["ttl"] for x in rrs(r)
                                if x["type"] != 41]),
    ("dns.resp.len", lambda r: [x["data_length"] for x in rrs(r)]),
    ("dns.a", typed((1,), "address_ip")),
    ("dns.aaaa", typed((28,), "address_ip")),
    ("dns.cname", typed((5,), "cname")),
    ("dns.ns", typed((2,), "ns")),
    ("dns.ptr.domain_name", typed((12,), "ptr")),
    ("dns.mx.preference", typed((15,), "mx", "preference")),
    ("dns.mx.mail_exchange", typed((15,), "mx", "name")),
    ("dns.soa.mname", typed((6,), "soa", "mname")),
    ("dns.soa.rname", typed((6,), "soa", "rname")),
    ("dns.soa.serial_number", typed((6,), "soa", "serial")),
    ("dns.soa.refresh_interval", typed((6,), "soa", "refresh")),
    ("dns.soa.retry_interval", typed((6,), "soa", "retry")),
    ("dns.soa.expire_limit", typed((6,), "soa", "expire")),
    ("dns.soa.minimum_ttl", typed((6,), "soa", "minimum")),
    ("dns.srv.priority", typed((33,), "srv", "priority")),
    ("dns.srv.weight", typed((33,), "srv", "weight")),
    ("dns.srv.port", typed((33,), "srv", "port")),
    ("dns.srv.target", typed((33,), "srv", "name")),
    ("dns.txt", lambda r: sum((x.get("txts") or [] for x in rrs(r)), [])),
    ("dns.rr.udp_payload_size", typed((41,), "udp_payload_size")),
    ("dns.resp.z.do", lambda r: [b(v) for v in
                                 typed((41,), "dnssec_ok")(r)]),
    ("dns.opt.client.netmask", lambda r: [o["ecs_source_prefix"]
                                          for x in rrs(r)
                                          for o in x.get("opt") or []
                                          if o["code"] == 8]),
]


def nbname(x):
    if x.get("suffix") is None:
        return x["name"]
    return "%s<%02x>" % (x["name"], x["suffix"])


NBNS = [
    ("nbns.id", lambda r: [hexid(r["id"])]),
    ("nbns.flags.response", lambda r: [b(r["response"])]),
    ("nbns.flags.opcode", lambda r: [r["op_code"]]),
    ("nbns.flags.broadcast", lambda r: [b(r["broadcast"])]),
    ("nbns.count.queries", lambda r: [r["qd_count"]]),
    ("nbns.count.answers", lambda r: [r["an_count"]]),
    ("nbns.name", lambda r: [nbname(x) for x in r["questions"] + rrs(r)]),
    ("nbns.type", lambda r: [x["type"] for x in r["questions"] + rrs(r)]),
    ("nbns.ttl", lambda r: [x["ttl"] for x in rrs(r)]),
    ("nbns.addr", lambda r: sum((x.get("addresses_ip") or []
                                 for x in rrs(r)), [])),
    ("nbns.nb_flags", lambda r: ["0x%04x" % v for x in rrs(r)
                                 for v in x.get("nb_flags") or []]),
    ("nbns.netbios_name", lambda r: [s.split("<")[0] for x in rrs(r)
                                     for s in x.get("node_names") or []]),
    ("nbns.unit_id", lambda r: [x["unit_id_mac"] for x in rrs(r)
                                if x.get("unit_id_mac")]),
]


# Flags tshark leaves out where they do not apply (LLMNR has T for RD).
ONLY_SOME = {"dns.flags.recdesired"}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("dns", "nbns"):
        sys.stderr.write(__doc__)
        return 2
    proto, cap = sys.argv[1], sys.argv[2]
    want = {int(a) for a in sys.argv[3:]}
    fields = DNS if proto == "dns" else NBNS
    rtype = "DNS" if proto == "dns" else "NBNS"
    nc = {}
    for line in sys.stdin:
        r = json.loads(line)
        if r.get("type") == rtype:
            nc.setdefault(r["packet"], []).append(r)
    cmd = ["tshark", "-n", "-r", cap, "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|",
           "-o", "tcp.desegment_tcp_streams:FALSE",
           "-e", "frame.number", "-e", "frame.protocols"]
    for f, _ in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True, check=True).stdout
    bad = compared = 0
    for line in out.splitlines():
        cols = line.split("\t")
        n, protos = int(cols[0]), cols[1].split(":")
        has = proto in protos or (proto == "dns" and
                                  ("mdns" in protos or "llmnr" in protos))
        recs = nc.get(n, [])
        if not has and not recs:
            continue
        if want and n not in want:
            continue
        if has != bool(recs):
            print("%d: tshark %s, nc-decode %d records" % (
                n, "has " + proto if has else "has none", len(recs)))
            bad += 1
            continue
        for (f, get), tv in zip(fields, cols[2:]):
            tl = [root(v) for v in tv.split("|")] if tv else []
            if not tl and f in ONLY_SOME:
                continue
            # tshark adds the service: "HOST1<20> (Server service)".
            tl = [v.split(" (")[0] if f == "nbns.name" else v for v in tl]
            nl = []
            for r in recs:
                nl += [root(str(v)) if not isinstance(v, bool) else b(v)
                       for v in get(r)]
            compared += 1
            if tl != nl:
                print("%d: %s: tshark %s, nc-decode %s" % (n, f, tl, nl))
                bad += 1
    print("# %d fields compared, %d differ" % (compared, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
