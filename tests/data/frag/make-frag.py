#!/usr/bin/env python3
"""Writes the IP fragment test captures into DIR (default: .).

agree.pcap  fragment sequences that nc-decode and tshark both reassemble:
            IPv4 UDP in order, out of order, with a duplicate, IPv4 ICMP
            echo, IPv6 UDP behind hop-by-hop and destination options,
            IPv6 ICMPv6 echo, an IPv6 atomic fragment, and 40 datagrams
            in flight at once (within the 64-datagram pool).
edge.pcap   what reassembly gives up on or flags: 70 datagrams in flight
            (6 evicted, whose second fragments then never complete), IPv4
            overlap (first bytes win, flagged), IPv6 overlap (discarded,
            RFC 5722) and a later fragment of it, a missing piece, a
            datagram over 65535 bytes, then 31 s later another datagram
            whose arrival expires all that is incomplete, and a lone first
            fragment left incomplete at the end of the input.

With --seeds DIR it writes the fuzz seeds instead (see seeds()).
Deterministic: fixed addresses, ids, payloads and timestamps.
"""
import struct
import sys

T0 = 1700000000


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


V4A = bytes([192, 0, 2, 1])
V4B = bytes([192, 0, 2, 2])
V6A = bytes.fromhex("20010db8000000000000000000000001")
V6B = bytes.fromhex("20010db8000000000000000000000002")


def eth(ethertype, payload):
    return (bytes.fromhex("020000000002") + bytes.fromhex("020000000001") +
            struct.pack("!H", ethertype) + payload)


def payload_bytes(n, seed):
    return bytes((i * 7 + seed) & 0xff for i in range(n))


def udp(src, dst, sport, dport, data, v6=False):
    ln = 8 + len(data)
    if v6:
        ph = src + dst + struct.pack("!IxxxB", ln, 17)
    else:
        ph = src + dst + struct.pack("!xBH", 17, ln)
    h = struct.pack("!HHHH", sport, dport, ln, 0)
    c = csum(ph + h + data) or 0xffff
    return struct.pack("!HHHH", sport, dport, ln, c) + data


def icmp4_echo(ident, seq, data):
    h = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 8, 0, csum(h + data), ident, seq) + data


def icmp6_echo(src, dst, ident, seq, data):
    body = struct.pack("!BBHHH", 128, 0, 0, ident, seq) + data
    ph = src + dst + struct.pack("!IxxxB", len(body), 58)
    c = csum(ph + body)
    return struct.pack("!BBHHH", 128, 0, c, ident, seq) + data


