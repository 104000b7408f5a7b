/* loader/attach/kprobe_pmu.c — kprobes through the kprobe PMU (Linux 4.17).
 *
 * The kernel registers a dynamic perf PMU named "kprobe"; its number is
 * in /sys/bus/event_source/devices/kprobe/type. perf_event_open(2) with
 * that type creates a kprobe that lives exactly as long as the fd, with
 * nothing written to tracefs (kernel/events/core.c, perf_kprobe_init):
 *   attr.config   bit "retprobe" set for a kretprobe; which bit is in
 *                 .../kprobe/format/retprobe ("config:0")
 *   attr.config1  kprobe_func: pointer to the function name
 *   attr.config2  probe_offset: offset into the function
 */
#include "probe.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PMU_DIR "/sys/bus/event_source/devices/kprobe"

bool bl_kprobe_pmu_exists(void)
{
	return bl_probe_pmu_type(PMU_DIR) >= 0;
}

int bl_kprobe_pmu_open(const struct bl_probe_spec *spec, bool retprobe, struct bl_err *err)
{
	int type = bl_probe_pmu_type(PMU_DIR), bit = 0;
	char eb[16];
	int fd;

	if (type < 0)
		return bl_err_set(err, type, "no kprobe PMU (%s/type)", PMU_DIR);
	if (retprobe && (bit = bl_probe_pmu_retprobe_bit(PMU_DIR)) < 0)
		return bl_err_set(err, bit, "the kprobe PMU has no retprobe bit (%s/format/retprobe)",
				  PMU_DIR);
	/* kprobe_func (config1): the function's name; probe_offset (config2) */
	fd = bl_sys_perf_probe_open((uint32_t)type, retprobe ? 1ull << bit : 0,
				    (uint64_t)(uintptr_t)spec->func, spec->offset, 0);
	if (fd < 0) {
		char hint[200];

		bl_perf_event_hint(fd, hint, sizeof(hint));
		return bl_err_set(err, fd, "perf_event_open on the kprobe PMU (type %d) for %s+%llu: %s%s",
				  type, spec->func, (unsigned long long)spec->offset,
				  bl_errno_name(fd, eb), hint);
	}
	return fd;
}
