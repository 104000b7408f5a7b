/* loader/attach/probe_events.c — kprobes and uprobes through tracefs's
 * kprobe_events and uprobe_events.
 *
 * Writing "p:kprobes/NAME FUNC+OFF" to kprobe_events, or
 * "p:uprobes/NAME PATH:0xOFFSET" to uprobe_events, creates a trace event
 * events/kprobes/NAME (events/uprobes/NAME), which is then opened like a
 * tracepoint (PERF_TYPE_TRACEPOINT with its id). Unlike a PMU probe the
 * event outlives the process: bpfload removes it with "-:GROUP/NAME" at
 * detach, and removes the ones of dead bpfload processes at the next
 * attach (Documentation/trace/kprobetrace.rst, uprobetracer.rst). Both
 * files take the same commands; one function serves both.
 *
 * The file is opened with O_APPEND only: opening it with O_TRUNC (what
 * the shell's '>' does) deletes every probe on the system, other tools'
 * too.
 */
#include "probe.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"
#include "loader/sys/tracefs.h"
#include "uprobe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KPROBE_GROUP "kprobes"
#define UPROBE_GROUP "uprobes"

static int write_command(const char *tracefs, const char *file, const char *cmd)
{
	char path[512];
	size_t len = strlen(cmd);
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, cmd, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	close(fd);
	return ret;
}

int bl_probe_event_remove(struct bl_object *l, struct bl_link *k, struct bl_err *err)
{
	char cmd[128], eb[16];
	int ret;

	if (!k->event[0])
		return 0;
	snprintf(cmd, sizeof(cmd), "-:%s/%s\n", k->event_group, k->event);
	ret = write_command(l->tracefs, k->events_file, cmd);
	if (ret)
		bl_err_set(err, ret, "cannot remove %s/%s from %s/%s: %s", k->event_group, k->event,
			   l->tracefs, k->events_file, bl_errno_name(ret, eb));
	k->event[0] = '\0';
	return ret;
}

int bl_probe_event_open(struct bl_object *l, struct bl_link *k, const struct bl_probe_event_req *req,
			struct bl_err *err)
{
	char cmd[PATH_MAX + 256], path[300], event[96], eb[16];
	int ret, id, fd;

	if (!l->tracefs[0] && (ret = bl_tracefs_dir(l->tracefs, sizeof(l->tracefs), err)))
		return ret;
	bl_probe_events_cleanup_stale(l->tracefs, req->file);
	bl_probe_event_name(k->event, sizeof(k->event), (int)getpid(), l->event_seq++, req->name);
	snprintf(k->event_group, sizeof(k->event_group), "%s", req->group);
	snprintf(k->events_file, sizeof(k->events_file), "%s", req->file);
	if ((size_t)snprintf(cmd, sizeof(cmd), "%s:%s/%s %s\n", req->cmd, req->group, k->event,
			     req->def) >= sizeof(cmd)) {
		k->event[0] = '\0';
		return bl_err_set(err, -ENAMETOOLONG, "%s event for %.200s: the line is too long",
				  req->kind, req->def);
	}
	snprintf(path, sizeof(path), "%s/%s", l->tracefs, req->file);
	ret = write_command(l->tracefs, req->file, cmd);
	if (ret) {
		k->event[0] = '\0';
		if (ret == -ENOENT && access(l->tracefs, F_OK) == 0 && access(path, F_OK) != 0) {
			char pmu[128];

			snprintf(pmu, sizeof(pmu), "/sys/bus/event_source/devices/%s", req->kind);
			if (bl_probe_pmu_type(pmu) < 0)
				return bl_err_set(err, -EOPNOTSUPP,
						  "this kernel has no %ss: no %s PMU and no %s (CONFIG_%sS, CONFIG_%s_EVENTS)",
						  req->kind, req->kind, path,
						  req->kind[0] == 'k' ? "KPROBE" : "UPROBE",
						  req->kind[0] == 'k' ? "KPROBE" : "UPROBE");
			return bl_err_set(err, -EOPNOTSUPP,
					  "this kernel has no %s (CONFIG_%s_EVENTS): use --attach-mode pmu",
					  path, req->kind[0] == 'k' ? "KPROBE" : "UPROBE");
		}
		return bl_err_set(err, ret, "writing '%.*s' to %s: %s", (int)strlen(cmd) - 1, cmd, path,
				  bl_errno_name(ret, eb));
	}
	snprintf(event, sizeof(event), "%s/%s", req->group, k->event);
	id = bl_tracefs_event_id(l->tracefs, event);
	if (id < 0) {
		bl_err_set(err, id, "%s event %s/%s made, but its id is unreadable: %s", req->kind,
			   req->group, k->event, bl_errno_name(id, eb));
		bl_probe_event_remove(l, k, NULL);
		return id;
	}
	fd = bl_sys_perf_tracepoint_open((uint64_t)id, req->pid);	/* uprobes: one process */
	if (fd < 0) {
		if (fd == -ESRCH && req->pid > 0)
			bl_err_set(err, fd, "--pid %d: no such process", req->pid);
		else {
			char hint[200];

			bl_perf_event_hint(fd, hint, sizeof(hint));
			bl_err_set(err, fd, "perf_event_open for %s event %s/%s (id %d): %s%s", req->kind,
				   req->group, k->event, id, bl_errno_name(fd, eb), hint);
		}
		bl_probe_event_remove(l, k, NULL);
	}
	return fd;
}

