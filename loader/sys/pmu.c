/* loader/sys/pmu.c — a perf PMU as sysfs describes it
 * (/sys/bus/event_source/devices/NAME/; Documentation/ABI/testing/
 * sysfs-bus-event_source-devices-format): its `type`, the number that
 * perf_event_open(2)'s attr.type takes, and the attr.config bit that
 * `format/retprobe` names for the kprobe and uprobe PMUs (Linux 4.17). */
#include "pmu.h"
#include "scan.h"

#include <errno.h>
#include <stdio.h>

int bl_probe_pmu_type(const char *pmu_dir)
{
	char path[256];
	long long type;
	int ret;

	snprintf(path, sizeof(path), "%s/type", pmu_dir);
	ret = bl_read_int_file(path, "", &type);
	if (ret && ret != -EINVAL)
		return -ENOENT;
	if (ret || type < 0 || type > 0x7fffffff)
		return -EINVAL;
	return (int)type;
}

/* The first bit of a field of attr.config, from "config:N" (or
 * "config:N-M") in the PMU's format/FIELD file. */
static int config_bit(const char *pmu_dir, const char *field)
{
	char path[256];
	long long bit;
	int ret;

	snprintf(path, sizeof(path), "%s/format/%s", pmu_dir, field);
	ret = bl_read_int_file(path, "config:", &bit);
	if (ret && ret != -EINVAL)
		return -ENOENT;
	if (ret || bit < 0 || bit > 63)
		return -EINVAL;
	return (int)bit;
}

/* The bit of attr.config that makes a return probe: format/retprobe. */
int bl_probe_pmu_retprobe_bit(const char *pmu_dir)
{
	return config_bit(pmu_dir, "retprobe");
}

int bl_probe_pmu_ref_ctr_shift(const char *pmu_dir)
{
	return config_bit(pmu_dir, "ref_ctr_offset");
}
