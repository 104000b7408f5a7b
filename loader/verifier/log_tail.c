/* loader/verifier/log_tail.c — the last lines of a log (see log_tail.h). */
#include "log_tail.h"

#include <string.h>

size_t bl_log_lines(const char *log)
{
	size_t n = 0;

	if (!log || !*log)
		return 0;
	for (const char *p = log; (p = strchr(p, '\n')); p++)
		n++;
	return n + (log[strlen(log) - 1] != '\n');
}

const char *bl_log_tail(const char *log, size_t max, size_t *elided)
{
	size_t total = bl_log_lines(log), seen = 0;
	const char *p;

	if (elided)
		*elided = 0;
	if (!log)
		return NULL;
	if (total <= max)
		return log;
	if (elided)
		*elided = total - max;
	p = log + strlen(log);
	if (!max)
		return p;
	if (p[-1] == '\n')
		p--;
	/* back over max - 1 line breaks: p is then just after the max-th
	 * '\n' from the end (there is one: total > max) */
	while (p > log) {
		if (p[-1] == '\n' && ++seen == max)
			break;
		p--;
	}
	return p;
}
