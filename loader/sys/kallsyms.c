/* loader/sys/kallsyms.c — the running kernel's symbols.
 *
 * /proc/kallsyms lists every kernel symbol as "ADDRESS TYPE NAME [MODULE]"
 * (addresses read as 0 unless kptr_restrict allows; the names are always
 * there; Documentation/admin-guide/sysctl/kernel.rst, kptr_restrict).
 * Which symbols: functions always, variables only in a kernel built with
 * CONFIG_KALLSYMS_ALL. Used to tell "no such function" from "cannot be
 * probed" when a kprobe fails, to find the syscall wrapper's name, and
 * for the addresses of __ksym externs (loader/load/ksyms.c).
 */
#include "kallsyms.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bl_kallsyms_each(bl_kallsyms_cb cb, void *ctx)
{
	char line[1024];	/* KSYM_NAME_LEN is 512 since 6.1 */
	FILE *f = fopen("/proc/kallsyms", "re");
	int ret = 0;

	if (!f)
		return -errno;
	while (!ret && fgets(line, sizeof(line), f)) {
		char *end, *name, *mod, type;
		uint64_t addr = strtoull(line, &end, 16);

		if (end == line || *end != ' ' || !end[1] || end[2] != ' ')
			continue; /* not "ADDR T NAME" */
		type = end[1];
		name = end + 3;
		name[strcspn(name, "\n")] = '\0';
		mod = strchr(name, '\t');
		if (mod) {
			*mod++ = '\0';
			mod += strspn(mod, "[");
			mod[strcspn(mod, "]")] = '\0';
		}
		ret = cb(addr, type, name, mod, ctx);
	}
	fclose(f);
	return ret;
}

static int is_name(uint64_t addr, char type, const char *name, const char *module, void *want)
{
	(void)addr;
	(void)type;
	(void)module;
	return strcmp(name, want) == 0;
}

int bl_kallsyms_has(const char *name)
{
	return bl_kallsyms_each(is_name, (void *)name);
}
