/* loader/attach/probe.h — kprobes (and later uprobes): the target text, the
 * tracefs events bpfload creates, and the two ways to create a probe.
 * Internal to the loader. */
#ifndef BL_PROBE_H
#define BL_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kinds.h"
#include "probe_target.h"
#include "loader/sys/kallsyms.h"
#include "loader/sys/pmu.h"

/* "bpfload_<pid>_<seq>_<func>", cut to fit len (64 for tracefs). */
void bl_probe_event_name(char *buf, size_t len, int pid, unsigned seq, const char *func);

/* The pid in a name made by bl_probe_event_name, or -1 when the event is
 * not bpfload's. */
int bl_probe_event_owner(const char *event);

/* Group and event of a line of kprobe_events / uprobe_events. */
int bl_probe_events_line_event(const char *line, char *group, size_t glen, char *event,
			       size_t elen);


/* kprobe_pmu.c: a kprobe perf event through the kprobe PMU
 * (/sys/bus/event_source/devices/kprobe). Returns the perf fd, -ENOENT
 * when the PMU does not exist, or another negative errno. */
bool bl_kprobe_pmu_exists(void);
int bl_kprobe_pmu_open(const struct bl_probe_spec *spec, bool retprobe, struct bl_err *err);
/* The same at a kernel address (name: for messages only). */
int bl_kprobe_pmu_open_addr(const char *name, uint64_t addr, bool retprobe, struct bl_err *err);

/* probe_events.c: an event of tracefs/<file> ("kprobe_events",
 * "uprobe_events") in <group>, named bpfload_<pid>_<n>_<name> into k:
 * the line "<cmd>:<group>/<event> <def>" (cmd "p", "r", "r8"); returns
 * the perf fd of the event (PERF_TYPE_TRACEPOINT), opened for process
 * pid (> 0) or every process. On failure nothing is left in the file. */
struct bl_probe_event_req {
	const char *file;	/* "kprobe_events" */
	const char *group;	/* "kprobes" */
	const char *kind;	/* "kprobe": for messages */
	const char *name;	/* the function, for the event's name */
	const char *cmd;	/* "p", "r", "r8" */
	const char *def;	/* "do_unlinkat+0", "/bin/bash:0x8a0c0" */
	int pid;
};
int bl_probe_event_open(struct bl_object *l, struct bl_link *k, const struct bl_probe_event_req *req,
			struct bl_err *err);
/* A kprobe event through tracefs kprobe_events (bl_probe_event_open). */
int bl_kprobe_event_open(struct bl_object *l, struct bl_link *k, const struct bl_probe_spec *spec,
			 bool retprobe, struct bl_err *err);
/* The same at a kernel address (kprobe_events "MEMADDR"); name names
 * the event. */
int bl_kprobe_event_open_addr(struct bl_object *l, struct bl_link *k, const char *name,
			      uint64_t addr, bool retprobe, struct bl_err *err);
/* Removes the event named in k (after its perf fd is closed). */
int bl_probe_event_remove(struct bl_object *l, struct bl_link *k, struct bl_err *err);
/* Removes the events of bpfload processes that no longer exist from
 * tracefs/<file> ("kprobe_events", "uprobe_events"); returns how many. */
int bl_probe_events_cleanup_stale(const char *tracefs, const char *file);

#endif
