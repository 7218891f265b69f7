# Tunnels and routing protocols (lib/decode/gre.c, vxlan.c, geneve.c,
# ipsec_ah.c, ipsec_esp.c, ospf.c, vrrp.c, sctp.c) and the IGMPv3 source
# fields of igmp.c.  The headers inside a tunnel are not compared here:
# agree compares the first occurrence of each field with the first
# record (the outermost); tests/bats/dec-tun.bats compares the inner ones.
# tshark names both OSPF versions "ospf"; GROUP_WHEN tells the two apart
# by ospf.version.

RECORD_OF.update({
    "gre": "GRE",
    "vxlan": "VXLAN",
    "geneve": "Geneve",
    "ah": "IPSecAH",
    "esp": "IPSecESP",
    "ospf": "OSPFv2",
    "vrrp": "VRRPv2",
    "sctp": "SCTP",
})

# ERSPAN's header is part of the GRE record; the mirrored frame follows.
TRANSPARENT.add("erspan")


def _b64hex(v):
    return v if v else None


def _gre_v(T, *vs):
    return as_int(T.first("gre.flags.version")) in vs


GRE = [
    Field("gre.flags_and_version", "gre.flags_and_version",
          "flags_and_version", as_int),
    Field("gre.flags.checksum", "gre.flags.checksum", "checksum_present",
          as_bool),
    Field("gre.flags.routing", "gre.flags.routing", "routing_present",
          as_bool),
    Field("gre.flags.key", "gre.flags.key", "key_present", as_bool),
    Field("gre.flags.sequence_number", "gre.flags.sequence_number",
          "seq_present", as_bool),
    Field("gre.flags.strict_source_route", "gre.flags.strict_source_route",
          "strict_source_route", as_bool),
    Field("gre.flags.recursion_control", "gre.flags.recursion_control",
          "recursion_control", as_int),
    Field("gre.flags.ack", "gre.flags.ack", "ack_present", as_bool,
          when=lambda T, r: _gre_v(T, 1)),
    Field("gre.flags.version", "gre.flags.version", "version", as_int),
    Field("gre.proto", "gre.proto", "protocol", as_int),
    Field("gre.checksum", "gre.checksum", "checksum", as_int),
    Field("gre.offset", "gre.offset", "offset", as_int),
    Field("gre.key", "gre.key", "key", as_int,
          when=lambda T, r: _gre_v(T, 0)),
    Field("gre.key.payload_length", "gre.key.payload_length",
          "payload_length", as_int),
    Field("gre.key.call_id", "gre.key.call_id", "call_id", as_int),
    Field("gre.sequence_number", "gre.sequence_number", "seq", as_int),
    Field("gre.ack_number", "gre.ack_number", "ack", as_int),
    Field("erspan.version", "erspan.version", "erspan_version", as_int),
    Field("erspan.spanid", "erspan.spanid", "erspan_session_id", as_int),
]

VXLAN = [
    Field("vxlan.flags", "vxlan.flags", "flags", as_int),
    Field("vxlan.flag_i", "vxlan.flag_i", "valid_id_flag", as_bool),
    Field("vxlan.flag_g", "vxlan.flag_g", "gbp_extension", as_bool,
          when=lambda T, r: T.first("vxlan.flag_g") is not None),
    Field("vxlan.gbp", "vxlan.gbp", "gbp_group_policy_id", as_int,
          when=lambda T, r: T.first("vxlan.gbp") is not None),
    Field("vxlan.vni", "vxlan.vni", "vni", as_int),
]

GENEVE = [
    Field("geneve.version", "geneve.version", "version", as_int),
    Field("geneve.flags.oam", "geneve.flags.oam", "oam_packet", as_bool),
    Field("geneve.flags.critical", "geneve.flags.critical",
          "critical_option", as_bool),
    Field("geneve.proto_type", "geneve.proto_type", "protocol", as_int),
    Field("geneve.vni", "geneve.vni", "vni", as_int),
    Field("geneve.option.class", "geneve.option.class",
          lambda r: [o.get("class") for o in r.get("options") or []],
          as_int, multi=True),
    Field("geneve.option.type", "geneve.option.type",
          lambda r: [rtype(o) for o in r.get("options") or []], as_int,
          multi=True),
]

AH = [
    Field("ah.next_header", "ah.next_header", "next_header", as_int),
    Field("ah.length", "ah.length", "payload_length", as_int),
    Field("ah.spi", "ah.spi", "spi", as_int),
    Field("ah.sequence", "ah.sequence", "seq", as_int),
    Field("ah.icv", "ah.icv", "icv", as_hex, nconv=_b64hex),
]

