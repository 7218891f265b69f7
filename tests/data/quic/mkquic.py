#!/usr/bin/python3
"""Writes small QUIC captures with known contents into DIR.

usage: mkquic.py [-s] DIR

With -s, writes fuzz seeds into DIR instead (fuzz/seeds): each datagram
into layer-QUIC (two port bytes each, then the UDP payload), and Initial
plaintexts (frames: CRYPTO with hellos, ACK, CONNECTION_CLOSE) into
layer-QUICPlain.
Initial packets are protected as RFC 9001 section 5 (v1, draft-29) and
RFC 9369 section 3.3 (v2) say, with python3-cryptography, so that
nc-decode and tshark both decrypt them.  Everything is deterministic:
fixed connection IDs, randoms and timestamps.

    quic-v1.pcap     client Initial (SNI example.org, ALPN h3 h3-29);
                     server Initial (ServerHello) + Handshake + 1-RTT;
                     client Initial (ACK) + Handshake to the server's CID
    quic-versions.pcap  v2 and draft-29 Initials, Version Negotiation,
                     Retry, Initials on ports 4433 and 8443
    quic-split.pcap  a ClientHello over two coalesced Initials of one
                     datagram (CRYPTO frames out of order), and one over
                     two datagrams
    quic-bad.pcap    a bad tag, a length beyond the datagram, a header
                     cut short, gQUIC-like bytes, an unknown version
"""

import struct
import sys

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

V1, V2, D29 = 0x00000001, 0x6B3343CF, 0xFF00001D
SALT = {
    V1: bytes.fromhex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"),
    V2: bytes.fromhex("0dede3def700a6db819381be6e269dcbf9bd2ed9"),
    D29: bytes.fromhex("afbfec289993d24c9e9786f19c6111e04390a899"),
}
# Long header type bits: v2 rotated them (RFC 9369 3.2).
TYPES = {
    V1: {"initial": 0, "0rtt": 1, "handshake": 2, "retry": 3},
    V2: {"initial": 1, "0rtt": 2, "handshake": 3, "retry": 0},
}
TYPES[D29] = TYPES[V1]


def hmac256(key, data):
    h = hmac.HMAC(key, hashes.SHA256())
    h.update(data)
    return h.finalize()


def expand_label(secret, label, n):
    full = b"tls13 " + label
    info = struct.pack("!HB", n, len(full)) + full + b"\x00"
    return hmac256(secret, info + b"\x01")[:n]


def keys(version, dcid, server):
    initial = hmac256(SALT[version], dcid)
    secret = expand_label(initial, b"server in" if server else b"client in",
                          32)
    pre = b"quicv2 " if version == V2 else b"quic "
    return (expand_label(secret, pre + b"key", 16),
            expand_label(secret, pre + b"iv", 12),
            expand_label(secret, pre + b"hp", 16))


def varint(v):
    if v < 0x40:
        return bytes([v])
    if v < 0x4000:
        return struct.pack("!H", v | 0x4000)
    if v < 0x40000000:
        return struct.pack("!I", v | 0x80000000)
    return struct.pack("!Q", v | 0xC000000000000000)


def long_header(version, ptype, dcid, scid, token=None, pnl=2):
    first = 0xC0 | TYPES[version][ptype] << 4 | (pnl - 1)
    h = bytes([first]) + struct.pack("!I", version)
    h += bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid
    if ptype == "initial":
        h += varint(len(token or b"")) + (token or b"")
    return h


def initial(version, dcid, scid, frames, pn=0, pnl=2, key_dcid=None,
            server=False, token=b"", pad_to=None, corrupt=False):
    """A protected Initial; key_dcid is the client's first DCID."""
    key, iv, hp = keys(version, key_dcid or dcid, server)
    hdr = long_header(version, "initial", dcid, scid, token, pnl)
    plain = frames
    if pad_to is not None:
        # Length field is 2 bytes (varint 0x40..) for these sizes.
        need = pad_to - (len(hdr) + 2 + pnl + len(plain) + 16)
        plain += bytes(max(need, 0))
    length = pnl + len(plain) + 16
    hdr += struct.pack("!H", 0x4000 | length)
    pn_off = len(hdr)
    hdr += pn.to_bytes(pnl, "big")
    nonce = bytes(a ^ b for a, b in zip(iv, bytes(4) + pn.to_bytes(8, "big")))
    ct = AESGCM(key).encrypt(nonce, plain, hdr)
    if corrupt:
        ct = ct[:-1] + bytes([ct[-1] ^ 1])
    sample = ct[4 - pnl:4 - pnl + 16]
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(sample) + enc.finalize()
    out = bytearray(hdr + ct)
    out[0] ^= mask[0] & 0x0F
    for i in range(pnl):
        out[pn_off + i] ^= mask[1 + i]
    return bytes(out)


