/* loader/sys/kernel_version.c — the running kernel's version as a number.
 *
 * BPF_PROG_LOAD's kern_version had to equal LINUX_VERSION_CODE for kprobe
 * programs until Linux 5.0 (which stopped checking). It is
 * (major << 16) + (minor << 8) + patch, the patch level capped at 255 as
 * the kernel's own KERNEL_VERSION() macro does since 4.9.256. And as
 * major.minor alone: what the version tables of elf/kernel_req/ compare.
 */
#include "kernel_version.h"
#include "scan.h"

#include "elf/kernel_req/kernel_req.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

uint32_t bl_running_kernel_version(void)
{
	struct utsname u;
	long long major, minor, patch = 0;
	const char *p;

	/* "6.18.0-...", "6.1.0-37-amd64", "5.4": major.minor[.patch] */
	if (uname(&u) || !(p = bl_scan_int(u.release, 10, &major)) || *p != '.' ||
	    !(p = bl_scan_int(p + 1, 10, &minor)) || major < 0 || major > 255 || minor < 0 ||
	    minor > 255)
		return 0;
	if (*p == '.' && (!bl_scan_int(p + 1, 10, &patch) || patch < 0))
		patch = 0;
	if (patch > 255)
		patch = 255;
	return (major << 16) + (minor << 8) + patch;
}

uint32_t bl_running_kernel_kv(void)
{
	struct utsname u;

	return uname(&u) ? 0 : bl_kv_parse(u.release);
}

unsigned bl_kernel_long_size(void)
{
	struct utsname u;

	if (sizeof(long) == 8)
		return 8;
	if (uname(&u) == 0 && (!strcmp(u.machine, "aarch64") || !strncmp(u.machine, "armv8", 5) ||
			       !strcmp(u.machine, "x86_64")))
		return 8;
	return 4;
}
