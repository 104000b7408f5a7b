/* loader/cli/selftest_checks.c — the checks of `bpfload selftest`: what
 * each kernel interface bpfload uses (docs/kernel-interfaces.md) answers
 * here, in words.
 *
 * The kernel is asked through the feature table (loader/sys/features.h:
 * a tiny BPF_PROG_LOAD of each program type, BPF_MAP_CREATE of each map
 * kind, the BTF kind probes, the kprobe and uprobe PMUs in sysfs), plus
 * a real attach and detach of a tracepoint (perf_event_open(2) with
 * PERF_TYPE_TRACEPOINT, BPF_LINK_CREATE or PERF_EVENT_IOC_SET_BPF), which
 * needs tracefs; tracefs's kprobe_events and uprobe_events
 * (Documentation/trace/kprobetrace.rst, uprobetracer.rst), the kernel's
 * BTF (/sys/kernel/btf/vmlinux, Documentation/bpf/btf.rst), bpffs, and
 * (the machine, privileges, bpffs and the kernel's configuration:
 * selftest_system.c).
 * When tracefs is not mounted, it is mounted on a private directory for
 * the checks and unmounted again (st_tracefs_done).
 */
#include "selftest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "loader/bpfload.h"
#include "loader/sys/features.h"
#include "loader/sys/read_file.h"

static const char *err_name(int neg, char eb[16])
{
	return bl_errno_name(-neg, eb);
}

/* --- bpf(2) --------------------------------------------------------------- */

void st_check_bpf(struct selftest *t)
{
	const struct bl_feature_result *r = bl_kernel_probe(BL_FEAT_PROG_LOAD);
	char eb[16];

	if (r->err == -ENOSYS) {
		st_add(t, "bpf", ST_MISSING, "no bpf(2) system call (CONFIG_BPF_SYSCALL is off): "
		       "nothing bpfload loads can work");
		return;
	}
	if (r->err) {
		st_add(t, "bpf", ST_MISSING, "%s: %s%s", r->step, err_name(r->err, eb),
		       r->err == -EPERM ? " (run as root)" : "");
		return;
	}
	t->bpf_ok = true;
	st_add(t, "bpf", ST_OK, "%s: programs load", r->step);
	r = bl_kernel_probe(BL_FEAT_JIT);
	if (!r->err)
		st_add(t, "jit", ST_OK, "programs are compiled to machine code (%ld bytes for 2 insns)",
		       r->value);
	else
		st_add(t, "jit", ST_MISSING, "programs are interpreted, slower (CONFIG_BPF_JIT, "
		       "net.core.bpf_jit_enable)");
	r = bl_kernel_probe(BL_FEAT_ARRAY_MAP);
	if (r->err)
		st_add(t, "maps", ST_MISSING, "%s: %s", r->step, err_name(r->err, eb));
	else
		st_add(t, "maps", ST_OK, "%s: maps and global variables work", r->step);
}

static void check_vmlinux_btf(struct selftest *t)
{
	static const char path[] = "/sys/kernel/btf/vmlinux";
	unsigned char *data = NULL;
	struct bl_btf *btf = NULL;
	struct bl_err e;
	size_t len = 0;
	char eb[16];
	int ret = bl_read_file(path, 1u << 30, &data, &len);

	if (ret) {
		st_add(t, "btf", ST_MISSING, "no %s (%s; CONFIG_DEBUG_INFO_BTF): CO-RE programs need "
		       "a BTF file of this kernel (`bpfload btf min`): --btf FILE, BPFLOAD_BTF or OBJ.btf", path, bl_errno_name(-ret, eb));
		return;
	}
	if (bl_btf_parse(data, len, path, &btf, &e) == 0) {
		st_add(t, "btf", ST_OK, "%s: %u types: CO-RE relocations resolve against it", path,
		       bl_btf_type_cnt(btf));
		bl_btf_free(btf);
	} else {
		st_add(t, "btf", ST_MISSING, "%s does not parse: %s", path, e.msg);
	}
	free(data);
}

