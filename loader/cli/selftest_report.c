/* loader/cli/selftest_report.c — the lines of `bpfload selftest`'s report,
 * collected by every check (selftest_checks.c, selftest_system.c) and
 * printed by the command (selftest.c). */
#include "selftest.h"

#include <stdarg.h>
#include <stdio.h>

enum st_status st_add(struct selftest *t, const char *name, enum st_status st, const char *fmt, ...)
{
	struct st_check *c;
	va_list ap;

	if (t->n == ST_MAX_CHECKS)
		return st;
	c = &t->c[t->n++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->st = st;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return st;
}
