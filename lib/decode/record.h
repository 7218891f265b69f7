/* Filling the fields that many records share.  These are macros, not
 * functions: the records are distinct protobuf-c structs that agree only
 * on field names, and each macro expands to the assignments a decoder
 * would otherwise write out, so the hot path pays nothing for them.
 * The record and the layers are evaluated more than once: pass plain
 * names (a value is evaluated once).  Private to lib/decode. */
#ifndef NC_DECODE_RECORD_H
#define NC_DECODE_RECORD_H

/* Sets proto3 optional field f of record r, whose message is NETCAP__T:
 * the value and the case that marks it present, NETCAP__T___F_F in
 * protobuf-c's spelling (F is f in upper case). */
#define NC_DEC_SET(r, T, f, F, v) do {					\
	(r)->f = (v);							\
	(r)->_##f##_case = NETCAP__##T##___##F##_##F;			\
} while (0)

/* The frame's time and number, and the addresses of the IP layer l3
 * (struct nc_ip). */
#define NC_DEC_IP_ENDS(r, pk, l3) do {					\
	(r)->ts = (pk)->ts;						\
	(r)->packet = (pk)->packet;					\
	(r)->src_ip.data = (uint8_t *)(l3)->src;			\
	(r)->src_ip.len = (l3)->alen;					\
	(r)->dst_ip.data = (uint8_t *)(l3)->dst;			\
	(r)->dst_ip.len = (l3)->alen;					\
} while (0)

/* Those and the flow id, for a protocol right above IP: sp and dp are
 * its ports, 0 where it has none (ICMP, GRE ...); proto is its IP
 * protocol number. */
#define NC_DEC_IP_FLOW(r, pk, l3, sp, dp, proto) do {			\
	NC_DEC_IP_ENDS(r, pk, l3);					\
	(r)->flow = nc_dec_flow((l3), (uint16_t)(sp), (uint16_t)(dp),	\
	    (proto));							\
} while (0)

/* The addresses, ports and flow id of the transport an application
 * record came in (struct nc_app). */
#define NC_DEC_APP_ENDS(r, pk, app) do {				\
	NC_DEC_IP_ENDS(r, pk, (app)->ip);				\
	(r)->src_port = (app)->sport;					\
	(r)->dst_port = (app)->dport;					\
	(r)->flow = (app)->flow;					\
} while (0)

#endif
