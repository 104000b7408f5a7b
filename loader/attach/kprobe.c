/* loader/attach/kprobe.c — SEC("kprobe/FUNC[+OFF]"), SEC("kretprobe/FUNC"),
 * SEC("ksyscall/NAME"), SEC("kretsyscall/NAME").
 *
 * A kprobe is a breakpoint the kernel plants at a function's address
 * (Documentation/trace/kprobes.rst); a kretprobe fires when the function
 * returns. The program's context is the struct pt_regs of that moment.
 * The probe is a perf event, made in one of two ways:
 *   - the kprobe PMU (kprobe_pmu.c): nothing outlives the fd;
 *   - tracefs kprobe_events (probe_events.c): an event that bpfload
 *     removes at detach.
 * Either way the program is then attached to the perf event like a
 * tracepoint's (perf_link.c).
 *
 * ksyscall/NAME probes the system call NAME: since Linux 4.17 (x86_64)
 * and 5.0 (arm64) syscalls are entered through a wrapper,
 * __x64_sys_NAME / __arm64_sys_NAME, whose one argument is the user's
 * struct pt_regs; older kernels (and other arches) have sys_NAME.
 */
#include "probe.h"
#include "arch/arch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The kernel function of syscall name: the wrapper if this kernel has
 * it, else sys_NAME. */
static int syscall_function(const char *name, struct bl_probe_spec *spec, struct bl_err *err)
{
	char wrapped[BL_PROBE_FUNC_MAX + 16], plain[BL_PROBE_FUNC_MAX + 16];
	int ret;

	if ((ret = bl_probe_spec_parse(name, spec, err)))
		return ret;
	if (spec->offset)
		return bl_err_set(err, -EINVAL, "ksyscall/%s: a syscall probe takes no offset", name);
	const struct bl_arch *arch = bl_arch_native();

	snprintf(wrapped, sizeof(wrapped), "%s%s", arch ? arch->syscall_prefix : "sys_", spec->func);
	snprintf(plain, sizeof(plain), "sys_%s", spec->func);
	if (strlen(wrapped) < sizeof(spec->func) && bl_kallsyms_has(wrapped) == 1)
		memcpy(spec->func, wrapped, strlen(wrapped) + 1);
	else if (strlen(plain) < sizeof(spec->func) && bl_kallsyms_has(plain) == 1)
		memcpy(spec->func, plain, strlen(plain) + 1);
	else
		return bl_err_set(err, -ENOENT, "no system call %s on this kernel (neither %s nor %s is in /proc/kallsyms)",
				  name, wrapped, plain);
	return 0;
}

/* Says why a probe on a function failed: missing, or not probeable. */
static int explain_failure(const struct bl_probe_spec *spec, int ret, struct bl_err *err)
{
	int has = bl_kallsyms_has(spec->func);

	if (has == 0)
		return bl_err_set(err, -ENOENT, "function %s does not exist on this kernel (not in /proc/kallsyms)",
				  spec->func);
	if (has == 1 && (ret == -EINVAL || ret == -ENOENT || ret == -EADDRNOTAVAIL))
		return bl_err_prefix(err, ret,
				     "function %s cannot be probed (on the kprobe blacklist, notrace, or offset %llu not at an instruction)",
				     spec->func, (unsigned long long)spec->offset);
	return ret;
}

/* "kprobe do_unlinkat+16 (kprobe PMU)", "kretprobe do_unlinkat (tracefs kprobes/bpfload_...)" */
static void describe(struct bl_link *k, const struct bl_probe_spec *spec, bool retprobe,
		     bool via_tracefs)
{
	char off[32] = "", how[128];

	if (spec->offset)
		snprintf(off, sizeof(off), "+%llu", (unsigned long long)spec->offset);
	if (via_tracefs)
		snprintf(how, sizeof(how), "tracefs %s/%s", k->event_group, k->event);
	else
		snprintf(how, sizeof(how), "kprobe PMU");
	snprintf(k->what, sizeof(k->what), "%s %.127s%s (%.90s)", retprobe ? "kretprobe" : "kprobe",
		 spec->func, off, how);
}

static int attach_kprobe(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	enum bl_attach_kind kind = p->spec->def->attach;
	bool retprobe = kind == BL_ATTACH_KRETPROBE || kind == BL_ATTACH_KRETSYSCALL;
	bool syscall = kind == BL_ATTACH_KSYSCALL || kind == BL_ATTACH_KRETSYSCALL;
	bool via_tracefs = l->attach_opts.probe_mode == BL_PROBE_TRACEFS ||
			   (retprobe && l->attach_opts.kretprobe_maxactive && l->attach_opts.probe_mode != BL_PROBE_PMU);
	struct bl_probe_spec spec;
	int fd = -ENOENT, ret;

	ret = syscall ? syscall_function(p->spec->attach_target, &spec, err)
		      : bl_probe_spec_parse(p->spec->attach_target, &spec, err);
	if (ret)
		return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name,
				     p->spec->section);
	if (retprobe && spec.offset)
		return bl_err_set(err, -EINVAL, "program %s: a kretprobe takes no offset (section %s)",
				  p->spec->name, p->spec->section);
	if (!via_tracefs && !bl_kprobe_pmu_exists()) {
		if (l->attach_opts.probe_mode == BL_PROBE_PMU)
			return bl_err_set(err, -EOPNOTSUPP,
					  "program %s (section %s): this kernel has no kprobe PMU (/sys/bus/event_source/devices/kprobe); try --attach-mode tracefs",
					  p->spec->name, p->spec->section);
		via_tracefs = true; /* no kprobe PMU (before 4.17): tracefs */
	}
	fd = via_tracefs ? bl_kprobe_event_open(l, &p->link, &spec, retprobe, err)
			 : bl_kprobe_pmu_open(&spec, retprobe, err);
	if (fd < 0)
		return bl_err_prefix(err, explain_failure(&spec, fd, err), "program %s (section %s)",
				     p->spec->name, p->spec->section);
	describe(&p->link, &spec, retprobe, via_tracefs);
	ret = bl_attach_perf_event(l, p, fd, err);
	if (ret) {
		close(fd);
		bl_probe_event_remove(l, &p->link, NULL);
	}
	return ret;
}

/* The perf event and its link closed; then the kprobe_events line bpfload
 * wrote, if it made the probe through tracefs (it can go only once no
 * perf event holds it). */
static void detach_kprobe(struct bl_object *l, struct bl_link *k)
{
	bl_perf_link_close(k);
	bl_probe_event_remove(l, k, NULL);
}

const struct bl_attach_provider bl_kprobe_provider = { attach_kprobe, detach_kprobe };
