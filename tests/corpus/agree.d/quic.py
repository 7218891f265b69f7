# QUIC (lib/decode/quic.c): the first QUIC packet of a datagram against
# tshark's first occurrence.  tshark decrypts Initials itself, so the
# packet number and the TLS hello fields are comparable too.  gQUIC
# (tshark "gquic", lib/decode/gquic.c) is its own group on the same
# record type.


def _b64hex(v):
    return v if v else None


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
    return int.from_bytes(bytes.fromhex(v), order)


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

# Every QUIC packet of the datagram (coalesced ones too) against every
# occurrence in tshark, for the fields above that a later packet can
# disagree on and for the frames and hello fields only tshark's full
# decryption shows.  These are lists, so they are compared only when
# tshark names QUIC once in the frame.


def _every(field, conv=None, keep=None):
    def values(r):
        out = []
        for x in r.get("_same") or [r]:
            if x.get("gquic") or (keep is not None and not keep(x)):
                continue
            v = x.get(field)
            if v is None or v == "" or v == []:
                # Empty bytes and strings are absent; zero lengths not.
                if v == 0 and field in ("dcid_len", "scid_len",
                                        "token_length"):
                    out.append(0)
                continue
            out += v if isinstance(v, list) else [v]
        return [conv(v) for v in out] if conv is not None else out
    return values


def _not_vn_retry(x):
    # Version Negotiation and Retry show no fixed bit in tshark.
    return x.get("packet_type") not in ("VersionNegotiation", "Retry")


def _retry(x):
    return x.get("packet_type") == "Retry"


def _long_only(x):
    return x.get("header_form") == 1


def _vn(x):
    return x.get("version") == 0


def _str(v):
    return None if v is None or v == "" else str(v)


QUIC_ALL = [
    ("quic.header_form", "header_form", as_int, None, None),
    ("quic.fixed_bit", "fixed_bit", as_int, None, _not_vn_retry),
    ("quic.version", "version", as_int, None, None),
    ("quic.dcil", "dcid_len", as_int, None, _long_only),
    ("quic.dcid", "dcid", as_hex, _b64hex, None),
    ("quic.scil", "scid_len", as_int, None, None),
    ("quic.scid", "scid", as_hex, _b64hex, None),
    ("quic.token_length", "token_length", as_int, None, None),
    ("quic.length", "length", as_int, None, None),
    ("quic.retry_token", "token", as_hex, _b64hex, _retry),
    ("quic.retry_integrity_tag", "retry_integrity_tag", as_hex, _b64hex,
     None),
    ("quic.packet_number", "packet_number", as_int, None, None),
    ("quic.crypto.offset", "crypto_offsets", as_int, None, None),
    ("quic.crypto.length", "crypto_lengths", as_int, None, None),
    ("quic.ack.largest_acknowledged", "ack_largest", as_int, None, None),
    ("quic.cc.error_code", "close_error_code", as_int, None, None),
    ("quic.cc.frame_type", "close_frame_type", as_int, None, None),
    ("quic.cc.reason_phrase", "close_reason", _str, None, None),
    ("tls.handshake.type", "tls_handshake_type", as_int, None, None),
    ("tls.handshake.version", "tls_version", as_int, None, None),
    ("tls.handshake.random", "tls_random", as_hex, _b64hex, None),
    ("tls.handshake.ciphersuite", "cipher_suites", as_int, None, None),
    ("tls.handshake.extension.type", "extensions", as_int, None, None),
    ("tls.handshake.extensions_server_name", "sni", _str, None, None),
    ("tls.handshake.extensions_alpn_str", "alpns", _str, None, None),
    ("tls.handshake.extensions.supported_version",
     "supported_versions_tls", as_int, None, None),
    ("tls.handshake.extensions_supported_group", "supported_groups",
     as_int, None, None),
]
for _t, _n, _norm, _conv, _keep in QUIC_ALL:
    QUIC.append(Field(_t + "[all]", _t, _every(_n, _conv, _keep), _norm,
                      multi=True))
# Short headers have no length on the wire, and only Version Negotiation
# lists versions.
QUIC.append(Field("quic.packet_number_length[all]",
                  "quic.packet_number_length",
                  _every("packet_number_length"), as_int, multi=True,
                  tconv=lambda v: [x + 1 for x in v]))
QUIC.append(Field("quic.supported_version[all]", "quic.supported_version",
                  _every("supported_versions", keep=_vn), as_int,
                  multi=True))
