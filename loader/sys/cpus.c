/* loader/sys/cpus.c — how many CPUs the kernel may use: the ranges of
 * /sys/devices/system/cpu/possible ("0-3", "0,2-5";
 * Documentation/ABI/testing/sysfs-devices-system-cpu). Per-CPU maps hold
 * one value per possible CPU. */
#include "cpus.h"

#include <errno.h>
#include <stdio.h>

int bl_possible_cpus(void)
{
	/* A list of ranges such as "0-3" or "0,2-5". */
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int n = 0, a, b;
	char sep;

	if (!f)
		return -errno;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			if (fscanf(f, "%c", &sep) != 1)
				sep = '\n';
		}
		n += b - a + 1;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n > 0 ? n : -EINVAL;
}