ESP = [
    Field("esp.spi", "esp.spi", "spi", as_int),
    Field("esp.sequence", "esp.sequence", "seq", as_int),
]


def _ospf_is(*types):
    return lambda T, r: as_int(T.first("ospf.msg")) in types


def _lsa(key):
    return lambda r: [l.get(key) for l in r.get("lsas") or []]


def _lsa_types(r):
    return [rtype(l) for l in r.get("lsas") or []]


OSPF_COMMON = [
    Field("ospf.version", "ospf.version", "version", as_int),
    Field("ospf.msg", "ospf.msg", rtype, as_int),
    Field("ospf.packet_length", "ospf.packet_length", "packet_length",
          as_int),
    Field("ospf.srcrouter", "ospf.srcrouter", "router_id_ip", as_ip),
    Field("ospf.area_id", "ospf.area_id", "area_id_ip", as_ip),
    Field("ospf.checksum", "ospf.checksum", "checksum", as_int),
    Field("ospf.hello.hello_interval", "ospf.hello.hello_interval",
          "hello_interval", as_int, when=_ospf_is(1)),
    Field("ospf.hello.router_priority", "ospf.hello.router_priority",
          "priority", as_int, when=_ospf_is(1)),
    Field("ospf.hello.router_dead_interval",
          "ospf.hello.router_dead_interval", "dead_interval", as_int,
          when=_ospf_is(1)),
    Field("ospf.hello.designated_router", "ospf.hello.designated_router",
          "dr_ip", as_ip, when=_ospf_is(1)),
    Field("ospf.hello.backup_designated_router",
          "ospf.hello.backup_designated_router", "bdr_ip", as_ip,
          when=_ospf_is(1)),
    Field("ospf.hello.active_neighbor", "ospf.hello.active_neighbor",
          "neighbors_ip", as_ip, when=_ospf_is(1), multi=True),
    Field("ospf.db.interface_mtu", "ospf.db.interface_mtu",
          "interface_mtu", as_int, when=_ospf_is(2)),
    Field("ospf.dbd", "ospf.dbd", "dd_flags", as_int, when=_ospf_is(2)),
    Field("ospf.db.dd_sequence", "ospf.db.dd_sequence", "dd_sequence",
          as_int, when=_ospf_is(2)),
    Field("ospf.ls.number_of_lsas", "ospf.ls.number_of_lsas", "num_lsas",
          as_int, when=_ospf_is(4)),
    Field("ospf.lsa.age", "ospf.lsa.age", _lsa("age"), as_int,
          when=_ospf_is(2, 4, 5), multi=True),
    Field("ospf.advrouter", "ospf.advrouter", _lsa("adv_router_ip"), as_ip,
          when=_ospf_is(2, 3, 4, 5), multi=True),
    Field("ospf.lsa.seqnum", "ospf.lsa.seqnum", _lsa("seq_num"), as_int,
          when=_ospf_is(2, 4, 5), multi=True),
    Field("ospf.lsa.chksum", "ospf.lsa.chksum", _lsa("checksum"), as_int,
          when=_ospf_is(2, 4, 5), multi=True),
    Field("ospf.lsa.length", "ospf.lsa.length", _lsa("length"), as_int,
          when=_ospf_is(2, 4, 5), multi=True),
]

OSPFV2 = OSPF_COMMON + [
    Field("ospf.auth.type", "ospf.auth.type", "au_type", as_int),
    Field("ospf.hello.network_mask", "ospf.hello.network_mask",
          "network_mask_ip", as_ip, when=_ospf_is(1)),
    Field("ospf.v2.options", "ospf.v2.options", "options", as_int,
          when=_ospf_is(1, 2)),
    Field("ospf.lsa", "ospf.lsa", _lsa_types, as_int,
          when=_ospf_is(2, 3, 4, 5), multi=True),
]

OSPFV3 = OSPF_COMMON + [
    Field("ospf.instance_id", "ospf.instance_id", "instance_id", as_int),
    Field("ospf.hello.interface_id", "ospf.hello.interface_id",
          "interface_id", as_int, when=_ospf_is(1)),
    Field("ospf.v3.options", "ospf.v3.options", "options", as_int,
          when=_ospf_is(1, 2)),
]


def _ospf_version(v):
    return lambda T: as_int(T.first("ospf.version")) == v


GROUP_WHEN["OSPFv2"] = _ospf_version(2)
GROUP_WHEN["OSPFv3"] = _ospf_version(3)


