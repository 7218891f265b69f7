/* libFuzzer harness for the filter language: the input is an expression,
 * a NUL, a record type id and the bytes of a record of that type.  Any
 * expression must compile or fail with a message, and a compiled one must
 * evaluate on any record protobuf-c accepts, within the bounds of
 * filter.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t elen = nul != NULL ? (size_t)(nul - data) : size;
	struct nc_filter_error e;
	struct nc_filter *f;
	const struct nc_type *t;
	ProtobufCMessage *m;
	char *expr;
	int id;

	if ((expr = malloc(elen + 1)) == NULL)
		abort();
	memcpy(expr, data, elen);
	expr[elen] = '\0';
	f = nc_filter_compile(expr, &e);
	free(expr);
	if (f == NULL) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	for (id = 0; id <= NC_TYPE_MAX; id++)
		if (nc_filter_verdict(f, id) > NC_FILTER_LOOK)
			abort();
	if (nul != NULL && (size_t)(nul - data) + 2 <= size &&
	    (t = nc_type_by_id(nul[1])) != NULL) {
		m = protobuf_c_message_unpack(t->desc, NULL,
		    size - (size_t)(nul - data) - 2, nul + 2);
		if (m != NULL) {
			(void)nc_filter_match(f, t, m);
			protobuf_c_message_free_unpacked(m, NULL);
		}
	}
	nc_filter_free(f);
	return 0;
}
