/* loader/sys/pmu.c — a perf PMU as sysfs describes it
 * (/sys/bus/event_source/devices/NAME/; Documentation/ABI/testing/
 * sysfs-bus-event_source-devices-format): its `type`, the number that
 * perf_event_open(2)'s attr.type takes, and the attr.config bit that
 * `format/retprobe` names for the kprobe and uprobe PMUs (Linux 4.17). */
#include "pmu.h"

#include <errno.h>
#include <stdio.h>

int bl_probe_pmu_type(const char *pmu_dir)
{
	char path[256];
	FILE *f;
	int type = -1;

	snprintf(path, sizeof(path), "%s/type", pmu_dir);
	if (!(f = fopen(path, "re")))
		return -ENOENT;
	if (fscanf(f, "%d", &type) != 1 || type < 0)
		type = -EINVAL;
	fclose(f);
	return type;
}

/* The bit of attr.config that makes a return probe: "config:N" in format/retprobe. */
int bl_probe_pmu_retprobe_bit(const char *pmu_dir)
{
	char path[256];
	FILE *f;
	int bit = -1;

	snprintf(path, sizeof(path), "%s/format/retprobe", pmu_dir);
	if (!(f = fopen(path, "re")))
		return -ENOENT;
	if (fscanf(f, "config:%d", &bit) != 1 || bit < 0 || bit > 63)
		bit = -EINVAL;
	fclose(f);
	return bit;
}
