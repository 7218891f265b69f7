/* A single-pass protobuf encoder driven by protobuf-c descriptors.
 *
 * protobuf_c_message_pack walks a message twice (size, then bytes) through
 * per-field calls; at three records a packet that alone cost more than the
 * whole decode budget.  This encoder walks once, writing nested lengths into
 * a reserved slot and closing the gap, and produces the same bytes. */
#ifndef NC_PACK_H
#define NC_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

/* Encodes msg into out[0, cap).  Returns the length written, or -1 if it
 * does not fit (out is then garbage). */
long nc_pack(const ProtobufCMessage *msg, uint8_t *out, size_t cap);

#endif
