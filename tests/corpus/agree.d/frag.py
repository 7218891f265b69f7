# IP fragment reassembly (lib/decode/ipfrag.c).  tshark runs with
# ip.defragment and ipv6.defragment on (TSHARK_PREFS), so both decode a
# datagram's payload on the packet that completes it and the usual UDP,
# ICMP ... fields compare the reassembled headers.  What this adds: the
# reassembled length, which nc-decode shows as the UDP payload size, so
# that a datagram missing bytes would not pass for a whole one.


def frag_reassembled(T, r):
    return (T.first("ip.reassembled.length") is not None or
            T.first("ipv6.reassembled.length") is not None)


UDP.append(Field("udp.reassembled_payload",
                 ("ip.reassembled.length", "ipv6.reassembled.length"),
                 "payload_size", as_int, when=frag_reassembled,
                 tconv=lambda v: v - 8))
