/* loader/sys/kallsyms.h — the running kernel's symbols (/proc/kallsyms). */
#ifndef BL_SYS_KALLSYMS_H
#define BL_SYS_KALLSYMS_H

/* Is name a symbol of the running kernel? 1 yes, 0 no, negative errno
 * when kallsyms cannot be read. */
int bl_kallsyms_has(const char *name);

#endif
