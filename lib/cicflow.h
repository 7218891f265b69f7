/* Flow records as CICFlowMeter writes its CSV (FlowFeature.java of
 * CICFlowMeter 4): its 83 column names and order, then Label, with our
 * figures converted to its units, for nc-tocsv -H cicflowmeter.  The
 * mapping, column by column, is in nc-tocsv(1). */
#ifndef NC_CICFLOW_H
#define NC_CICFLOW_H

#include "netcap.pb-c.h"
#include "render.h"

#define NC_CICFLOW_COLUMNS 84

/* The header row, with its newline. */
void nc_cicflow_header(struct nc_buf *b, int tsv);
/* One row for f, with its newline; an unlabelled flow's Label is
 * CICFlowMeter's own "NeedManualLabel". */
void nc_cicflow_row(const Netcap__Flow *f, struct nc_buf *b, int tsv);

#endif
