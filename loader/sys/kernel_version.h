/* loader/sys/kernel_version.h — the running kernel's version, uname(2). */
#ifndef BL_SYS_KERNEL_VERSION_H
#define BL_SYS_KERNEL_VERSION_H

#include <stdint.h>

/* LINUX_VERSION_CODE of the running kernel: (major << 16) + (minor << 8)
 * + patch. */
uint32_t bl_running_kernel_version(void);
/* The running kernel's major.minor as elf/kernel_req/ writes versions,
 * BL_KV(major, minor) (its bl_kv_parse of the release); 0 when unknown. */
uint32_t bl_running_kernel_kv(void);
/* The size of the kernel's unsigned long and pointers: ours, unless we
 * are a 32-bit process on a 64-bit kernel (the machine uname reports:
 * aarch64, or armv8l under the linux32 personality, x86_64). */
unsigned bl_kernel_long_size(void);

#endif
