/* Names for coded values, from the protocols' registries: IANA DNS
 * parameters (RFC 1035, 2136, 6891, 9460), DHCP (RFC 2131, 2132, 8415),
 * ICMP (RFC 792, 1812) and ICMPv6 (RFC 4443, 4861, 3810), ARP (RFC 826,
 * 903, 2390), NTP (RFC 5905), DHCP options (IANA's BOOTP and DHCPv6
 * parameter registries), LLDP capabilities (IEEE 802.1AB 8.5.8) and
 * TLS versions (RFC 8446, 9147).
 * Each table is sorted by value. */
#include "names.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define N(t) t, sizeof t / sizeof t[0], NC_NAMES_VALUES
#define BITS(t) t, sizeof t / sizeof t[0], NC_NAMES_BITS

static const struct nc_name dns_type[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" },
	{ 13, "HINFO" }, { 15, "MX" }, { 16, "TXT" }, { 17, "RP" },
	{ 18, "AFSDB" }, { 24, "SIG" }, { 25, "KEY" }, { 28, "AAAA" },
	{ 29, "LOC" }, { 33, "SRV" }, { 35, "NAPTR" }, { 36, "KX" },
	{ 37, "CERT" }, { 39, "DNAME" }, { 41, "OPT" }, { 42, "APL" },
	{ 43, "DS" }, { 44, "SSHFP" }, { 45, "IPSECKEY" }, { 46, "RRSIG" },
	{ 47, "NSEC" }, { 48, "DNSKEY" }, { 49, "DHCID" }, { 50, "NSEC3" },
	{ 51, "NSEC3PARAM" }, { 52, "TLSA" }, { 53, "SMIMEA" },
	{ 55, "HIP" }, { 59, "CDS" }, { 60, "CDNSKEY" },
	{ 61, "OPENPGPKEY" }, { 62, "CSYNC" }, { 63, "ZONEMD" },
	{ 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" }, { 249, "TKEY" },
	{ 250, "TSIG" }, { 251, "IXFR" }, { 252, "AXFR" }, { 255, "ANY" },
	{ 256, "URI" }, { 257, "CAA" },
};

static const struct nc_name dns_opcode[] = {
	{ 0, "QUERY" }, { 1, "IQUERY" }, { 2, "STATUS" }, { 4, "NOTIFY" },
	{ 5, "UPDATE" }, { 6, "DSO" },
};

static const struct nc_name dns_rcode[] = {
	{ 0, "NOERROR" }, { 1, "FORMERR" }, { 2, "SERVFAIL" },
	{ 3, "NXDOMAIN" }, { 4, "NOTIMP" }, { 5, "REFUSED" },
	{ 6, "YXDOMAIN" }, { 7, "YXRRSET" }, { 8, "NXRRSET" },
	{ 9, "NOTAUTH" }, { 10, "NOTZONE" }, { 16, "BADVERS" },
};

static const struct nc_name bootp_op[] = {
	{ 1, "BOOTREQUEST" }, { 2, "BOOTREPLY" },
};

static const struct nc_name dhcp_type[] = {
	{ 1, "DISCOVER" }, { 2, "OFFER" }, { 3, "REQUEST" }, { 4, "DECLINE" },
	{ 5, "ACK" }, { 6, "NAK" }, { 7, "RELEASE" }, { 8, "INFORM" },
	{ 9, "FORCERENEW" }, { 10, "LEASEQUERY" }, { 11, "LEASEUNASSIGNED" },
	{ 12, "LEASEUNKNOWN" }, { 13, "LEASEACTIVE" },
};

static const struct nc_name dhcpv6_type[] = {
	{ 1, "SOLICIT" }, { 2, "ADVERTISE" }, { 3, "REQUEST" },
	{ 4, "CONFIRM" }, { 5, "RENEW" }, { 6, "REBIND" }, { 7, "REPLY" },
	{ 8, "RELEASE" }, { 9, "DECLINE" }, { 10, "RECONFIGURE" },
	{ 11, "INFORMATION-REQUEST" }, { 12, "RELAY-FORW" },
	{ 13, "RELAY-REPL" },
};

static const struct nc_name icmp4_type[] = {
	{ 0, "echo-reply" }, { 3, "unreachable" }, { 4, "source-quench" },
	{ 5, "redirect" }, { 8, "echo-request" },
	{ 9, "router-advertisement" }, { 10, "router-solicitation" },
	{ 11, "time-exceeded" }, { 12, "parameter-problem" },
	{ 13, "timestamp" }, { 14, "timestamp-reply" },
	{ 17, "address-mask-request" }, { 18, "address-mask-reply" },
};

#define C(type, code) ((uint32_t)(type) << 16 | (code))

static const struct nc_name icmp4_code[] = {
	{ C(3, 0), "net-unreachable" }, { C(3, 1), "host-unreachable" },
	{ C(3, 2), "protocol-unreachable" }, { C(3, 3), "port-unreachable" },
	{ C(3, 4), "fragmentation-needed" },
	{ C(3, 5), "source-route-failed" },
	{ C(3, 6), "net-unknown" }, { C(3, 7), "host-unknown" },
	{ C(3, 8), "source-host-isolated" },
	{ C(3, 9), "net-prohibited" }, { C(3, 10), "host-prohibited" },
	{ C(3, 11), "net-tos-unreachable" },
	{ C(3, 12), "host-tos-unreachable" },
	{ C(3, 13), "admin-prohibited" },
	{ C(3, 14), "host-precedence-violation" },
	{ C(3, 15), "precedence-cutoff" },
	{ C(5, 0), "redirect-net" }, { C(5, 1), "redirect-host" },
	{ C(5, 2), "redirect-tos-net" }, { C(5, 3), "redirect-tos-host" },
	{ C(11, 0), "ttl-exceeded" }, { C(11, 1), "reassembly-exceeded" },
	{ C(12, 0), "pointer" }, { C(12, 1), "missing-option" },
	{ C(12, 2), "bad-length" },
};

static const struct nc_name icmp6_type[] = {
	{ 1, "unreachable" }, { 2, "packet-too-big" },
	{ 3, "time-exceeded" }, { 4, "parameter-problem" },
	{ 128, "echo-request" }, { 129, "echo-reply" },
	{ 130, "mld-query" }, { 131, "mld-report" }, { 132, "mld-done" },
	{ 133, "router-solicitation" }, { 134, "router-advertisement" },
	{ 135, "neighbor-solicitation" }, { 136, "neighbor-advertisement" },
	{ 137, "redirect" }, { 143, "mldv2-report" },
};

static const struct nc_name icmp6_code[] = {
	{ C(1, 0), "no-route" }, { C(1, 1), "admin-prohibited" },
	{ C(1, 2), "beyond-scope" }, { C(1, 3), "address-unreachable" },
	{ C(1, 4), "port-unreachable" }, { C(1, 5), "source-policy-failed" },
	{ C(1, 6), "reject-route" },
	{ C(3, 0), "hop-limit-exceeded" }, { C(3, 1), "reassembly-exceeded" },
	{ C(4, 0), "bad-header-field" }, { C(4, 1), "unknown-next-header" },
	{ C(4, 2), "unknown-option" },
};

static const struct nc_name arp_op[] = {
	{ 1, "request" }, { 2, "reply" }, { 3, "rarp-request" },
	{ 4, "rarp-reply" }, { 8, "inarp-request" }, { 9, "inarp-reply" },
};

static const struct nc_name ntp_mode[] = {
	{ 0, "reserved" }, { 1, "symmetric-active" },
	{ 2, "symmetric-passive" }, { 3, "client" }, { 4, "server" },
	{ 5, "broadcast" }, { 6, "control" }, { 7, "private" },
};

/* IANA's names, shortened where the registry spells out a phrase. */
static const struct nc_name dhcp_option[] = {
	{ 0, "Pad" }, { 1, "Subnet-Mask" }, { 2, "Time-Offset" },
	{ 3, "Router" }, { 4, "Time-Server" }, { 5, "Name-Server" },
	{ 6, "Domain-Server" }, { 7, "Log-Server" }, { 12, "Hostname" },
	{ 13, "Boot-File-Size" }, { 15, "Domain-Name" }, { 26, "MTU" },
	{ 28, "Broadcast-Address" }, { 31, "Router-Discovery" },
	{ 33, "Static-Route" }, { 42, "NTP-Servers" },
	{ 43, "Vendor-Specific" }, { 44, "NETBIOS-Name-Server" },
	{ 46, "NETBIOS-Node-Type" }, { 47, "NETBIOS-Scope" },
	{ 50, "Requested-Address" }, { 51, "Lease-Time" },
	{ 52, "Overload" }, { 53, "DHCP-Message-Type" },
	{ 54, "Server-Identifier" }, { 55, "Parameter-List" },
	{ 56, "DHCP-Message" }, { 57, "DHCP-Max-Message-Size" },
	{ 58, "Renewal-Time" }, { 59, "Rebinding-Time" },
	{ 60, "Class-Id" }, { 61, "Client-Id" }, { 66, "TFTP-Server" },
	{ 67, "Bootfile-Name" }, { 77, "User-Class" },
	{ 81, "Client-FQDN" }, { 82, "Relay-Agent-Information" },
	{ 119, "Domain-Search" }, { 121, "Classless-Static-Route" },
	{ 125, "Vendor-Identifying-Vendor-Specific" }, { 255, "End" },
};

/* IANA's OPTION_ names without the prefix (RFC 8415 21 and later). */
static const struct nc_name dhcpv6_option[] = {
	{ 1, "CLIENTID" }, { 2, "SERVERID" }, { 3, "IA_NA" }, { 4, "IA_TA" },
	{ 5, "IAADDR" }, { 6, "ORO" }, { 7, "PREFERENCE" },
	{ 8, "ELAPSED_TIME" }, { 9, "RELAY_MSG" }, { 11, "AUTH" },
	{ 12, "UNICAST" }, { 13, "STATUS_CODE" }, { 14, "RAPID_COMMIT" },
	{ 15, "USER_CLASS" }, { 16, "VENDOR_CLASS" }, { 17, "VENDOR_OPTS" },
	{ 18, "INTERFACE_ID" }, { 19, "RECONF_MSG" },
	{ 20, "RECONF_ACCEPT" }, { 21, "SIP_SERVER_D" },
	{ 22, "SIP_SERVER_A" }, { 23, "DNS_SERVERS" },
	{ 24, "DOMAIN_LIST" }, { 25, "IA_PD" }, { 26, "IAPREFIX" },
	{ 31, "SNTP_SERVERS" }, { 32, "INFORMATION_REFRESH_TIME" },
	{ 39, "CLIENT_FQDN" }, { 56, "NTP_SERVER" }, { 82, "SOL_MAX_RT" },
	{ 83, "INF_MAX_RT" },
};

/* One bit each, as tcpdump's LLDP printer names them. */
static const struct nc_name lldp_cap[] = {
	{ 0x001, "Other" }, { 0x002, "Repeater" }, { 0x004, "Bridge" },
	{ 0x008, "WLAN AP" }, { 0x010, "Router" }, { 0x020, "Telephone" },
	{ 0x040, "Docsis" }, { 0x080, "Station Only" },
	{ 0x100, "C-VLAN" }, { 0x200, "S-VLAN" }, { 0x400, "TPMR" },
};

static const struct nc_name tls_version[] = {
	{ 0x0002, "SSL 2.0" }, { 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" },
	{ 0x0302, "TLS 1.1" }, { 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
	{ 0xfefc, "DTLS 1.3" }, { 0xfefd, "DTLS 1.2" }, { 0xfeff, "DTLS 1.0" },
};

static const struct nc_names tables[] = {
	{ "DNSQuestion", "type", NULL, N(dns_type) },
	{ "DNSResourceRecord", "type", NULL, N(dns_type) },
	{ "DNS", "op_code", NULL, N(dns_opcode) },
	{ "DNS", "response_code", NULL, N(dns_rcode) },
	{ "DHCPv4", "operation", NULL, N(bootp_op) },
	{ "DHCPv4", "message_type", NULL, N(dhcp_type) },
	{ "DHCPv6", "msg_type", NULL, N(dhcpv6_type) },
	{ "DHCPv6", "relay_msg_type", NULL, N(dhcpv6_type) },
	{ "ICMPv4", "type", NULL, N(icmp4_type) },
	{ "ICMPv4", "code", "type", N(icmp4_code) },
	{ "ICMPv6", "type", NULL, N(icmp6_type) },
	{ "ICMPv6", "code", "type", N(icmp6_code) },
	{ "ARP", "operation", NULL, N(arp_op) },
	{ "NTP", "mode", NULL, N(ntp_mode) },
	{ "DHCPv4Option", "type", NULL, N(dhcp_option) },
	{ "DHCPv6Option", "code", NULL, N(dhcpv6_option) },
	{ "LLDP", "system_capabilities", NULL, BITS(lldp_cap) },
	{ "LLDP", "enabled_capabilities", NULL, BITS(lldp_cap) },
	{ "TLSClientHello", "record_version", NULL, N(tls_version) },
	{ "TLSClientHello", "version", NULL, N(tls_version) },
	{ "TLSServerHello", "record_version", NULL, N(tls_version) },
	{ "TLSServerHello", "version", NULL, N(tls_version) },
	{ "TLSServerHello", "selected_version", NULL, N(tls_version) },
	{ "NTP", "reference_id", "stratum", NULL, 0, NC_NAMES_REFID },
	{ "NTP", "reference_timestamp", NULL, NULL, 0, NC_NAMES_NTPTIME },
	{ "NTP", "origin_timestamp", NULL, NULL, 0, NC_NAMES_NTPTIME },
	{ "NTP", "receive_timestamp", NULL, NULL, 0, NC_NAMES_NTPTIME },
	{ "NTP", "transmit_timestamp", NULL, NULL, 0, NC_NAMES_NTPTIME },
};

/* Identifiers read in hex: checksums of every type, and these. */
static const struct {
	const char *msg, *field;
} hex[] = {
	{ "Ethernet", "ethertype" }, { "Dot1Q", "tpid" }, { "Dot1Q", "type" },
	{ "LLDP", "system_capabilities" }, { "LLDP", "enabled_capabilities" },
	{ "IPv4", "tos" }, { "IPv6", "traffic_class" }, { "IPv6", "flow_label" },
	{ "TLSServerHello", "cipher_suite" },
	{ "ARP", "protocol" }, { "DHCPv4", "xid" },
	{ "DHCPv6", "transaction_id" }, { "GRE", "protocol" },
	{ "Geneve", "protocol" },
};

const struct nc_names *
nc_names_for(const char *msg, const char *field)
{
	size_t i;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(tables[i].msg, msg) == 0 &&
		    strcmp(tables[i].field, field) == 0)
			return &tables[i];
	return NULL;
}

const char *
nc_names_suffix(const struct nc_names *t)
{
	switch (t->kind) {
	case NC_NAMES_REFID:
		return "_text";
	case NC_NAMES_NTPTIME:
		return "_time";
	default:
		return "_name";
	}
}

const char *
nc_names_get(const struct nc_names *t, uint32_t value, uint32_t by)
{
	uint32_t key = t->by != NULL ? by << 16 | (value & 0xffff) : value;
	unsigned lo = 0, hi = t->n, mid;

	if (t->by != NULL && (value > 0xffff || by > 0xffff))
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].value == key)
			return t->v[mid].name;
		if (t->v[mid].value < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* RFC 5905 7.3: at stratum 0 (a kiss code such as RATE) and 1 (the
 * reference clock: GPS, PPS ...) four ASCII characters, left-justified
 * and padded with NUL; above, the server's IPv4 address (for IPv6, the
 * first four bytes of a hash of it, which tcpdump also shows dotted). */
static const char *
refid(uint32_t v, uint32_t stratum, char buf[NC_NAMES_BUF])
{
	int i, n = 4;

	if (stratum >= 2) {
		snprintf(buf, NC_NAMES_BUF, "%u.%u.%u.%u", v >> 24,
		    v >> 16 & 255, v >> 8 & 255, v & 255);
		return buf;
	}
	while (n > 0 && (v >> (8 * (4 - n)) & 255) == 0)
		n--;
	if (n == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		buf[i] = (char)(v >> (24 - 8 * i) & 255);
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int
nc_names_ntp_ns(uint64_t v, int64_t *ns)
{
	/* 1900 to 1970 is 2208988800 s; era 1 starts 2^32 s after 1900. */
	int64_t sec = (int64_t)(v >> 32) - 2208988800;
	uint64_t frac = v & 0xffffffffu;

	if (v == 0)
		return -1;
	if (!(v >> 63))
		sec += (int64_t)1 << 32;
	*ns = sec * 1000000000 + (int64_t)((frac * 1000000000u) >> 32);
	return 0;
}

const char *
nc_names_text(const struct nc_names *t, uint64_t value, uint32_t by,
    char buf[NC_NAMES_BUF])
{
	size_t len = 0, k;
	uint64_t rest = value;
	unsigned i;

	if (t->kind == NC_NAMES_REFID)
		return value > 0xffffffffu ? NULL :
		    refid((uint32_t)value, by, buf);
	if (t->kind == NC_NAMES_NTPTIME)
		return NULL;
	if (t->kind == NC_NAMES_VALUES)
		return value > 0xffffffffu ? NULL :
		    nc_names_get(t, (uint32_t)value, by);
	if (value == 0)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < t->n; i++) {
		if (!(value & t->v[i].value))
			continue;
		rest &= ~t->v[i].value;
		k = strlen(t->v[i].name);
		/* 11 names of at most 12 bytes each fit with room over. */
		if (len + k + 3 > NC_NAMES_BUF)
			break;
		if (len > 0) {
			memcpy(buf + len, ", ", 2);
			len += 2;
		}
		memcpy(buf + len, t->v[i].name, k + 1);
		len += k;
	}
	if (rest != 0 && len + 22 <= NC_NAMES_BUF)
		snprintf(buf + len, NC_NAMES_BUF - len, "%s0x%llx",
		    len > 0 ? ", " : "", (unsigned long long)rest);
	return buf;
}

int
nc_names_hex(const char *msg, const char *field)
{
	size_t i, n = strlen(field);

	if (n >= 8 && strcmp(field + n - 8, "checksum") == 0)
		return 1;
	for (i = 0; i < sizeof hex / sizeof hex[0]; i++)
		if (strcmp(hex[i].msg, msg) == 0 &&
		    strcmp(hex[i].field, field) == 0)
			return 1;
	return 0;
}
