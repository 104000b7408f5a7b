/* loader/sys/cpus.c — which CPUs the kernel may use: the ranges of
 * /sys/devices/system/cpu/possible ("0-3", "0,2-5";
 * Documentation/ABI/testing/sysfs-devices-system-cpu, and the cpulist
 * format of Documentation/admin-guide/kernel-parameters.rst). Per-CPU
 * maps hold one value per possible CPU; a perf buffer has one ring per
 * possible CPU. The one parser of such lists in bpfload. */
#include "cpus.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* No machine Linux runs on has more (NR_CPUS is at most 8192). */
#define BL_CPU_MAX (1 << 16)

static int number(const char **s, long *out)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -EINVAL;
	*out = strtol(*s, &end, 10);
	*s = end;
	return *out <= BL_CPU_MAX ? 0 : -EINVAL;
}

int bl_cpu_list_parse(const char *text, int *cpu, int below)
{
	const char *s = text;
	long a, b;
	int n = 0;

	for (;;) {
		if (number(&s, &a))
			return -EINVAL;
		b = a;
		if (*s == '-' && (s++, number(&s, &b) || b < a))
			return -EINVAL;
		for (long c = a; c <= b && c < below; c++) {
			if (cpu && n < below) /* a list that repeats a CPU: no overflow */
				cpu[n] = (int)c;
			n++;
		}
		if (*s != ',')
			break;
		s++;
	}
	return *s == '\0' || *s == '\n' ? n : -EINVAL;
}

/* The first line of the possible list into buf. */
static int read_possible(char *buf, size_t len)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int ret = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		ret = -EINVAL;
	fclose(f);
	return ret;
}

int bl_possible_cpu_ids(int *cpu, int below)
{
	char buf[4096];
	int ret = read_possible(buf, sizeof(buf));

	if (ret)
		return ret;
	ret = bl_cpu_list_parse(buf, cpu, below);
	return ret == 0 ? -EINVAL : ret;
}

/* The set is fixed at boot (the kernel sizes per-CPU data by it, and
 * CPUs coming online later are among the possible ones): read it once.
 * Per-CPU map values are sized by it at every map dump. */
int bl_possible_cpus(void)
{
	static int cached;

	if (!cached) {
		int n = bl_possible_cpu_ids(NULL, INT_MAX);

		if (n < 0)
			return n;
		cached = n;
	}
	return cached;
}
