/* loader/sys/cpus.h — the CPUs the kernel knows of (sysfs
 * /sys/devices/system/cpu/, Documentation/ABI/testing/sysfs-devices-system-cpu). */
#ifndef BL_SYS_CPUS_H
#define BL_SYS_CPUS_H


/* Number of possible CPUs (/sys/devices/system/cpu/possible), or -errno. */
int bl_possible_cpus(void);

#endif
