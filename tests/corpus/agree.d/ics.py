# Modbus/TCP, EtherNet/IP, CIP, SNMP and Diameter (lib/decode/modbus.c,
# enip.c, cip.c, snmp.c, diameter.c).  tshark shows each Modbus ADU as
# mbtcp (the MBAP header) and modbus (the PDU); both map to one record.


def mb_regs(T, r):
    # tshark lists the registers of 3, 4 and 16 only (23 as raw data).
    return T.count("mbtcp") == 1 and r.get("function_code") in (3, 4, 16)


RECORD_OF["mbtcp"] = "Modbus"
RECORD_OF["modbus"] = "Modbus"
MODBUS = [
    Field("mbtcp.trans_id", "mbtcp.trans_id", "transaction_id", as_int),
    Field("mbtcp.prot_id", "mbtcp.prot_id", "protocol_id", as_int),
    Field("mbtcp.len", "mbtcp.len", "length", as_int),
    Field("mbtcp.unit_id", "mbtcp.unit_id", "unit_id", as_int),
    Field("modbus.func_code", "modbus.func_code", "function_code", as_int),
    Field("modbus.exception_code", "modbus.exception_code", "exception_code",
          as_int),
    Field("modbus.reference_num", ("modbus.reference_num", "modbus.read_reference_num"), "address", as_int),
    Field("modbus.write_reference_num", "modbus.write_reference_num",
          "write_address", as_int),
    # tshark names the quantity by what it counts.
    Field("modbus.quantity",
          ("modbus.bit_cnt", "modbus.word_cnt", "modbus.read_word_cnt"), "quantity", as_int),
    Field("modbus.write_word_cnt", "modbus.write_word_cnt", "write_quantity",
          as_int),
    Field("modbus.byte_cnt", "modbus.byte_cnt", "byte_count", as_int),
    Field("modbus.regval_uint16", "modbus.regval_uint16", "registers",
          as_int, multi=True, when=mb_regs),
    Field("modbus.mei", "modbus.mei", "mei_type", as_int),
    Field("modbus.read_device_id", "modbus.read_device_id", "read_device_id",
          as_int),
    Field("modbus.num_objects", "modbus.num_objects", "num_objects", as_int),
]
GROUPS.append(("Modbus", "mbtcp", "Modbus", MODBUS))


# EtherNet/IP: the first encapsulation message of a segment (tshark's first
# occurrence) against the first ENIP record; item lists only when the
# segment holds one message.
def enip_one(T, r):
    # frame.protocols names enip once however many messages follow.
    return len(T.all("enip.command")) == 1


def is_request(T, r):
    return not r.get("response")


RECORD_OF["enip"] = "ENIP"
ENIP = [
    Field("enip.command", "enip.command", "command", as_int),
    Field("enip.length", "enip.length", "length", as_int),
    Field("enip.session", "enip.session", "session_handle", as_int),
    Field("enip.status", "enip.status", "status", as_int),
    # tshark takes the first 2 context bytes of a ListIdentity request
    # as a delay (enip.listid_delay).
    Field("enip.context", "enip.context", "sender_context",
          lambda v: None if v is None else
          str(v),
          when=lambda T, r: r.get("command") != 0x63 or r.get("response")),
    Field("enip.options", "enip.options", "options", as_int),
    Field("enip.iface", ("enip.srrd.iface", "enip.sud.iface"),
          "interface_handle", as_int),
    Field("enip.timeout", "enip.timeout", "timeout", as_int),
    Field("enip.rs.version", "enip.rs.version", "protocol_version", as_int),
    Field("enip.rs.flags", "enip.rs.flags", "option_flags", as_int),
    Field("enip.cpf.itemcount", "enip.cpf.itemcount", "item_count", as_int),
    Field("enip.cpf.typeid", "enip.cpf.typeid", "item_types", as_int,
          multi=True, when=enip_one),
    Field("enip.cpf.length", "enip.cpf.length", "item_lengths", as_int,
          multi=True, when=enip_one),
    Field("enip.cpf.cai.connid", ("enip.cpf.cai.connid", "enip.cpf.sai.connid"),
          "connection_id", as_int),
    Field("enip.cpf.sai.seq", "enip.cpf.sai.seq", "encap_sequence", as_int),
    Field("cip.seq", "cip.seq", "sequence_count", as_int),
    Field("enip.lir.vendor", "enip.lir.vendor",
          lambda r: (r.get("identities") or [{}])[0].get("vendor_id"),
          as_int),
    Field("enip.lir.serial", "enip.lir.serial",
          lambda r: (r.get("identities") or [{}])[0].get("serial_number"),
          as_int),
    Field("enip.lir.name", "enip.lir.name",
          lambda r: (r.get("identities") or [{}])[0].get("product_name"),
          lambda v: v),
]
GROUPS.append(("ENIP", "enip", "ENIP", ENIP))

# Implicit I/O on UDP 2222 is "cipio" to tshark, without "enip": one
# record type cannot stand for two tshark protocols here, so
# tests/bats/dec-ics.bats compares it.

