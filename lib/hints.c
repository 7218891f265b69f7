/* What nc-dump's line shows of the types whose every field would bury
 * the point, a tcpdump line's worth: see nc_hint_summary in hints.h. */
#include "hints.h"

#include <string.h>

static const struct {
	const char *msg, *hint;
} hints[] = {
	{ "DNS", "id= qr?response op_code response_code tc?truncated "
	    "questions= answers= authorities= additionals=" },
	{ "DNSQuestion", "type name" },
	{ "DNSResourceRecord", "type name address_ip ns cname ptr mx txts "
	    "srv soa data udp_payload_size= opt" },
	{ "DNSMX", "preference name" },
	{ "DNSSRV", "priority weight port name" },
	{ "DNSSOA", "mname rname serial" },
	{ "DNSOPT", "code data" },
	{ "DHCPv4", "message_type operation xid= client_mac your_client_ip= "
	    "requested_ip= server_identifier_ip= hostname= domain_name= "
	    "lease_time= routers_ip= dns_servers_ip= options=" },
	{ "DHCPv4Option", "type" },
	{ "DHCPv6", "msg_type transaction_id= relay_msg_type= link_ip= "
	    "peer_ip= options= ia_addresses_ip= prefixes_ip= fqdn= "
	    "status_code=" },
	{ "DHCPv6Option", "code" },
	{ "NTP", "version= mode leap_indicator= stratum= poll= precision= "
	    "reference_id= reference_timestamp= origin_timestamp= "
	    "receive_timestamp= transmit_timestamp= opcode= sequence= "
	    "response?response error?error" },
	{ "LLDP", "chassis_id_mac chassis_id_ip chassis_id_text port_id_mac "
	    "port_id_ip port_id_text ttl= port_description= system_name= "
	    "system_capabilities= enabled_capabilities= "
	    "management_addresses=" },
	{ "LLDPManagementAddress", "address_ip" },
	{ "ICMPv4", "type code id/id seq/seq gateway_ip/gateway mtu/mtu "
	    "quoted?quoted" },
	/* tcpdump's words: "Flags [S.], seq 1, ack 2, win 65535, length 0"
	 * without its commas */
	{ "IPv4", "tos/tos ttl/ttl! id/id! flags frag_offset/offset "
	    "protocol/proto! length/length! options= quoted?quoted" },
	{ "TCP", "flags/Flags! seq/seq ack/ack window/win! urgent/urg "
	    "payload_size/length! quoted?quoted" },
	{ "UDP", "payload_size/length! quoted?quoted" },
	{ "ICMPv6", "type code id/id seq/seq mtu/mtu target_ip/tgt "
	    "quoted?quoted" },
	{ "TLSClientHello", "version sni= alpns= ja4= malformed?malformed "
	    "truncated?truncated" },
	{ "TLSServerHello", "selected_version cipher_suite= alpn= "
	    "hello_retry_request?hello-retry-request ja4s= "
	    "malformed?malformed truncated?truncated" },
	{ "SSH", "direction= ident= software= kex_alg= host_key_alg= "
	    "cipher_alg= hassh=" },
	{ "Connection", "proto service orig_ip:orig_port > "
	    "resp_ip:resp_port conn_state= duration= orig_bytes= "
	    "resp_bytes= history= community_id= end=" },
	{ "Flow", "protocol bidirectional_packets= bidirectional_bytes= "
	    "bidirectional_duration_ms= src2dst_packets= dst2src_packets=" },
};

const char *
nc_hint_summary(const char *msg)
{
	size_t i;

	for (i = 0; i < sizeof hints / sizeof hints[0]; i++)
		if (strcmp(hints[i].msg, msg) == 0)
			return hints[i].hint;
	return NULL;
}

size_t
nc_hint_count(void)
{
	return sizeof hints / sizeof hints[0];
}

const char *
nc_hint_msg(size_t i)
{
	return i < nc_hint_count() ? hints[i].msg : NULL;
}
