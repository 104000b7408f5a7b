/* loader/sys/kernel_version.c — the running kernel's version as a number.
 *
 * BPF_PROG_LOAD's kern_version had to equal LINUX_VERSION_CODE for kprobe
 * programs until Linux 5.0 (which stopped checking). It is
 * (major << 16) + (minor << 8) + patch, the patch level capped at 255 as
 * the kernel's own KERNEL_VERSION() macro does since 4.9.256.
 */
#include "kernel_version.h"

#include <stdio.h>
#include <sys/utsname.h>

uint32_t bl_running_kernel_version(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0, patch = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &major, &minor, &patch) < 2)
		return 0;
	if (patch > 255)
		patch = 255;
	return (major << 16) + (minor << 8) + patch;
}