def other_long(version, ptype, dcid, scid, payload):
    """A Handshake or 0-RTT packet with opaque (random-looking) payload."""
    hdr = long_header(version, ptype, dcid, scid, pnl=2)
    return hdr + varint(len(payload)) + payload


def crypto(off, data):
    return b"\x06" + varint(off) + varint(len(data)) + data


def ext(t, data):
    return struct.pack("!HH", t, len(data)) + data


def client_hello(sni, alpns, tp=b"\x01\x04\x80\x00\x75\x30", extra=b"",
                 rnd=None):
    e = b""
    name = sni.encode()
    e += ext(0, struct.pack("!HBH", len(name) + 3, 0, len(name)) + name)
    e += ext(10, struct.pack("!H", 6) + bytes.fromhex("001d00170018"))
    al = b"".join(bytes([len(a)]) + a.encode() for a in alpns)
    e += ext(16, struct.pack("!H", len(al)) + al)
    e += ext(13, bytes.fromhex("000a04030804040105010201"))
    e += ext(51, bytes.fromhex("0024001d0020") + bytes(range(32)))
    e += ext(45, b"\x01\x01")
    e += ext(43, b"\x02\x03\x04")
    e += ext(57, tp)
    e += extra
    body = b"\x03\x03" + (rnd or bytes(range(0x10, 0x30))) + b"\x00"
    body += struct.pack("!H", 6) + bytes.fromhex("130113021303")
    body += b"\x01\x00" + struct.pack("!H", len(e)) + e
    return b"\x01" + len(body).to_bytes(3, "big") + body


def server_hello():
    e = ext(51, bytes.fromhex("001d0020") + bytes(range(32, 64)))
    e += ext(43, b"\x03\x04")
    body = b"\x03\x03" + bytes(range(0x40, 0x60)) + b"\x00"
    body += b"\x13\x01" + b"\x00" + struct.pack("!H", len(e)) + e
    return b"\x02" + len(body).to_bytes(3, "big") + body


# --- pcap -----------------------------------------------------------------

CLIENT, SERVER = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])


def csum(b):
    if len(b) % 2:
        b += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17,
                     0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
    return eth + ip + udp


class Pcap:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                                 1))
        self.t = 1700000000

    def up(self, payload, sport=50000, dport=443):
        self.put(frame(CLIENT, SERVER, sport, dport, payload))

    def down(self, payload, sport=443, dport=50000):
        self.put(frame(SERVER, CLIENT, sport, dport, payload))

    def put(self, b):
        self.t += 1
        self.f.write(struct.pack("<IIII", self.t, 0, len(b), len(b)) + b)

    def close(self):
        self.f.close()


DCID = bytes.fromhex("8394c8f03e515708")
CSCID = bytes.fromhex("c0ffee00")
SSCID = bytes.fromhex("5e7e5e7e5e7e5e7e")


def v1(path):
    p = Pcap(path)
    ch = client_hello("example.org", ["h3", "h3-29"])
    p.up(initial(V1, DCID, CSCID, crypto(0, ch), pn=0, pad_to=1200))
    sh = server_hello()
    d = initial(V1, CSCID, SSCID, b"\x02\x00\x00\x00\x00" + crypto(0, sh),
                pn=0, key_dcid=DCID, server=True)
    d += other_long(V1, "handshake", CSCID, SSCID, bytes(range(40)))
    d += b"\x40" + CSCID + bytes(range(100, 130))
    p.down(d)
    d = initial(V1, SSCID, CSCID, b"\x02\x00\x00\x00\x00\x01", pn=1,
                key_dcid=DCID, pad_to=1200)
    p.up(d)
    # A CONNECTION_CLOSE from the server in an Initial.
    cc = b"\x1c" + varint(0x0a) + varint(0x06) + varint(9) + b"bad hello"
    p.down(initial(V1, CSCID, SSCID, cc, pn=1, key_dcid=DCID, server=True))
    p.close()