def v4frag(ident, proto, off, more, data, src=V4A, dst=V4B):
    """One IPv4 fragment: off in bytes."""
    fo = (off // 8) | (0x2000 if more else 0)
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(data), ident, fo,
                    64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return eth(0x0800, h + data)


def v6frag(ident, nh, off, more, data, ext=b"", first_nh=44, src=V6A,
           dst=V6B):
    """One IPv6 fragment; ext: extension headers before the fragment
    header, first_nh: the IPv6 header's next header."""
    fh = struct.pack("!BBHI", nh, 0, (off // 8) << 3 | (1 if more else 0),
                     ident)
    pl = ext + fh + data
    h = struct.pack("!IHBB16s16s", 6 << 28, len(pl), first_nh, 64, src, dst)
    return eth(0x86dd, h + pl)


def split(data, size):
    """(offset, more, piece) of size-byte fragments."""
    out = []
    for off in range(0, len(data), size):
        piece = data[off:off + size]
        out.append((off, off + size < len(data), piece))
    return out


def v4frags(ident, proto, dgram, size=1480):
    return [v4frag(ident, proto, o, m, p) for o, m, p in split(dgram, size)]


# Hop-by-hop (PadN) then destination options (PadN), both 8 bytes; the
# IPv6 header says 0 (hop-by-hop), which says 60, which says 44.
HBH = bytes([60, 0, 1, 4, 0, 0, 0, 0])
DST = bytes([44, 0, 1, 4, 0, 0, 0, 0])


def agree():
    pk = []
    d1 = udp(V4A, V4B, 40000, 40001, payload_bytes(3000, 1))
    pk += v4frags(0x0101, 17, d1)
    d2 = udp(V4A, V4B, 40002, 40003, payload_bytes(3500, 2))
    pk += list(reversed(v4frags(0x0102, 17, d2)))
    d3 = udp(V4A, V4B, 40004, 40005, payload_bytes(2000, 3))
    f = v4frags(0x0103, 17, d3)
    pk += [f[0], f[0], f[1]]
    d4 = icmp4_echo(0x4242, 1, payload_bytes(2500, 4))
    pk += v4frags(0x0104, 1, d4)
    d5 = udp(V6A, V6B, 40006, 40007, payload_bytes(3000, 5), v6=True)
    pk += [v6frag(0x00020001, 17, o, m, p, HBH + DST, 0)
           for o, m, p in split(d5, 1232)]
    d6 = icmp6_echo(V6A, V6B, 0x4343, 2, payload_bytes(2000, 6))
    pk += [v6frag(0x00020002, 58, o, m, p) for o, m, p in split(d6, 1232)]
    d7 = udp(V6A, V6B, 40008, 40009, payload_bytes(100, 7), v6=True)
    pk.append(v6frag(0x00020003, 17, 0, False, d7))
    firsts, rest = [], []
    for i in range(40):
        d = udp(V4A, V4B, 41000 + i, 42000, payload_bytes(1600, i))
        f = v4frags(0x0200 + i, 17, d)
        firsts.append(f[0])
        rest.append(f[1])
    pk += firsts + rest
    return pk


def edge():
    pk = []
    # 70 datagrams in flight: the 6 oldest are evicted by the last 6;
    # their second fragments then start datagrams that never complete.
    firsts, rest = [], []
    for i in range(70):
        d = udp(V4A, V4B, 44000 + i, 45000, payload_bytes(1600, i))
        f = v4frags(0x0600 + i, 17, d)
        firsts.append(f[0])
        rest.append(f[1])
    pk += firsts + list(reversed(rest))
    # IPv4 overlap: the second fragment starts 8 bytes early with other
    # bytes; the first fragment's bytes are kept.
    d = udp(V4A, V4B, 43000, 43001, payload_bytes(2000, 10))
    pk.append(v4frag(0x0501, 17, 0, True, d[:1480]))
    pk.append(v4frag(0x0501, 17, 1472, False, b"\xee" * 8 + d[1480:]))
    # IPv6 overlap: discarded; its third fragment arrives afterwards.
    d = udp(V6A, V6B, 43002, 43003, payload_bytes(3000, 11), v6=True)
    pk.append(v6frag(0x00050002, 17, 0, True, d[:1232]))
    pk.append(v6frag(0x00050002, 17, 1224, True, d[1224:2464]))
    pk.append(v6frag(0x00050002, 17, 2464, False, d[2464:]))
    # A missing middle piece: incomplete at the end of the input.
    d = udp(V4A, V4B, 43004, 43005, payload_bytes(4000, 12))
    f = v4frags(0x0503, 17, d)
    pk += [f[0], f[2]]
    # Longer than 65535 bytes: a last fragment at offset 65528.
    d = udp(V4A, V4B, 43006, 43007, payload_bytes(1600, 13))
    pk.append(v4frag(0x0504, 17, 0, True, d[:1480]))
    pk.append(v4frag(0x0504, 17, 65528, False, payload_bytes(100, 14)))
    ts = [T0 + i * 0.001 for i in range(len(pk))]
    # Expiry: a first fragment, then 31 s later another datagram's.
    d = udp(V4A, V4B, 43008, 43009, payload_bytes(1600, 15))
    f = v4frags(0x0507, 17, d)
    pk.append(f[0])
    ts.append(T0 + 1)
    d = udp(V4A, V4B, 43010, 43011, payload_bytes(1600, 16))
    g = v4frags(0x0508, 17, d)
    pk += g
    ts += [T0 + 32, T0 + 32.001]
    # A lone first fragment: incomplete at the end of the input.
    d = udp(V4A, V4B, 43012, 43013, payload_bytes(1600, 17))
    pk.append(v4frags(0x0509, 17, d)[0])
    ts.append(T0 + 32.002)
    return pk, ts


def write(path, pkts, ts=None):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
        for i, p in enumerate(pkts):
            t = ts[i] if ts else T0 + i * 0.001
            sec = int(t)
            usec = int(round((t - sec) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, len(p), len(p)) + p)


def seeds(d):
    """Fuzz seeds: fuzz/seeds/fuzz_ipfrag (time step, length, raw IP packet
    records) and fuzz/seeds/layer-IPv4, layer-IPv6 (4 port bytes, then one
    fragment)."""
    import os
    ag = agree()
    ed, ts = edge()
    groups = {
        "v4-inorder": (ag[0:3], None), "v4-reversed": (ag[3:6], None),
        "v4-dup": (ag[6:9], None), "icmp4": (ag[9:11], None),
        "v6-ext": (ag[11:14], None), "v6-icmp": (ag[14:16], None),
        "v6-atomic": (ag[16:17], None), "edge-overlap": (ed[140:145], None),
        "edge-long": (ed[147:149], None), "edge-expiry": (ed[149:], ts[149:]),
    }
    # 70 small datagrams in flight: eviction, then completion of the rest.
    many = [v4frag(0x0700 + i, 17, 0, True, payload_bytes(8, i))
            for i in range(70)]
    many += [v4frag(0x0700 + i, 17, 8, False, payload_bytes(4, i))
             for i in reversed(range(70))]
    groups["many"] = (many, None)
    # Destination options after the fragment header (fragmentable part).
    dg = bytes([17, 0, 1, 4, 0, 0, 0, 0]) + udp(V6A, V6B, 40010, 40011,
                                                payload_bytes(1500, 8),
                                                v6=True)
    groups["v6-dst-after"] = ([v6frag(0x00020005, 60, o, m, p)
                               for o, m, p in split(dg, 1232)], None)
    os.makedirs(d + "/fuzz_ipfrag", exist_ok=True)
    for name, (pk, t) in groups.items():
        with open(d + "/fuzz_ipfrag/" + name, "wb") as f:
            prev = t[0] if t else 0
            for i, p in enumerate(pk):
                step = min(255, int(((t[i] - prev) if t else 0) * 8))
                prev = t[i] if t else 0
                f.write(struct.pack("!BH", step, len(p) - 14) + p[14:])
    for layer, pick in (("IPv4", [0, 1, 2, 9]), ("IPv6", [11, 12, 16])):
        os.makedirs(d + "/layer-" + layer, exist_ok=True)
        for i in pick:
            with open("%s/layer-%s/frag-%d" % (d, layer, i), "wb") as f:
                f.write(b"\0\0\0\0" + ag[i][14:])


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--seeds":
        seeds(sys.argv[2])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    write(out + "/agree.pcap", agree())
    pk, ts = edge()
    write(out + "/edge.pcap", pk, ts)


if __name__ == "__main__":
    main()
