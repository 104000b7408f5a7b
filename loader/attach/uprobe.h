/* loader/attach/uprobe.h — uprobes and uretprobes: the target text, the file it
 * names, and the two ways to create one (the uprobe PMU, tracefs
 * uprobe_events). Internal to the loader and its tests. */
#ifndef BL_UPROBE_H
#define BL_UPROBE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

/* "PATH:FUNCTION[+OFFSET]", split (uprobe_spec.c). */
struct bl_uprobe_spec {
	char path[PATH_MAX];		/* as written: absolute, relative, or a bare name */
	char func[BL_PROBE_FUNC_MAX];
	uint64_t offset;		/* +OFFSET into the function */
};

/* Splits target at its last ':'. The path may not hold whitespace or
 * control characters (tracefs's uprobe_events splits its lines at
 * spaces); the function is a symbol name (letters, digits, '_', '.',
 * '$', '@'). Pure. */
int bl_uprobe_spec_parse(const char *target, struct bl_uprobe_spec *out, struct bl_err *err);

/* The file a uprobe path names, made absolute into out:
 *   - with a '/': itself; a relative path is made absolute (realpath);
 *   - a bare library name ("libc.so.6", anything with ".so"): searched in
 *     LD_LIBRARY_PATH, the directories of /etc/ld.so.conf, then the
 *     standard ones (bl_uprobe_lib_dirs);
 *   - another bare name ("bash"): searched in PATH, then /usr/bin and
 *     /usr/sbin, as an executable file.
 * -ENOENT with a message naming where it looked. */
int bl_uprobe_resolve_path(const char *path, char *out, size_t len, struct bl_err *err);

/* The standard library directories of this architecture, NULL-ended:
 * /lib/<triplet>, /usr/lib/<triplet>, /lib64, /usr/lib64, /lib, /usr/lib. */
const char *const *bl_uprobe_lib_dirs(void);

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
