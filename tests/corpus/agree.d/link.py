# Link and control layers (lib/decode/llc.c stp.c lldp.c cdp.c eapol.c
# eap.c mpls.c).  SNAP and EAPOL-Key have no protocol of their own in
# tshark's frame.protocols (llc and eapol cover them), so their fields
# are compared by tests/bats/dec-link.bats instead.
def _hex(v):
    """nc-tojson writes bytes fields in hex, null when empty."""
    if v is None or v == "":
        return None
    return v


def _str(v):
    if v is None or v == "":
        return None
    return str(v)


def _float(v):
    if v is None or v == "":
        return None
    return float(v)


def _joined(name):
    """A string tshark's aggregator may have split at its commas (listed
    with the plain name too, so that tshark is asked for it)."""
    return lambda T: [",".join(T.all(name))] if T.all(name) else []


def _cdp_addrs(r, version):
    """Both address lists (TLVs 2 and 0x16); tshark lists IPv4 and IPv6
    addresses as two fields."""
    a = (r.get("addresses_ip") or []) + \
        (r.get("management_addresses_ip") or [])
    return [x for x in a if ipaddress.ip_address(x).version == version]


def _lines(v):
    """tshark shows each line of CDP's software version as one
    occurrence; _joined puts them back together with commas."""
    return None if v is None else ",".join(v.splitlines())


def _mst(T, r):
    return r.get("version_3_length") is not None


def _not_tcn(T, r):
    return r.get("bpdu_type") != 0x80


def _tshark_escaped(v):
    """tshark -T fields shows a newline in a string as \\n."""
    return None if v is None else v.replace("\n", "\\n").replace("\r", "\\r")


RECORD_OF.update({"llc": "LLC", "stp": "STP", "lldp": "LLDP",
                  "cdp": "CDP", "eapol": "EAPOL",
                  "mpls": "MPLS"})
TRANSPARENT.discard("llc")

LLC = [
    Field("llc.dsap", "llc.dsap", lambda r: r.get("dsap", 0) |
          int(bool(r.get("ig"))), as_int),
    Field("llc.ssap", "llc.ssap", lambda r: r.get("ssap", 0) |
          int(bool(r.get("cr"))), as_int),
    Field("llc.control", "llc.control", "control", as_int),
]