def _vrrp_v(*vs):
    return lambda T, r: as_int(T.first("vrrp.version")) in vs


VRRP = [
    Field("vrrp.version", "vrrp.version", "version", as_int),
    Field("vrrp.type", "vrrp.type", rtype, as_int),
    Field("vrrp.virt_rtr_id", "vrrp.virt_rtr_id", "virtual_rtr_id", as_int),
    Field("vrrp.prio", "vrrp.prio", "priority", as_int),
    Field("vrrp.addr_count", "vrrp.addr_count", "count_ip_addrs", as_int),
    Field("vrrp.checksum", "vrrp.checksum", "checksum", as_int),
    Field("vrrp.auth_type", "vrrp.auth_type", "auth_type", as_int,
          when=_vrrp_v(2)),
    Field("vrrp.adver_int", "vrrp.adver_int", "adver_int", as_int,
          when=_vrrp_v(2)),
    Field("vrrp.short_adver_int", "vrrp.short_adver_int", "max_adver_int",
          as_int, when=_vrrp_v(3)),
    Field("vrrp.ip_addr", ("vrrp.ip_addr", "vrrp.ipv6_addr"),
          "addresses_ip", as_ip, multi=True),
]


def _chunks(key, types=None):
    return lambda r: [c.get(key) for c in r.get("chunks") or []
                      if (types is None or rtype(c) in types) and
                      c.get(key) is not None]


SCTP = [
    Field("sctp.srcport", "sctp.srcport", "src_port", as_int),
    Field("sctp.dstport", "sctp.dstport", "dst_port", as_int),
    Field("sctp.verification_tag", "sctp.verification_tag",
          "verification_tag", as_int),
    Field("sctp.checksum", "sctp.checksum", "checksum", as_int),
    Field("sctp.chunk_type", "sctp.chunk_type",
          lambda r: [rtype(c) for c in r.get("chunks") or []], as_int,
          multi=True),
    Field("sctp.chunk_flags", "sctp.chunk_flags", _chunks("flags"), as_int,
          multi=True),
    Field("sctp.chunk_length", "sctp.chunk_length", _chunks("length"),
          as_int, multi=True),
    Field("sctp.data_tsn_raw", "sctp.data_tsn_raw", _chunks("tsn"), as_int,
          multi=True),
    Field("sctp.data_sid", "sctp.data_sid", _chunks("stream_id"), as_int,
          multi=True),
    Field("sctp.data_ssn", "sctp.data_ssn", _chunks("stream_seq"), as_int,
          multi=True),
    Field("sctp.data_payload_proto_id", "sctp.data_payload_proto_id",
          _chunks("ppid"), as_int, multi=True),
    Field("sctp.init_initiate_tag", "sctp.init_initiate_tag",
          _chunks("initiate_tag", (1,)), as_int, multi=True),
    Field("sctp.initack_initiate_tag", "sctp.initack_initiate_tag",
          _chunks("initiate_tag", (2,)), as_int, multi=True),
    Field("sctp.init_initial_tsn", "sctp.init_initial_tsn",
          _chunks("initial_tsn", (1,)), as_int, multi=True),
    Field("sctp.sack_cumulative_tsn_ack_raw",
          "sctp.sack_cumulative_tsn_ack_raw", _chunks("cum_tsn_ack"),
          as_int, multi=True),
]

GROUPS += [
    ("GRE", "gre", "GRE", GRE),
    ("VXLAN", "vxlan", "VXLAN", VXLAN),
    ("Geneve", "geneve", "Geneve", GENEVE),
    ("IPSecAH", "ah", "IPSecAH", AH),
    ("IPSecESP", "esp", "IPSecESP", ESP),
    ("OSPFv2", "ospf", "OSPFv2", OSPFV2),
    ("OSPFv3", "ospf", "OSPFv3", OSPFV3),
    ("VRRP", "vrrp", "VRRPv2", VRRP),
    ("SCTP", "sctp", "SCTP", SCTP),
]


def _igmp_v3(report):
    return lambda T, r: igmp_is_v3(T, r, report)


IGMP += [
    Field("igmp.num_src", "igmp.num_src", "record_num_sources", as_int,
          when=_igmp_v3(True), multi=True),
    Field("igmp.aux_data_len", "igmp.aux_data_len", "record_aux_lens",
          as_int, when=_igmp_v3(True), multi=True),
    Field("igmp.saddr", "igmp.saddr", "sources_ip", as_ip,
          when=lambda T, r: ttype(T, "igmp.type") in (0x11, 0x22),
          multi=True),
]
