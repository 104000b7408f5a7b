/* loader/sys/kallsyms.c — is a name a symbol of the running kernel?
 *
 * /proc/kallsyms lists every kernel symbol as "ADDRESS TYPE NAME [MODULE]"
 * (addresses read as 0 unless kptr_restrict allows; the names are always
 * there). Used to tell "no such function" from "cannot be probed" when a
 * kprobe fails, and to find the syscall wrapper's name.
 */
#include "kallsyms.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int bl_kallsyms_has(const char *name)
{
	char line[512], sym[256];
	FILE *f = fopen("/proc/kallsyms", "re");
	int found = 0;

	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %255s", sym) == 1 && strcmp(sym, name) == 0)
			found = 1;
	fclose(f);
	return found;
}