void st_check_btf(struct selftest *t)
{
	unsigned missing;

	check_vmlinux_btf(t);
	if (!t->bpf_ok)
		return;
	missing = bl_btf_missing_features();
	if (!missing)
		st_add(t, "btf-load", ST_OK, "BPF_BTF_LOAD takes every BTF kind clang emits");
	else if (missing == BL_BTF_ALL)
		st_add(t, "btf-load", ST_MISSING, "BPF_BTF_LOAD refuses even a FUNC: programs load "
		       "without their BTF (no func_info, line_info, typed maps)");
	else
		st_add(t, "btf-load", ST_OK, "BPF_BTF_LOAD lacks some kinds (mask 0x%x of "
		       "enum bl_btf_feature): bpfload rewrites them before loading", missing);
}

/* --- tracefs and attaching --------------------------------------------- */

void st_check_tracefs(struct selftest *t)
{
	char eb[16];

	if (bl_tracefs_find(t->tracefs, sizeof(t->tracefs)) == 0) {
		st_add(t, "tracefs", ST_OK, "mounted at %s: trace_pipe, events/*/id", t->tracefs);
		return;
	}
	t->tracefs[0] = '\0';
	/* mounted, but root's (mode 0700): not "not mounted" */
	if (access("/sys/kernel/tracing/trace_pipe", F_OK) != 0 && errno == EACCES) {
		st_add(t, "tracefs", ST_MISSING, "mounted at /sys/kernel/tracing, but this user cannot "
		       "read it (EACCES: mode 0700, root's): tracepoints and bpf_printk output need root");
		return;
	}
	if (!bl_kernel_has_fs("tracefs")) {
		st_add(t, "tracefs", ST_MISSING, "the kernel has no tracefs (CONFIG_FTRACE): no "
		       "tracepoints, bpf_printk output or probe events");
		return;
	}
	snprintf(t->tmp_mount, sizeof(t->tmp_mount), "/tmp/bpfload-selftest.XXXXXX");
	if (!mkdtemp(t->tmp_mount)) {
		t->tmp_mount[0] = '\0';
		st_add(t, "tracefs", ST_UNKNOWN, "not mounted; cannot make a directory to try: %s",
		       bl_errno_name(errno, eb));
		return;
	}
	if (mount("tracefs", t->tmp_mount, "tracefs", 0, NULL) != 0) {
		int e = errno;

		rmdir(t->tmp_mount);
		t->tmp_mount[0] = '\0';
		st_add(t, "tracefs", ST_MISSING, "not mounted, and mounting it fails (%s): run as "
		       "root or mount -t tracefs tracefs /sys/kernel/tracing", bl_errno_name(e, eb));
		return;
	}
	snprintf(t->tracefs, sizeof(t->tracefs), "%s", t->tmp_mount);
	st_add(t, "tracefs", ST_OK, "not mounted, but mountable: bpfload mounts it on "
	       "/sys/kernel/tracing when a run needs it");
}

void st_tracefs_done(struct selftest *t)
{
	if (!t->tmp_mount[0])
		return;
	umount2(t->tmp_mount, MNT_DETACH);
	rmdir(t->tmp_mount);
}

static bool tracefs_has(const struct selftest *t, const char *file)
{
	char path[512];

	if (!t->tracefs[0])
		return false;
	snprintf(path, sizeof(path), "%s/%s", t->tracefs, file);
	return access(path, F_OK) == 0;
}

/* A tracepoint program on sched/sched_switch, attached for a moment:
 * through a BPF link (5.15), else PERF_EVENT_IOC_SET_BPF. */
