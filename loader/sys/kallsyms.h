/* loader/sys/kallsyms.h — the running kernel's symbols (/proc/kallsyms). */
#ifndef BL_SYS_KALLSYMS_H
#define BL_SYS_KALLSYMS_H

#include <stdint.h>

/* Is name a symbol of the running kernel? 1 yes, 0 no, negative errno
 * when kallsyms cannot be read. */
int bl_kallsyms_has(const char *name);

/* Every line of /proc/kallsyms, in order: cb(addr, type, name, module,
 * ctx), module NULL for vmlinux's symbols ("[ext4]" gives "ext4").
 * Addresses read as 0 when the kernel hides them from this process
 * (kernel.kptr_restrict, no CAP_SYSLOG). A non-zero return of cb stops
 * the walk and is returned; else 0, or -errno when the file cannot be
 * read. */
typedef int (*bl_kallsyms_cb)(uint64_t addr, char type, const char *name, const char *module,
			      void *ctx);
int bl_kallsyms_each(bl_kallsyms_cb cb, void *ctx);

#endif
