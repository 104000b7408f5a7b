/* loader/attach/attach.h — attaching each loaded program as its section
 * name says, and detaching (perf_event_open(2), BPF_LINK_CREATE,
 * BPF_RAW_TRACEPOINT_OPEN, tracefs kprobe_events/uprobe_events). */
#ifndef BL_ATTACH_ATTACH_H
#define BL_ATTACH_ATTACH_H

#include "loader/load/object.h"

/* Attaches every loaded program as its section name says, as opts
 * (NULL: the defaults) asks; opts is copied into l->attach_opts. If one
 * fails, the ones attached before it are detached again. */
int bl_attach(struct bl_object *l, const struct bl_attach_opts *opts, struct bl_err *err);

/* Detaches every attached program (also safe when none is). */
void bl_detach(struct bl_object *l);

#endif
