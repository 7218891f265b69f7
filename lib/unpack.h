/* A faster unpacker for the messages nc-decode writes: flat messages of
 * scalars, bytes and repeated scalars.  It gives the same struct that
 * protobuf_c_message_unpack gives and declines whatever else it meets, so
 * the caller falls back on protobuf-c, which also reports damage. */
#ifndef NC_UNPACK_H
#define NC_UNPACK_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

/* The message in memory from a, or NULL when the input holds anything
 * this unpacker leaves to protobuf-c (strings, nested messages, unknown
 * fields, unusual encodings, damage) or a ran out of memory.  Memory a
 * handed out before a NULL is not freed: use an arena. */
ProtobufCMessage *nc_unpack_flat(const ProtobufCMessageDescriptor *d,
    ProtobufCAllocator *a, const uint8_t *p, size_t n);

#endif