STP = [
    Field("stp.protocol", "stp.protocol", "protocol_id", as_int),
    Field("stp.version", "stp.version", "version", as_int),
    Field("stp.type", "stp.type", "bpdu_type", as_int),
    Field("stp.flags", "stp.flags", "flags", as_int,
          when=_not_tcn),
    Field("stp.flags.tc", "stp.flags.tc", "tc", as_bool,
          when=_not_tcn),
    Field("stp.flags.tcack", "stp.flags.tcack", "tca", as_bool,
          when=_not_tcn),
    Field("stp.flags.port_role", "stp.flags.port_role", "port_role", as_int,
          when=lambda T, r: ttype(T, "stp.type") == 2),
    Field("stp.root.prio", "stp.root.prio", "root_priority", as_int,
          when=_not_tcn),
    Field("stp.root.ext", "stp.root.ext", "root_system_id", as_int,
          when=_not_tcn),
    Field("stp.root.hw", "stp.root.hw", "root_mac", as_hex,
          when=_not_tcn),
    Field("stp.root.cost", "stp.root.cost", "root_path_cost", as_int,
          when=_not_tcn),
    Field("stp.bridge.prio", "stp.bridge.prio", "bridge_priority", as_int,
          when=_not_tcn),
    Field("stp.bridge.ext", "stp.bridge.ext", "bridge_system_id", as_int,
          when=_not_tcn),
    Field("stp.bridge.hw", "stp.bridge.hw", "bridge_mac", as_hex,
          when=_not_tcn),
    Field("stp.port", "stp.port", "port_id", as_int,
          when=_not_tcn),
    Field("stp.msg_age", "stp.msg_age", "message_age", _float,
          when=_not_tcn),
    Field("stp.max_age", "stp.max_age", "max_age", _float,
          when=_not_tcn),
    Field("stp.hello", "stp.hello", "hello_time", _float,
          when=_not_tcn),
    Field("stp.forward", "stp.forward", "forward_delay", _float,
          when=_not_tcn),
    Field("stp.version_1_length", "stp.version_1_length",
          "version_1_length", as_int),
    Field("mstp.version_3_length", "mstp.version_3_length",
          "version_3_length", as_int),
    Field("mstp.config_name", "mstp.config_name", "mst_config_name", _str,
          when=_mst),
    Field("mstp.config_revision_level", "mstp.config_revision_level",
          "mst_config_revision", as_int,
          when=_mst),
    Field("mstp.config_digest", "mstp.config_digest", "mst_config_digest",
          as_hex, nconv=_hex,
          when=_mst),
    Field("mstp.cist_internal_root_path_cost",
          "mstp.cist_internal_root_path_cost",
          "cist_internal_root_path_cost", as_int,
          when=_mst),
    Field("mstp.cist_bridge.prio", "mstp.cist_bridge.prio",
          "cist_bridge_priority", as_int,
          when=_mst),
    Field("mstp.cist_bridge.ext", "mstp.cist_bridge.ext",
          "cist_bridge_system_id", as_int,
          when=_mst),
    Field("mstp.cist_bridge.hw", "mstp.cist_bridge.hw", "cist_bridge_mac",
          as_hex,
          when=_mst),
    Field("mstp.cist_remaining_hops", "mstp.cist_remaining_hops",
          "cist_remaining_hops", as_int,
          when=_mst),
    Field("mstp.msti.msti_id", "mstp.msti.msti_id",
          lambda r: [m.get("msti_id", 0) for m in r.get("mstis") or []],
          as_int, multi=True),
    Field("mstp.msti.root_cost", "mstp.msti.root_cost",
          lambda r: [m.get("internal_root_path_cost", 0)
                     for m in r.get("mstis") or []], as_int, multi=True),
    Field("mstp.msti.remaining_hops", "mstp.msti.remaining_hops",
          lambda r: [m.get("remaining_hops", 0)
                     for m in r.get("mstis") or []], as_int, multi=True),
    Field("stp.pvst.origvlan", "stp.pvst.origvlan", "originating_vlan",
          as_int),
]

_LLDP_TEXT_PORT = {1, 2, 5, 7}

LLDP = [
    Field("lldp.chassis.subtype", "lldp.chassis.subtype",
          "chassis_id_subtype", as_int),
    Field("lldp.chassis.id.mac", "lldp.chassis.id.mac", "chassis_id_mac",
          as_hex),
    Field("lldp.chassis.id.ip", ("lldp.chassis.id.ip4", "lldp.chassis.id.ip6"),
          "chassis_id_ip", as_ip),
    Field("lldp.port.subtype", "lldp.port.subtype", "port_id_subtype",
          as_int),
    Field("lldp.port.id", (_joined("lldp.port.id"), "lldp.port.id"), "port_id_text", _str,
          when=lambda T, r: r.get("port_id_subtype") in _LLDP_TEXT_PORT),
    Field("lldp.port.id.mac", "lldp.port.id.mac", "port_id_mac", as_hex),
    Field("lldp.port.id.ip", ("lldp.port.id.ip4", "lldp.port.id.ip6"),
          "port_id_ip", as_ip),
    Field("lldp.time_to_live", "lldp.time_to_live", "ttl", as_int),
    Field("lldp.port.desc", (_joined("lldp.port.desc"), "lldp.port.desc"), "port_description",
          _str),
    Field("lldp.tlv.system.name", (_joined("lldp.tlv.system.name"), "lldp.tlv.system.name"),
          "system_name", _str),
    Field("lldp.tlv.system.desc", (_joined("lldp.tlv.system.desc"), "lldp.tlv.system.desc"),
          "system_description", _str, nconv=_tshark_escaped),
    Field("lldp.tlv.system_cap", "lldp.tlv.system_cap",
          "system_capabilities", as_int),
    Field("lldp.tlv.enable_system_cap", "lldp.tlv.enable_system_cap",
          "enabled_capabilities", as_int),
    Field("lldp.mgn.address.subtype", "lldp.mgn.address.subtype",
          lambda r: [m.get("subtype", 0)
                     for m in r.get("management_addresses") or []],
          as_int, multi=True),
    Field("lldp.mgn.interface.number", "lldp.mgn.interface.number",
          lambda r: [m.get("interface_number", 0)
                     for m in r.get("management_addresses") or []],
          as_int, multi=True),
    Field("lldp.tlv.type", "lldp.tlv.type", "tlv_types", as_int, multi=True),
    Field("lldp.orgtlv.oui", "lldp.orgtlv.oui",
          lambda r: [o.get("oui", 0) for o in r.get("org_tlvs") or []],
          as_int, multi=True),
]

