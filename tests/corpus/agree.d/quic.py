# QUIC (lib/decode/quic.c): the first QUIC packet of a datagram against
# tshark's first occurrence.  tshark decrypts Initials itself, so the
# packet number and the TLS hello fields are comparable too.  gQUIC
# (tshark "gquic", lib/decode/gquic.c) is its own group on the same
# record type.
import base64


def _b64hex(v):
    return base64.b64decode(v).hex() if v else None


def _long(T, r):
    return r.get("header_form") == 1


def _initial(T, r):
    return r.get("packet_type") == "Initial"


def _hello(T, r):
    # The hello fields sit on the first Initial with CRYPTO data.
    return r.get("tls_handshake_type") is not None


RECORD_OF["quic"] = "QUIC"
QUIC = [
    Field("quic.header_form", "quic.header_form", "header_form", as_int),
    Field("quic.version", "quic.version", "version", as_int, when=_long),
    Field("quic.dcil", "quic.dcil", "dcid_len", as_int, when=_long),
    Field("quic.dcid", "quic.dcid", "dcid", as_hex, nconv=_b64hex),
    Field("quic.scil", "quic.scil", "scid_len", as_int, when=_long),
    Field("quic.scid", "quic.scid", "scid", as_hex, nconv=_b64hex,
          when=_long),
    Field("quic.token_length", "quic.token_length", "token_length", as_int,
          when=_initial),
    Field("quic.length", "quic.length", "length", as_int),
    Field("quic.supported_version", "quic.supported_version",
          "supported_versions", as_int, multi=True),
    Field("quic.packet_number", "quic.packet_number", "packet_number",
          as_int, when=_initial),
    # tshark shows the 2-bit field, netcap the byte count.
    Field("quic.packet_number_length", "quic.packet_number_length",
          "packet_number_length", as_int, when=_initial,
          tconv=lambda v: v + 1),
    Field("tls.handshake.type", "tls.handshake.type", "tls_handshake_type",
          as_int, when=_hello),
    Field("tls.handshake.extensions_server_name",
          "tls.handshake.extensions_server_name", "sni",
          lambda v: v or None, when=_hello),
    Field("tls.handshake.extensions_alpn_str",
          "tls.handshake.extensions_alpn_str", "alpns",
          lambda v: v or None, when=_hello, multi=True),
    Field("tls.handshake.ciphersuite", "tls.handshake.ciphersuite",
          "cipher_suites", as_int, when=_hello, multi=True),
]
GROUPS.append(("QUIC", "quic", "QUIC", QUIC))
NC_ONLY["QUIC"] = lambda r: r.get("gquic") is True

RECORD_OF["gquic"] = "QUIC"


def _gquic_cid(r):
    # tshark prints the connection ID as a number, read little-endian
    # before Q039.  Only a client's first packets name the version; the
    # others are taken as old (the shared corpus holds Q025 only).
    v = r.get("dcid")
    if not v:
        return None
    order = "big" if r.get("gquic_version", "") >= "Q039" else "little"
    return int.from_bytes(base64.b64decode(v), order)


GQUIC = [
    Field("gquic.puflags", "gquic.puflags", "public_flags", as_int),
    Field("gquic.cid", "gquic.cid", _gquic_cid, as_int),
    Field("gquic.version", "gquic.version", "gquic_version",
          lambda v: v or None),
    Field("gquic.packet_number", "gquic.packet_number", "packet_number",
          as_int),
]
GROUPS.append(("gQUIC", "gquic", "QUIC", GQUIC))
NC_ONLY["gQUIC"] = lambda r: r.get("gquic") is not True