int bl_kprobe_event_open(struct bl_object *l, struct bl_link *k, const struct bl_probe_spec *spec,
			 bool retprobe, struct bl_err *err)
{
	struct bl_probe_event_req req = { .file = "kprobe_events", .group = KPROBE_GROUP,
					  .kind = "kprobe", .name = spec->func, .cmd = "p", .pid = -1 };
	char cmd[16], def[BL_PROBE_FUNC_MAX + 32];

	if (retprobe && l->attach_opts.kretprobe_maxactive)
		snprintf(cmd, sizeof(cmd), "r%u", l->attach_opts.kretprobe_maxactive);
	else
		snprintf(cmd, sizeof(cmd), "%s", retprobe ? "r" : "p");
	if (retprobe)
		snprintf(def, sizeof(def), "%s", spec->func);
	else
		snprintf(def, sizeof(def), "%s+%llu", spec->func, (unsigned long long)spec->offset);
	req.cmd = cmd;
	req.def = def;
	return bl_probe_event_open(l, k, &req, err);
}

int bl_kprobe_event_open_addr(struct bl_object *l, struct bl_link *k, const char *name,
			      uint64_t addr, bool retprobe, struct bl_err *err)
{
	struct bl_probe_event_req req = { .file = "kprobe_events", .group = KPROBE_GROUP,
					  .kind = "kprobe", .name = name, .pid = -1 };
	char cmd[16], def[32];

	if (retprobe && l->attach_opts.kretprobe_maxactive)
		snprintf(cmd, sizeof(cmd), "r%u", l->attach_opts.kretprobe_maxactive);
	else
		snprintf(cmd, sizeof(cmd), "%s", retprobe ? "r" : "p");
	/* Documentation/trace/kprobetrace.rst: MEMADDR, the probe's address */
	snprintf(def, sizeof(def), "0x%llx", (unsigned long long)addr);
	req.cmd = cmd;
	req.def = def;
	return bl_probe_event_open(l, k, &req, err);
}

int bl_uprobe_event_open(struct bl_object *l, struct bl_link *k, const char *path,
			 uint64_t offset, const char *func, bool retprobe, int pid,
			 struct bl_err *err)
{
	struct bl_probe_event_req req = { .file = "uprobe_events", .group = UPROBE_GROUP,
					  .kind = "uprobe", .name = func, .cmd = retprobe ? "r" : "p",
					  .pid = pid };
	char def[PATH_MAX + 32];

	/* Documentation/trace/uprobetracer.rst: PATH:OFFSET, OFFSET in the file. */
	if ((size_t)snprintf(def, sizeof(def), "%s:0x%llx", path, (unsigned long long)offset) >=
	    sizeof(def))
		return bl_err_set(err, -ENAMETOOLONG, "%.200s: the path is too long", path);
	req.def = def;
	return bl_probe_event_open(l, k, &req, err);
}

/* A process that is gone: kill(pid, 0) fails with ESRCH. (EPERM means it
 * exists but belongs to someone else.) */
static bool process_gone(int pid)
{
	return kill(pid, 0) != 0 && errno == ESRCH;
}

int bl_probe_events_cleanup_stale(const char *tracefs, const char *file)
{
	char path[512], line[512], group[64], event[128];
	char (*stale)[256] = NULL;
	size_t n = 0;
	int removed = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	f = fopen(path, "re");
	if (!f)
		return 0;
	/* Read the whole list first: removing while reading would shift it. */
	while (fgets(line, sizeof(line), f)) {
		int pid;
		void *grown;

		if (bl_probe_events_line_event(line, group, sizeof(group), event, sizeof(event)))
			continue;
		pid = bl_probe_event_owner(event);
		if (pid <= 0 || !process_gone(pid))
			continue; /* another tool's event, or a live bpfload's */
		grown = realloc(stale, (n + 1) * sizeof(*stale));
		if (!grown)
			break;
		stale = grown;
		snprintf(stale[n++], sizeof(*stale), "-:%s/%s\n", group, event);
	}
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (write_command(tracefs, file, stale[i]) == 0)
			removed++;
	free(stale);
	return removed;
}
