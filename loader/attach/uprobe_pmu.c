/* loader/attach/uprobe_pmu.c — uprobes through the uprobe PMU (Linux 4.17).
 *
 * Like the kprobe PMU (kprobe_pmu.c), the kernel registers a dynamic perf
 * PMU named "uprobe"; its number is in
 * /sys/bus/event_source/devices/uprobe/type. perf_event_open(2) with that
 * type creates a uprobe that lives exactly as long as the fd
 * (kernel/events/core.c, perf_uprobe_init; perf_event_open(2)):
 *   attr.config   bit "retprobe" set for a uretprobe; which bit is in
 *                 .../uprobe/format/retprobe ("config:0")
 *   attr.config1  uprobe_path: pointer to the file's path
 *   attr.config2  probe_offset: the offset in that file
 * (the bits "config:32-63", format/ref_ctr_offset, are USDT semaphores,
 * which bpfload does not use).
 *
 * perf_event_open's pid argument limits the probe to one process: the
 * kernel then plants the breakpoint only in that process's memory
 * (uprobe filters, kernel/trace/trace_uprobe.c); pid -1 with cpu 0 is
 * every process (a BPF program runs whatever CPU the event was opened on).
 */
#include "uprobe.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PMU_DIR "/sys/bus/event_source/devices/uprobe"

bool bl_uprobe_pmu_exists(void)
{
	return bl_probe_pmu_type(PMU_DIR) >= 0;
}

int bl_uprobe_pmu_open(const char *path, uint64_t offset, bool retprobe, int pid,
		       struct bl_err *err)
{
	int type = bl_probe_pmu_type(PMU_DIR), bit = 0;
	char eb[16];
	int fd;

	if (type < 0)
		return bl_err_set(err, type, "no uprobe PMU (%s/type)", PMU_DIR);
	if (retprobe && (bit = bl_probe_pmu_retprobe_bit(PMU_DIR)) < 0)
		return bl_err_set(err, bit, "the uprobe PMU has no retprobe bit (%s/format/retprobe)",
				  PMU_DIR);
	/* uprobe_path (config1): the file; probe_offset (config2): in the file */
	fd = bl_sys_perf_probe_open((uint32_t)type, retprobe ? 1ull << bit : 0,
				    (uint64_t)(uintptr_t)path, offset, pid);
	if (fd == -ESRCH && pid > 0)
		return bl_err_set(err, fd, "--pid %d: no such process", pid);
	if (fd < 0) {
		char hint[200];

		bl_perf_event_hint(fd, hint, sizeof(hint));
		return bl_err_set(err, fd, "perf_event_open on the uprobe PMU (type %d) for %s:0x%llx: %s%s",
				  type, path, (unsigned long long)offset, bl_errno_name(fd, eb), hint);
	}
	return fd;
}