static void check_tracepoint(struct selftest *t)
{
	static const char tp[] = "sched/sched_switch";
	const struct bl_feature_result *r = bl_kernel_probe(BL_FEAT_TRACEPOINT_PROG);
	const char *step;
	bool via_link;
	char eb[16];
	int ret;

	if (r->err) {
		st_add(t, "tracepoints", ST_MISSING, "%s: %s (CONFIG_BPF_EVENTS)", r->step,
		       err_name(r->err, eb));
		return;
	}
	if (!tracefs_has(t, "events/sched/sched_switch/id")) {
		st_add(t, "tracepoints", ST_MISSING, "tracepoint programs load, but %s has no "
		       "events/%s/id to attach them to", t->tracefs[0] ? t->tracefs : "(no tracefs)", tp);
		return;
	}
	ret = bl_tracepoint_attach_check(t->tracefs, tp, &via_link, &step);
	if (ret) {
		st_add(t, "tracepoints", ST_MISSING, "attaching to %s: %s: %s", tp, step,
		       err_name(ret, eb));
		return;
	}
	t->attached = true;
	r = bl_kernel_probe(BL_FEAT_PERF_LINK);
	if (via_link) {
		st_add(t, "tracepoints", ST_OK, "attached a program to %s and detached it", tp);
		st_add(t, "links", ST_OK, "BPF_LINK_CREATE on a perf event: attachments are BPF links "
		       "(bpftool link shows them)");
	} else {
		st_add(t, "tracepoints", ST_OK, "attached a program to %s with "
		       "PERF_EVENT_IOC_SET_BPF and detached it", tp);
		st_add(t, "links", ST_MISSING, "BPF_LINK_CREATE on a perf event: %s (Linux 5.15): "
		       "bpfload attaches with PERF_EVENT_IOC_SET_BPF instead", err_name(r->err, eb));
	}
}

static void check_raw_tracepoint(struct selftest *t)
{
	const struct bl_feature_result *r = bl_kernel_probe(BL_FEAT_RAW_TRACEPOINT);
	char eb[16];

	if (r->err) {
		st_add(t, "raw-tracepoints", ST_MISSING, "%s: %s (Linux 4.17)", r->step,
		       err_name(r->err, eb));
		return;
	}
	st_add(t, "raw-tracepoints", ST_OK, "%s: attached and detached", r->step);
	t->attached = true;
}

void st_check_attach(struct selftest *t)
{
	check_tracepoint(t);
	check_raw_tracepoint(t);
}

/* One kind of dynamic probe: its perf PMU (sysfs, Linux 4.17), else its
 * tracefs events file (the older interface bpfload falls back to). */
static void check_probe_kind(struct selftest *t, enum bl_feature pmu, const char *kind,
			     const char *configs, const char *programs, const char *else_use)
{
	const struct bl_feature_result *r = bl_kernel_probe(pmu);
	const char *name = kind[0] == 'k' ? "kprobes" : "uprobes";
	char events_file[32];
	bool events;

	snprintf(events_file, sizeof(events_file), "%.6s_events", kind);
	events = tracefs_has(t, events_file);
	if (!r->err)
		st_add(t, name, ST_OK, "%s PMU (perf type %ld)%s%s: %s programs attach", kind,
		       r->value, events ? ", and tracefs " : "", events ? events_file : "", programs);
	else if (events)
		st_add(t, name, ST_OK, "no %s PMU, but tracefs %s: %ss are made there "
		       "(--attach-mode tracefs)", kind, events_file, kind);
	else
		st_add(t, name, ST_MISSING, "no %s PMU and no %s (%s): %s programs cannot attach%s",
		       kind, events_file, configs, programs, else_use);
}

void st_check_probes(struct selftest *t)
{
	check_probe_kind(t, BL_FEAT_KPROBE_PMU, "kprobe", "CONFIG_KPROBES, CONFIG_KPROBE_EVENTS",
			 "kprobe/kretprobe/ksyscall", "; use tracepoints");
	check_probe_kind(t, BL_FEAT_UPROBE_PMU, "uprobe", "CONFIG_UPROBE_EVENTS",
			 "uprobe/uretprobe", "");
}

/* --- buffers and bpffs ------------------------------------------------- */

void st_check_buffers(struct selftest *t)
{
	const struct bl_feature_result *r = bl_kernel_probe(BL_FEAT_RINGBUF);
	char eb[16];

	if (!r->err)
		st_add(t, "ringbuf", ST_OK, "%s: bpf_ringbuf_* records", r->step);
	else
		st_add(t, "ringbuf", ST_MISSING, "%s: %s (Linux 5.8): use perf buffers", r->step,
		       err_name(r->err, eb));
	r = bl_kernel_probe(BL_FEAT_PERFBUF);
	if (!r->err)
		st_add(t, "perfbuf", ST_OK, "a PERF_COUNT_SW_BPF_OUTPUT event in a perf event "
		       "array: bpf_perf_event_output records");
	else
		st_add(t, "perfbuf", ST_MISSING, "%s: %s", r->step, err_name(r->err, eb));
}
