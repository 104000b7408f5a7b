/* loader/sys/read_file.h — a whole file of the kernel's read into memory
 * (sysfs, procfs: /sys/kernel/btf/vmlinux, /proc/config.gz). */
#ifndef BL_SYS_READ_FILE_H
#define BL_SYS_READ_FILE_H

#include <stddef.h>

/* Reads path to its end into *out (malloc'd, with a NUL after the last
 * byte, which *len does not count). -EFBIG past max bytes, else 0 or
 * -errno. */
int bl_read_file(const char *path, size_t max, unsigned char **out, size_t *len);

#endif
