#!/usr/bin/env python3
"""Writes dns.pcap (Ethernet, microsecond time stamps) to the directory
given as the argument, for tests/bats/dec-dns.bats.  Deterministic: the
same bytes every run.

  1  DNS query www.example.com A, EDNS0 with client subnet 198.51.100.0/24
  2  its response: CNAME, A, AAAA, TXT, MX; NS, SOA; SRV, PTR, OPT (DO)
  3  mDNS query (QU bit) over IPv6
  4  mDNS response (cache-flush A)
  5  LLMNR query
  6  DNS over TCP: two messages in one segment
  7  DNS over TCP: a message cut by the segment end
  8  DNS with a compression loop (Undecoded)
  9  NBNS name query WORKGROUP<1d>, broadcast
 10  NBNS positive response with two NB entries
 11  NBNS node status response
 12  DNS name with a dot and a space inside labels
 13  DNS query to port 53 that is not DNS (5 bytes)
"""

import os
import struct
import sys

T0 = 1704067200


def name(s):
    out = b""
    for label in s.split(b".") if s else []:
        out += bytes([len(label)]) + label
    return out + b"\0"


def n(s):
    return name(s.encode()) if isinstance(s, str) else name(s)


def ptr(off):
    return struct.pack("!H", 0xC000 | off)


def rr(nm, typ, cls, ttl, rdata):
    return nm + struct.pack("!HHIH", typ, cls, ttl, len(rdata)) + rdata


def hdr(i, flags, qd, an, ns, ar):
    return struct.pack("!HHHHHH", i, flags, qd, an, ns, ar)


def query():
    ecs = struct.pack("!HBB", 1, 24, 0) + bytes([198, 51, 100])
    opt = struct.pack("!HH", 8, len(ecs)) + ecs
    return (hdr(0x1234, 0x0100, 1, 0, 0, 1) + n("www.example.com") +
            struct.pack("!HH", 1, 1) + rr(b"\0", 41, 1232, 0, opt))


def response():
    m = hdr(0x1234, 0x8180, 1, 5, 2, 3) + n("www.example.com")
    m += struct.pack("!HH", 1, 1)
    m += rr(ptr(12), 5, 1, 300, b"\x03cdn" + ptr(12))
    m += rr(ptr(12), 1, 1, 60, bytes([203, 0, 113, 10]))
    m += rr(ptr(12), 28, 1, 60, bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 +
                                      [0x11]))
    m += rr(ptr(12), 16, 1, 60, b"\x05v=spf\x0bhello world")
    m += rr(ptr(16), 15, 1, 3600, struct.pack("!H", 10) + n("mx.example.com"))
    m += rr(ptr(16), 2, 1, 86400, n("ns1.example.com"))
    m += rr(ptr(16), 6, 1, 900, ptr(16) + n("hostmaster") +
            struct.pack("!IIIII", 2024010101, 7200, 3600, 1209600, 300))
    m += rr(n("_sip._tcp.example.com"), 33, 1, 10,
            struct.pack("!HHH", 1, 2, 5060) + n("sip.example.com"))
    m += rr(n("10.113.0.203.in-addr.arpa"), 12, 1, 10, ptr(12))
    m += rr(b"\0", 41, 1232, 0x8000, b"")
    return m


def mdns_query():
    return (hdr(0, 0, 1, 0, 0, 0) + n("printer.local") +
            struct.pack("!HH", 1, 0x8001))


def mdns_response():
    return (hdr(0, 0x8400, 0, 1, 0, 0) +
            rr(n("printer.local"), 1, 0x8001, 120, bytes([192, 168, 1, 50])))


def llmnr_query():
    return hdr(0x4242, 0, 1, 0, 0, 0) + n("fileserver") + \
        struct.pack("!HH", 1, 1)


def loop():
    return hdr(7, 0, 1, 0, 0, 0) + ptr(12) + struct.pack("!HH", 1, 1)


