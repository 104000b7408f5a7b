/* loader/sys/tracefs.h — where tracefs is (Documentation/trace/ftrace.rst). */
#ifndef BL_SYS_TRACEFS_H
#define BL_SYS_TRACEFS_H

#include <stddef.h>

#include "elf/error.h"

/* tracefs: where it is mounted; mounts it on /sys/kernel/tracing when it
 * is not mounted anywhere (needs root). dir gets the path. */
int bl_tracefs_dir(char *dir, size_t len, struct bl_err *err);
/* Where tracefs is mounted, without mounting it: 0, or -ENOENT. */
int bl_tracefs_find(char *dir, size_t len);

#endif
