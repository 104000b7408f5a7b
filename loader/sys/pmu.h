/* loader/sys/pmu.h — perf PMUs in sysfs (loader/sys/pmu.c). */
#ifndef BL_SYS_PMU_H
#define BL_SYS_PMU_H

/* The type number of a PMU (pmu_dir: /sys/bus/event_source/devices/kprobe
 * or .../uprobe), -ENOENT without it, -EINVAL when unreadable. */
int bl_probe_pmu_type(const char *pmu_dir);
/* The attr.config bit of its return probes (format/retprobe "config:N"). */
int bl_probe_pmu_retprobe_bit(const char *pmu_dir);

#endif
