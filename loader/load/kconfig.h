/* loader/load/kconfig.h — the running kernel's configuration (public):
 * what .kconfig externs are filled from (loader/load/kconfig.c), and what
 * `bpfload selftest` shows. */
#ifndef BL_KCONFIG_H
#define BL_KCONFIG_H

#include <stddef.h>

/* The text of the kernel's configuration (path, else $BPFLOAD_KCONFIG,
 * /proc/config.gz, /boot/config-RELEASE; gunzipped, NUL-terminated,
 * malloc'd), its file name in used; NULL when there is none (used then
 * names what was looked for). */
char *bl_kconfig_text(const char *path, char *used, size_t used_len, size_t *len);

#endif
