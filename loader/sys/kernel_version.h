/* loader/sys/kernel_version.h — the running kernel's version, uname(2). */
#ifndef BL_SYS_KERNEL_VERSION_H
#define BL_SYS_KERNEL_VERSION_H

#include <stdint.h>

/* LINUX_VERSION_CODE of the running kernel: (major << 16) + (minor << 8)
 * + patch. */
uint32_t bl_running_kernel_version(void);

#endif
