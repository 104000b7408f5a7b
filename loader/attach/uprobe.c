/* loader/attach/uprobe.c — SEC("uprobe/PATH:FUNC[+OFF]"),
 * SEC("uretprobe/PATH:FUNC"), and the bare SEC("uprobe") /
 * SEC("uretprobe") with the target given at run time (--uprobe).
 *
 * A uprobe is a breakpoint the kernel plants in a file's code, at an
 * offset into the file (Documentation/trace/uprobetracer.rst): it fires
 * in every process that runs that code, or only in one (--pid). A
 * uretprobe fires when the function returns (the kernel swaps the return
 * address on entry). The program's context is the struct pt_regs of the
 * user process at that moment: PT_REGS_PARM1.. are the arguments at
 * entry, PT_REGS_RC the return value in a uretprobe.
 *
 * The steps:
 *   1. the target text: the section's, else l->attach_opts.uprobe_target;
 *   2. the file: a bare library or program name searched for, a relative
 *      path made absolute (uprobe_spec.c);
 *   3. the function's file offset, from the file's symbols
 *      (elf_symbols.c), plus +OFF;
 *   4. the probe: the uprobe PMU (uprobe_pmu.c), or tracefs
 *      uprobe_events (probe_events.c) where there is no PMU or with
 *      --attach-mode tracefs;
 *   5. the program on the perf event, as for tracepoints (perf_link.c).
 */
#include "elf/binary/elf_symbols.h"
#include "uprobe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "uprobe /usr/bin/bash:readline+4 (offset 0x8a0c4, pid 42, uprobe PMU)" */
static void describe(struct bl_link *k, const char *path, const struct bl_uprobe_spec *spec,
		     const struct bl_elf_func *f, uint64_t offset, bool retprobe, int pid,
		     bool via_tracefs)
{
	char off[32] = "", who[32] = "", how[128], line[PATH_MAX + 512];
	size_t n = strlen(path);

	if (spec->offset)
		snprintf(off, sizeof(off), "+%llu", (unsigned long long)spec->offset);
	if (pid > 0)
		snprintf(who, sizeof(who), ", pid %d", pid);
	if (via_tracefs)
		snprintf(how, sizeof(how), "tracefs %s/%s", k->event_group, k->event);
	else
		snprintf(how, sizeof(how), "uprobe PMU");
	/* A long path loses its beginning, not the rest of the line. */
	snprintf(line, sizeof(line), "%s %s%s:%.60s%s (offset 0x%llx%s%s, %s)",
		 retprobe ? "uretprobe" : "uprobe", n > 100 ? "..." : "", n > 100 ? path + n - 97 : path,
		 spec->func, off, (unsigned long long)offset, f->ifunc ? ", IFUNC resolver" : "", who,
		 how);
	line[sizeof(k->what) - 1] = '\0';
	memcpy(k->what, line, sizeof(k->what));
}

static int fail(struct bl_prog *p, int ret, struct bl_err *err)
{
	return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name, p->spec->section);
}

static int attach_uprobe(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	bool retprobe = p->spec->def->attach == BL_ATTACH_URETPROBE;
	bool via_tracefs = l->attach_opts.probe_mode == BL_PROBE_TRACEFS;
	const char *target = p->spec->attach_target;
	struct bl_uprobe_spec spec;
	char path[PATH_MAX];
	struct bl_elf_func f;
	uint64_t offset;
	int fd, ret;

	if (!target || !*target)
		target = l->attach_opts.uprobe_target;
	if (!target || !*target)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s) names no function: write SEC(\"%s/PATH:FUNCTION\"), or give bpfload run --uprobe PATH:FUNCTION",
				  p->spec->name, p->spec->section, retprobe ? "uretprobe" : "uprobe");
	if ((ret = bl_uprobe_spec_parse(target, &spec, err)))
		return fail(p, ret, err);
	if (retprobe && spec.offset)
		return bl_err_set(err, -EINVAL, "program %s: a uretprobe takes no offset (%s, section %s)",
				  p->spec->name, target, p->spec->section);
	if ((ret = bl_uprobe_resolve_path(spec.path, path, sizeof(path), err)) ||
	    (ret = bl_elf_find_func(path, spec.func, &f, NULL, err)))
		return fail(p, ret, err);
	if (f.size && spec.offset >= f.size)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s): offset %llu is beyond the end of %s in %s (%llu bytes)",
				  p->spec->name, p->spec->section, (unsigned long long)spec.offset,
				  spec.func, path, (unsigned long long)f.size);
	offset = f.offset + spec.offset;
	if (!via_tracefs && !bl_uprobe_pmu_exists()) {
		if (l->attach_opts.probe_mode == BL_PROBE_PMU)
			return bl_err_set(err, -EOPNOTSUPP,
					  "program %s (section %s): this kernel has no uprobe PMU (/sys/bus/event_source/devices/uprobe); try --attach-mode tracefs",
					  p->spec->name, p->spec->section);
		via_tracefs = true; /* no uprobe PMU (before 4.17): tracefs */
	}
	fd = via_tracefs ? bl_uprobe_event_open(l, &p->link, path, offset, spec.func, retprobe,
						l->attach_opts.uprobe_pid, err)
			 : bl_uprobe_pmu_open(path, offset, retprobe, l->attach_opts.uprobe_pid, err);
	if (fd < 0)
		return fail(p, fd, err);
	describe(&p->link, path, &spec, &f, offset, retprobe, l->attach_opts.uprobe_pid, via_tracefs);
	ret = bl_attach_perf_event(l, p, fd, err);
	if (ret) {
		close(fd);
		bl_probe_event_remove(l, &p->link, NULL);
	}
	return ret;
}

/* The perf event and its link closed; then the uprobe_events line bpfload
 * wrote, if it made the probe through tracefs (it can go only once no
 * perf event holds it). */
static void detach_uprobe(struct bl_object *l, struct bl_link *k)
{
	bl_perf_link_close(k);
	bl_probe_event_remove(l, k, NULL);
}

const struct bl_attach_provider bl_uprobe_provider = { attach_uprobe, detach_uprobe };
