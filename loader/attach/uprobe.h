/* loader/attach/uprobe.h — uprobes and uretprobes: the target text, the file it
 * names, and the two ways to create one (the uprobe PMU, tracefs
 * uprobe_events). Internal to the loader and its tests. */
#ifndef BL_UPROBE_H
#define BL_UPROBE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

/* uprobe_pmu.c: a uprobe through the uprobe PMU
 * (/sys/bus/event_source/devices/uprobe): path (absolute) and file
 * offset; pid > 0 limits it to that process (perf_event_open's pid), 0
 * or less means every process. Returns the perf fd, or a negative errno. */
bool bl_uprobe_pmu_exists(void);
int bl_uprobe_pmu_open(const char *path, uint64_t offset, bool retprobe, int pid,
		       struct bl_err *err);

/* probe_events.c: the same through tracefs uprobe_events
 * ("p:uprobes/bpfload_<pid>_<n>_<func> PATH:0xOFFSET"), named into k;
 * removed again by bl_probe_event_remove. */
int bl_uprobe_event_open(struct bl_object *l, struct bl_link *k, const char *path,
			 uint64_t offset, const char *func, bool retprobe, int pid,
			 struct bl_err *err);

#endif
