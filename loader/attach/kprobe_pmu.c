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
 * or, with config1 0, config2 is kprobe_addr: the probe's address
 * (include/uapi/linux/perf_event.h, the unions of config1 and config2;
 * perf_kprobe_init passes a NULL name and the address on). A name the
 * kernel has twice is refused by name since Linux 6.6 and the stable
 * kernels that took the check (EADDRNOTAVAIL, "tracing/kprobes: Return
 * EADDRNOTAVAIL when func matches several symbols"); an address is not.
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

static int pmu_open(uint64_t config1, uint64_t config2, const char *what, bool retprobe,
		    struct bl_err *err)
{
	int type = bl_probe_pmu_type(PMU_DIR), bit = 0;
	char eb[16];
	int fd;

	if (type < 0)
		return bl_err_set(err, type, "no kprobe PMU (%s/type)", PMU_DIR);
	if (retprobe && (bit = bl_probe_pmu_retprobe_bit(PMU_DIR)) < 0)
		return bl_err_set(err, bit, "the kprobe PMU has no retprobe bit (%s/format/retprobe)",
				  PMU_DIR);
	fd = bl_sys_perf_probe_open((uint32_t)type, retprobe ? 1ull << bit : 0, config1, config2, 0);
	if (fd < 0) {
		char hint[200];

		bl_perf_event_hint(fd, hint, sizeof(hint));
		return bl_err_set(err, fd, "perf_event_open on the kprobe PMU (type %d) for %s: %s%s",
				  type, what, bl_errno_name(fd, eb), hint);
	}
	return fd;
}

int bl_kprobe_pmu_open(const struct bl_probe_spec *spec, bool retprobe, struct bl_err *err)
{
	char what[BL_PROBE_FUNC_MAX + 32];

	snprintf(what, sizeof(what), "%s+%llu", spec->func, (unsigned long long)spec->offset);
	/* kprobe_func (config1): the function's name; probe_offset (config2) */
	return pmu_open((uint64_t)(uintptr_t)spec->func, spec->offset, what, retprobe, err);
}

int bl_kprobe_pmu_open_addr(const char *name, uint64_t addr, bool retprobe, struct bl_err *err)
{
	char what[BL_PROBE_FUNC_MAX + 48];

	snprintf(what, sizeof(what), "%.128s at 0x%llx", name, (unsigned long long)addr);
	/* no kprobe_func: config2 is kprobe_addr */
	return pmu_open(0, addr, what, retprobe, err);
}
