/* loader/sys/tracefs.h — where tracefs is (Documentation/trace/ftrace.rst). */
#ifndef BL_SYS_TRACEFS_H
#define BL_SYS_TRACEFS_H

#include <stddef.h>

#include "elf/error.h"

/* tracefs: where it is mounted; mounts it on /sys/kernel/tracing when it
 * is not mounted anywhere (needs root). dir gets the path. -EACCES (the
 * message says root is needed) when it is mounted where this user may
 * not look. */
int bl_tracefs_dir(char *dir, size_t len, struct bl_err *err);
/* Where tracefs is mounted, without mounting it: 0, or -ENOENT. */
int bl_tracefs_find(char *dir, size_t len);
/* The id of event "GROUP/NAME" (a tracepoint, or a kprobe or uprobe
 * event made in tracefs): tracefs/events/GROUP/NAME/id, the config of a
 * PERF_TYPE_TRACEPOINT perf event. The id, -errno of opening the file, or
 * -EINVAL when it holds no number. */
int bl_tracefs_event_id(const char *tracefs, const char *event);

#endif
