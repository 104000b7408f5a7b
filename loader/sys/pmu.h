/* loader/sys/pmu.h — perf PMUs in sysfs (loader/sys/pmu.c). */
#ifndef BL_SYS_PMU_H
#define BL_SYS_PMU_H

/* The type number of a PMU (pmu_dir: /sys/bus/event_source/devices/kprobe
 * or .../uprobe), -ENOENT without it, -EINVAL when unreadable. */
int bl_probe_pmu_type(const char *pmu_dir);
/* The attr.config bit of its return probes (format/retprobe "config:N"). */
int bl_probe_pmu_retprobe_bit(const char *pmu_dir);

/* The first attr.config bit of the uprobe PMU's reference counter offset
 * (format/ref_ctr_offset "config:32-63", Linux 4.20: USDT semaphores);
 * -ENOENT when the PMU has none. */
int bl_probe_pmu_ref_ctr_shift(const char *pmu_dir);

#endif
