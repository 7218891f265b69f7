/* The Header nc-recv writes before a sensor's part of its output, the
 * same over TCP and through NATS. */
#ifndef NC_LINK_SENSORHDR_H
#define NC_LINK_SENSORHDR_H

#include "netcap.pb-c.h"

/* Fills h for sensor name, its key's fingerprint fp and where it came
 * from (peer address or subject); the strings are borrowed. */
void nc_sensor_header(Netcap__Header *h, const char *name, const char *fp,
    const char *peer);

#endif
