/* loader/attach/kinds.h — one attach function per kind of attachment,
 * each in its own file (tracepoint.c, raw_tracepoint.c, kprobe.c,
 * uprobe.c); attach.c picks one by the section name. Internal to
 * loader/attach/. */
#ifndef BL_ATTACH_KINDS_H
#define BL_ATTACH_KINDS_H

#include "attach.h"

/* tracepoint.c, kprobe.c, uprobe.c, raw_tracepoint.c */
int bl_attach_tracepoint(struct bl_object *l, struct bl_prog *p, struct bl_err *err);
int bl_attach_kprobe(struct bl_object *l, struct bl_prog *p, struct bl_err *err);
int bl_attach_uprobe(struct bl_object *l, struct bl_prog *p, struct bl_err *err);
int bl_attach_raw_tracepoint(struct bl_object *l, struct bl_prog *p, struct bl_err *err);
/* perf_link.c: runs p whenever the perf event perf_fd fires. */
int bl_attach_perf_event(struct bl_object *l, struct bl_prog *p, int perf_fd,
			 struct bl_err *err);


#endif
