#include "sensorhdr.h"
#include "stream.h"

#include <time.h>

void
nc_sensor_header(Netcap__Header *h, const char *name, const char *fp,
    const char *peer)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	h->version = NC_FORMAT_VERSION;
	h->created = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	h->source = "nc-recv";
	h->generator = "nc-recv";
	h->generator_version = NC_VERSION;
	h->sensor = (char *)name;
	h->key_fingerprint = (char *)fp;
	h->peer = (char *)peer;
}
