/* loader/load/warn.c — the library's warnings: what went wrong without
 * stopping a load (the kernel refused the object's BTF, ...). Each is one
 * line in bl_object.warnings, for the caller to show; bl_unload frees
 * them. No kernel interface here. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bl_warn(struct bl_object *l, const char *fmt, ...)
{
	char **grown, *line, buf[BL_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line = strdup(buf);
	if (!line)
		return; /* out of memory: the warning is lost, not the load */
	grown = realloc(l->warnings, (l->warning_cnt + 1) * sizeof(*grown));
	if (!grown) {
		free(line);
		return;
	}
	l->warnings = grown;
	l->warnings[l->warning_cnt++] = line;
}