CDP = [
    Field("cdp.version", "cdp.version", "version", as_int),
    Field("cdp.ttl", "cdp.ttl", "ttl", as_int),
    Field("cdp.checksum", "cdp.checksum", "checksum", as_int),
    Field("cdp.deviceid", (_joined("cdp.deviceid"), "cdp.deviceid"), "device_id", _str),
    Field("cdp.portid", (_joined("cdp.portid"), "cdp.portid"), "port_id", _str),
    Field("cdp.capabilities", "cdp.capabilities", "capabilities", as_int),
    Field("cdp.software_version", (_joined("cdp.software_version"), "cdp.software_version"),
          "software_version", _str, nconv=_lines),
    Field("cdp.platform", (_joined("cdp.platform"), "cdp.platform"), "platform", _str),
    Field("cdp.vtp_management_domain", (_joined("cdp.vtp_management_domain"), "cdp.vtp_management_domain"),
          "vtp_management_domain", _str),
    Field("cdp.native_vlan", "cdp.native_vlan", "native_vlan", as_int),
    Field("cdp.duplex", "cdp.duplex", "full_duplex", as_bool),
    Field("cdp.voice_vlan", "cdp.voice_vlan", "voice_vlan", as_int),
    Field("cdp.power_consumption", "cdp.power_consumption",
          "power_consumption", as_int),
    Field("cdp.mtu", "cdp.mtu", "mtu", as_int),
    Field("cdp.system_name", (_joined("cdp.system_name"), "cdp.system_name"), "system_name", _str),
    Field("cdp.location", (_joined("cdp.location"), "cdp.location"), "location", _str),
    Field("cdp.nrgyz.ip_address", "cdp.nrgyz.ip_address",
          lambda r: _cdp_addrs(r, 4), as_ip, multi=True),
    Field("cdp.nrgyz.ipv6_address", "cdp.nrgyz.ipv6_address",
          lambda r: _cdp_addrs(r, 6), as_ip, multi=True),
    Field("cdp.tlv.type", "cdp.tlv.type", "tlv_types", as_int, multi=True),
]

EAPOL = [
    Field("eapol.version", "eapol.version", "version", as_int),
    Field("eapol.type", "eapol.type", rtype, as_int),
    Field("eapol.len", "eapol.len", "length", as_int),
]

EAP = [
    Field("eap.code", "eap.code", "code", as_int),
    Field("eap.id", "eap.id", "id", as_int),
    Field("eap.len", "eap.len", "length", as_int),
    Field("eap.type", "eap.type", rtype, as_int),
    Field("eap.identity", (_joined("eap.identity"), "eap.identity"), "identity", _str,
          when=lambda T, r: r.get("code") == 2),
]

MPLS = [
    Field("mpls.label", "mpls.label", "label", as_int),
    Field("mpls.exp", "mpls.exp", "traffic_class", as_int),
    Field("mpls.bottom", "mpls.bottom", "stack_bottom", as_bool),
    Field("mpls.ttl", "mpls.ttl", "ttl", as_int),
]

GROUPS += [
    ("LLC", "llc", "LLC", LLC),
    ("STP", "stp", "STP", STP),
    ("LLDP", "lldp", "LLDP", LLDP),
    ("CDP", "cdp", "CDP", CDP),
    ("EAPOL", "eapol", "EAPOL", EAPOL),
    ("MPLS", "mpls", "MPLS", MPLS),
]