# CIP: the first message of the packet.  For a response tshark copies
# class, instance and attribute from its request; the record keeps only
# what the message says.
RECORD_OF["cip"] = "CIP"
CIP = [
    Field("cip.sc", "cip.sc", "service", as_int),
    Field("cip.rr", "cip.rr", "response", as_bool),
    Field("cip.request_path_size", "cip.request_path_size", "path_size",
          as_int, when=is_request),
    Field("cip.class", "cip.class", "class_id", as_int, when=is_request),
    Field("cip.instance", "cip.instance", "instance_id", as_int,
          when=is_request),
    Field("cip.attribute", "cip.attribute", "attribute_id", as_int,
          when=is_request),
    # A Multiple Service Packet has no symbol; tshark's first is from a
    # service inside it.
    Field("cip.symbol", "cip.symbol", "symbol", lambda v: v or None,
          when=lambda T, r: is_request(T, r) and r.get("service") != 10),
    Field("cip.genstat", "cip.genstat", "general_status", as_int),
    Field("cip.addstat_size", "cip.addstat_size",
          lambda r: len(r.get("additional_status") or []) if r.get("response")
          else None, as_int),
]
GROUPS.append(("CIP", "cip", "CIP", CIP))


# SNMP: varbind lists only as names and integer-like values.
def snmp_vb(key):
    return lambda r: [v.get(key) for v in r.get("varbinds") or []
                      if v.get(key) is not None]


def as_str(v):
    return None if v is None or v == "" else str(v)


RECORD_OF["snmp"] = "SNMP"
SNMP = [
    Field("snmp.version", ("snmp.version", "snmp.msgVersion"), "version",
          as_int),
    Field("snmp.community", "snmp.community", "community", as_str),
    Field("snmp.data", "snmp.data", "pdu_type", as_int),
    Field("snmp.request_id", "snmp.request_id", "request_id", as_int),
    Field("snmp.error_status", ("snmp.error_status", "snmp.non_repeaters"),
          "error_status", as_int),
    Field("snmp.error_index", ("snmp.error_index", "snmp.max_repetitions"),
          "error_index", as_int),
    Field("snmp.enterprise", "snmp.enterprise", "enterprise", as_str),
    Field("snmp.agent_addr", "snmp.agent_addr", "agent_addr_ip", as_ip),
    Field("snmp.generic_trap", "snmp.generic_trap", "generic_trap", as_int),
    Field("snmp.specific_trap", "snmp.specific_trap", "specific_trap",
          as_int),
    Field("snmp.time_stamp", "snmp.time_stamp", "time_stamp", as_int),
    Field("snmp.name", "snmp.name", snmp_vb("oid"), as_str, multi=True),
    Field("snmp.value.oid", "snmp.value.oid", snmp_vb("value_oid"),
          as_str, multi=True, nconv=lambda l: [x for x in l if x]),
    Field("snmp.value.int", "snmp.value.int", snmp_vb("value_int"), as_int,
          multi=True),
    Field("snmp.msgID", "snmp.msgID", "msg_id", as_int),
    Field("snmp.msgMaxSize", "snmp.msgMaxSize", "msg_max_size", as_int),
    Field("snmp.msgSecurityModel", "snmp.msgSecurityModel",
          "msg_security_model", as_int),
    Field("snmp.msgAuthoritativeEngineBoots",
          "snmp.msgAuthoritativeEngineBoots", "engine_boots", as_int),
    Field("snmp.msgAuthoritativeEngineTime",
          "snmp.msgAuthoritativeEngineTime", "engine_time", as_int),
    Field("snmp.msgUserName", "snmp.msgUserName", "user_name", as_str),
]
GROUPS.append(("SNMP", "snmp", "SNMP", SNMP))


# Diameter: the first message of a segment.
def diam_avp(key):
    return lambda r: [a.get(key) for a in r.get("avps") or []]


RECORD_OF["diameter"] = "Diameter"
DIAMETER = [
    Field("diameter.version", "diameter.version", "version", as_int),
    Field("diameter.length", "diameter.length", "length", as_int),
    Field("diameter.flags", "diameter.flags", "flags", as_int),
    Field("diameter.cmd.code", "diameter.cmd.code", "command_code", as_int),
    Field("diameter.applicationId", "diameter.applicationId",
          "application_id", as_int),
    Field("diameter.hopbyhopid", "diameter.hopbyhopid", "hop_by_hop_id",
          as_int),
    Field("diameter.endtoendid", "diameter.endtoendid", "end_to_end_id",
          as_int),
    Field("diameter.Session-Id", "diameter.Session-Id", "session_id", as_str),
    Field("diameter.Origin-Host", "diameter.Origin-Host", "origin_host",
          as_str),
    Field("diameter.Origin-Realm", "diameter.Origin-Realm", "origin_realm",
          as_str),
    Field("diameter.Destination-Realm", "diameter.Destination-Realm",
          "destination_realm", as_str),
    Field("diameter.Result-Code", "diameter.Result-Code", "result_code",
          as_int),
]
GROUPS.append(("Diameter", "diameter", "Diameter", DIAMETER))