def versions(path):
    p = Pcap(path)
    p.up(initial(V2, bytes.fromhex("0102030405060708"), b"\x0a",
                 crypto(0, client_hello("v2.example", ["h3"])), pn=0,
                 pad_to=1200), sport=50001)
    p.up(initial(D29, bytes.fromhex("1112131415161718"), b"",
                 crypto(0, client_hello("d29.example", ["h3-29"])), pn=0,
                 pnl=4, pad_to=1200), sport=50002)
    vn = b"\x80" + bytes(4) + b"\x04" + CSCID + b"\x08" + DCID
    vn += struct.pack("!III", V1, V2, 0x1A2A3A4A)
    p.down(vn, dport=50001)          # answers the v2 Initial
    retry = bytes([0xC0 | 3 << 4]) + struct.pack("!I", V1) + b"\x04" + CSCID
    retry += b"\x08" + SSCID + b"retry-token-bytes" + bytes(range(16))
    p.down(retry, dport=50004)
    p.up(initial(V1, bytes.fromhex("2122232425262728"), b"\x01",
                 crypto(0, client_hello("port4433.example", ["hq"])),
                 pn=0, pad_to=1200, token=b"tok"), sport=50005, dport=4433)
    p.up(initial(V1, bytes.fromhex("3132333435363738"), b"\x02",
                 crypto(0, client_hello("port8443.example", ["h3"])),
                 pn=0, pad_to=1200), sport=50006, dport=8443)
    p.close()


def split(path):
    p = Pcap(path)
    # Two Initials in one datagram, CRYPTO frames of the first out of
    # order, the hello's end in the second.
    ch = client_hello("split.example", ["h3"])
    a = crypto(60, ch[60:120]) + b"\x01" + crypto(0, ch[:60])
    b = crypto(120, ch[120:])
    dc = bytes.fromhex("4142434445464748")
    d = initial(V1, dc, b"", a, pn=0) + initial(V1, dc, b"", b, pn=1,
                                                  pad_to=1000)
    p.up(d, sport=50010)
    # A big hello over two datagrams.
    big = client_hello("two.example", ["h3"],
                       extra=ext(0xFE0D, bytes(1500)))
    dc = bytes.fromhex("5152535455565758")
    p.up(initial(V1, dc, b"", crypto(0, big[:1100]), pn=0, pad_to=1200),
         sport=50011)
    p.up(initial(V1, dc, b"", crypto(1100, big[1100:]), pn=1, pad_to=1200),
         sport=50011)
    p.close()


def bad(path):
    p = Pcap(path)
    ch = client_hello("bad.example", ["h3"])
    dc = bytes.fromhex("6162636465666768")
    p.up(initial(V1, dc, b"", crypto(0, ch), pn=0, pad_to=1200,
                 corrupt=True), sport=50020)
    pk = initial(V1, dc, b"", crypto(0, ch), pn=0, pad_to=1200)
    p.up(pk[:600], sport=50021)                 # length beyond the datagram
    p.up(pk[:12], sport=50022)                  # header cut in the DCID
    # gQUIC Q043-style public header: flags 0x09, CID, version "Q043".
    p.up(b"\x09" + DCID + b"Q043" + bytes(20), sport=50023)
    p.up(b"\xc3" + b"\xfa\xce\xb0\x0c" + b"\x04" + CSCID + b"\x00" +
         bytes(30), sport=50024)                # unknown version
    p.close()


class Seeds(Pcap):
    """Writes each datagram as a fuzz seed: ports, then the payload."""

    def __init__(self, path):
        self.path, self.n = path, 0

    def up(self, payload, sport=50000, dport=443):
        self.seed(sport, dport, payload)

    def down(self, payload, sport=443, dport=50000):
        self.seed(sport, dport, payload)

    def seed(self, sport, dport, payload):
        self.n += 1
        with open("%s-%d" % (self.path, self.n), "wb") as f:
            f.write(struct.pack("!HH", sport, dport) + payload)

    def close(self):
        pass


def plain_seeds(d):
    ch = client_hello("example.org", ["h3", "h3-29"])
    seeds = {
        "client-hello": crypto(0, ch) + bytes(8),
        "split-hello": crypto(40, ch[40:]) + b"\x01" + crypto(0, ch[:40]),
        "server-hello": b"\x02\x00\x00\x00\x00" + crypto(0, server_hello()),
        "ack-ecn": b"\x03\x05\x00\x01\x00\x01\x02\x00\x01\x02",
        "close": b"\x1c\x0a\x06\x09bad hello\x1d\x01\x00",
    }
    for name, b in seeds.items():
        with open("%s/%s" % (d, name), "wb") as f:
            f.write(struct.pack("!HH", 50000, 443) + b)


def main():
    global Pcap
    if len(sys.argv) == 3 and sys.argv[1] == "-s":
        Pcap = Seeds
        plain_seeds(sys.argv[2] + "/layer-QUICPlain")
        d = sys.argv[2] + "/layer-QUIC"
    elif len(sys.argv) != 2:
        sys.exit("usage: mkquic.py [-s] DIR")
    else:
        d = sys.argv[1]
    v1(d + "/quic-v1.pcap")
    versions(d + "/quic-versions.pcap")
    split(d + "/quic-split.pcap")
    bad(d + "/quic-bad.pcap")


if __name__ == "__main__":
    main()
