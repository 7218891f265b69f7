#!/usr/bin/python3
"""Compares nc-decode's QUIC records with tshark, packet by packet.

usage: tshark-compare.py [-x frame:field ...] CAPTURE

For every frame, each field below is the list of its values over the
frame's QUIC packets (nc-decode: QUIC records in order; tshark: every
occurrence), normalised to one text form.  Prints one line per field that
differs and exits 1 if any does (those named with -x, as FRAME:FIELD or
*:FIELD, are expected differences and only reported).  nc-decode and
nc-tojson come from PATH.  gQUIC records are left out: tshark's gquic
dissector has other fields (tests/corpus/agree.d/quic.py compares them).
"""

import base64
import getopt
import json
import subprocess
import sys

# tshark field, netcap field, how to render a netcap value.
def hexint(width):
    return lambda v: "0x%0*x" % (width, v)


def b64hex(v):
    return base64.b64decode(v).hex()


def boolean(v):
    return "1" if v else "0"


FIELDS = [
    ("quic.header_form", "header_form", str),
    ("quic.fixed_bit", "fixed_bit", str),
    ("quic.version", "version", hexint(8)),
    ("quic.dcil", "dcid_len", str),
    ("quic.dcid", "dcid", b64hex),
    ("quic.scil", "scid_len", str),
    ("quic.scid", "scid", b64hex),
    ("quic.token_length", "token_length", str),
    ("quic.length", "length", str),
    ("quic.supported_version", "supported_versions", hexint(8)),
    ("quic.retry_token", "token", b64hex),
    ("quic.retry_integrity_tag", "retry_integrity_tag", b64hex),
    ("quic.packet_number", "packet_number", str),
    ("quic.packet_number_length", "packet_number_length", str),
    ("quic.crypto.offset", "crypto_offsets", str),
    ("quic.crypto.length", "crypto_lengths", str),
    ("quic.ack.largest_acknowledged", "ack_largest", str),
    ("quic.cc.error_code", "close_error_code", str),
    ("quic.cc.frame_type", "close_frame_type", str),
    ("quic.cc.reason_phrase", "close_reason", str),
    ("tls.handshake.type", "tls_handshake_type", str),
    ("tls.handshake.version", "tls_version", hexint(4)),
    ("tls.handshake.random", "tls_random", b64hex),
    ("tls.handshake.ciphersuite", "cipher_suites", hexint(4)),
    ("tls.handshake.extension.type", "extensions", str),
    ("tls.handshake.extensions_server_name", "sni", str),
    ("tls.handshake.extensions_alpn_str", "alpns", str),
    ("tls.handshake.extensions.supported_version", "supported_versions_tls",
     hexint(4)),
    ("tls.handshake.extensions_supported_group", "supported_groups",
     hexint(4)),
]


def nc_values(rec, field, conv):
    # retry_token is the token of Retry packets only.
    if field == "token" and rec.get("packet_type") != "Retry":
        return []
    if field == "supported_versions" and rec.get("version") != 0:
        return []
    # Short headers have no length on the wire; Version Negotiation and
    # Retry show no fixed bit in tshark.
    if field == "dcid_len" and rec.get("header_form") == 0:
        return []
    if field == "fixed_bit" and rec.get("packet_type") in (
            "VersionNegotiation", "Retry"):
        return []
    v = rec.get(field)
    if v is None or v == "" or v == []:
        # Empty bytes and strings are absent; zero lengths are not.
        if field in ("dcid_len", "scid_len", "token_length") and v == 0:
            return ["0"]
        return []
    if isinstance(v, list):
        return [conv(x) for x in v]
    return [conv(v)]


def main():
    opts, args = getopt.getopt(sys.argv[1:], "x:")
    expect = {o[1] for o in opts}
    if len(args) != 1:
        sys.exit("usage: tshark-compare.py [-x frame:field ...] CAPTURE")
    cap = args[0]
    out = subprocess.run(
        "nc-decode -q -t QUIC -r '%s' | nc-tojson" % cap, shell=True,
        check=True, capture_output=True, text=True).stdout
    nc = {}
    for line in out.splitlines():
        r = json.loads(line)
        if r.get("type") == "QUIC" and not r.get("gquic"):
            nc.setdefault(r["packet"], []).append(r)
    cmd = ["tshark", "-n", "-r", cap, "-T", "fields", "-E", "occurrence=a",
           "-E", "separator=\t", "-E", "aggregator=\x1f", "-e",
           "frame.number"]
    for t, _, _ in FIELDS:
        cmd += ["-e", t]
    ts = subprocess.run(cmd, check=True, capture_output=True,
                        text=True).stdout
    bad = agree = 0
    for line in ts.splitlines():
        cols = line.split("\t")
        frame = int(cols[0])
        recs = nc.get(frame, [])
        for (t, f, conv), col in zip(FIELDS, cols[1:]):
            tv = [x for x in col.split("\x1f") if x != ""]
            if t == "quic.fixed_bit" or t == "quic.header_form":
                tv = ["1" if x in ("1", "True") else "0" for x in tv]
            if t == "quic.packet_number_length":
                # tshark shows the 2-bit field, netcap the byte count.
                tv = [str(int(x) + 1) for x in tv]
            nv = []
            for r in recs:
                nv += nc_values(r, f, conv)
            if t == "tls.handshake.random" or t.startswith("quic.") and \
                    t.endswith(("dcid", "scid", "token", "tag")):
                tv = [x.replace(":", "") for x in tv]
            if tv == nv:
                agree += 1
                continue
            key = "%d:%s" % (frame, t)
            known = key in expect or "*:" + t in expect
            print("%s %s: tshark %s, nc-decode %s" % (
                "expected" if known else "DIFF", key, tv, nv))
            if not known:
                bad += 1
    print("%d fields agree, %d differ" % (agree, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
