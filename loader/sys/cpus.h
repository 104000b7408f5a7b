/* loader/sys/cpus.h — the CPUs the kernel knows of (sysfs
 * /sys/devices/system/cpu/, Documentation/ABI/testing/sysfs-devices-system-cpu). */
#ifndef BL_SYS_CPUS_H
#define BL_SYS_CPUS_H

/* A CPU list as sysfs writes it ("0-3", "0,2-5\n"): the number of CPUs
 * it lists whose number is below `below`, those numbers into cpu[] in
 * order when cpu is not NULL (room for `below` entries). -EINVAL when
 * text is not such a list. Pure. */
int bl_cpu_list_parse(const char *text, int *cpu, int below);

/* Number of possible CPUs (/sys/devices/system/cpu/possible), or -errno. */
int bl_possible_cpus(void);

/* The possible CPUs whose number is below `below`, into cpu[] (room for
 * `below`): how many, or -errno. */
int bl_possible_cpu_ids(int *cpu, int below);

#endif