def odd_names():
    return hdr(8, 0, 1, 0, 0, 0) + b"\x03a.b\x05 x y \0" + \
        struct.pack("!HH", 16, 1)


def nbenc(nm, suffix):
    b = nm.encode().ljust(15) + bytes([suffix])
    out = b""
    for c in b:
        out += bytes([0x41 + (c >> 4), 0x41 + (c & 15)])
    return b"\x20" + out + b"\0"


def nbns_query():
    return (hdr(0x8001, 0x0110, 1, 0, 0, 0) + nbenc("WORKGROUP", 0x1d) +
            struct.pack("!HH", 0x20, 1))


def nbns_response():
    rd = struct.pack("!H", 0x6000) + bytes([10, 0, 0, 5]) + \
        struct.pack("!H", 0x8000) + bytes([10, 0, 0, 6])
    return hdr(0x8002, 0x8500, 0, 1, 0, 0) + \
        rr(nbenc("HOST1", 0x20), 0x20, 1, 300000, rd)


def nbns_status():
    rd = bytes([2]) + b"HOST1          \x00" + struct.pack("!H", 0x0400)
    rd += b"WORKGROUP      \x1e" + struct.pack("!H", 0x8400)
    rd += bytes([0, 0x0c, 0x29, 1, 2, 3]) + bytes(40)
    return hdr(0x8003, 0x8400, 0, 1, 0, 0) + \
        rr(nbenc("*", 0), 0x21, 1, 0, rd)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


MAC_A = bytes([2, 0, 0, 0, 0, 1])
MAC_B = bytes([2, 0, 0, 0, 0, 2])


def ipv4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000,
                    64, proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return MAC_B + MAC_A + b"\x08\x00" + h + payload


def ipv6(src, dst, proto, payload):
    h = struct.pack("!IHBB16s16s", 0x60000000, len(payload), proto, 255,
                    bytes(src), bytes(dst))
    return MAC_B + MAC_A + b"\x86\xdd" + h + payload


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport, data):
    return struct.pack("!HHIIBBHHH", sport, dport, 1000, 2000, 0x50, 0x18,
                       65535, 0, 0) + data


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-dns.py dir\n")
        return 2
    c, s = [10, 0, 0, 1], [10, 0, 0, 53]
    bc = [10, 0, 0, 255]
    v6a = [0xfe, 0x80] + [0] * 13 + [1]
    v6m = [0xff, 0x02] + [0] * 13 + [0xfb]
    r = response()
    q2 = hdr(9, 0x0100, 1, 0, 0, 0) + n("example.org") + \
        struct.pack("!HH", 28, 1)
    frames = [
        ipv4(c, s, 17, udp(40000, 53, query())),
        ipv4(s, c, 17, udp(53, 40000, r)),
        ipv6(v6a, v6m, 17, udp(5353, 5353, mdns_query())),
        ipv4([192, 168, 1, 50], [224, 0, 0, 251], 17,
             udp(5353, 5353, mdns_response())),
        ipv4(c, [224, 0, 0, 252], 17, udp(50000, 5355, llmnr_query())),
        ipv4(s, c, 6, tcp(53, 40001, struct.pack("!H", len(r)) + r +
                          struct.pack("!H", len(q2)) + q2)),
        ipv4(s, c, 6, tcp(53, 40001, struct.pack("!H", 200) + r[:50])),
        ipv4(c, s, 17, udp(40002, 53, loop())),
        ipv4(c, bc, 17, udp(137, 137, nbns_query())),
        ipv4(s, c, 17, udp(137, 137, nbns_response())),
        ipv4(s, c, 17, udp(137, 137, nbns_status())),
        ipv4(c, s, 17, udp(40003, 53, odd_names())),
        ipv4(c, s, 17, udp(40004, 53, b"hello")),
    ]
    path = os.path.join(sys.argv[1], "dns.pcap")
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", T0 + i, 0, len(fr), len(fr)))
            f.write(fr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
