/* loader/attach/probe_spec.c — the text of kprobe targets and of the tracefs
 * events bpfload creates for them. Pure string work, no syscalls.
 *
 * A kprobe target is FUNCTION[+OFFSET], as in SEC("kprobe/do_unlinkat")
 * or SEC("kprobe/do_sys_openat2+0x10"). Both end up in a line written to
 * tracefs's kprobe_events (Documentation/trace/kprobetrace.rst):
 *
 *   p[:[GRP/]EVENT] SYMBOL[+offs]      a kprobe
 *   r[MAXACTIVE][:[GRP/]EVENT] SYMBOL  a kretprobe
 *   -:[GRP/]EVENT                      remove it
 *
 * That file takes commands: a section name is untrusted input, so the
 * function name is checked to be a plain symbol before it gets there.
 */
#include "probe.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kernel symbols: C identifiers, plus the '.' of compiler suffixes
 * (do_sys_open.isra.0, foo.constprop.0, foo.cold). */
static bool is_symbol(const char *s, size_t n)
{
	if (n == 0 || n >= BL_PROBE_FUNC_MAX || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

const char *bl_probe_printable(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len; i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

int bl_probe_offset_parse(const char *plus, uint64_t *out)
{
	unsigned long long off;
	char *end;

	if (!isdigit((unsigned char)plus[1]))
		return -EINVAL;
	errno = 0;
	off = strtoull(plus + 1, &end, 0);
	if (errno || *end || off > 0xffffffffull)
		return -EINVAL;
	*out = off;
	return 0;
}

int bl_probe_spec_parse(const char *target, struct bl_probe_spec *out, struct bl_err *err)
{
	const char *plus;
	char shown[160];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!target || !*target)
		return bl_err_set(err, -EINVAL, "no function named: write SEC(\"kprobe/FUNCTION\")");
	plus = strchr(target, '+');
	n = plus ? (size_t)(plus - target) : strlen(target);
	if (!is_symbol(target, n))
		return bl_err_set(err, -EINVAL,
				  "'%s' is not a kernel function name (letters, digits, '_' and '.', at most %d)",
				  bl_probe_printable(target, shown, sizeof(shown)), BL_PROBE_FUNC_MAX - 1);
	memcpy(out->func, target, n);
	if (plus && bl_probe_offset_parse(plus, &out->offset))
		return bl_err_set(err, -EINVAL, "'%s': the offset after '+' is not a number",
				  bl_probe_printable(target, shown, sizeof(shown)));
	return 0;
}

void bl_probe_event_name(char *buf, size_t len, int pid, unsigned seq, const char *func)
{
	int n = snprintf(buf, len, "bpfload_%d_%u_", pid, seq);

	/* The rest is the function, with what event names cannot hold
	 * ('.' of kernel symbols, '$' and '@' of user-space ones) made '_';
	 * cut to fit: tracefs event names have at most 63 chars. */
	for (size_t i = n > 0 ? (size_t)n : 0; *func && i + 1 < len; func++, i++) {
		buf[i] = isalnum((unsigned char)*func) ? *func : '_';
		buf[i + 1] = '\0';
	}
}

int bl_probe_event_owner(const char *event)
{
	const char *p = event;
	char *end;
	long pid;

	if (strncmp(p, "bpfload_", 8))
		return -1;
	p += 8;
	if (!isdigit((unsigned char)*p))
		return -1;
	pid = strtol(p, &end, 10);
	if (*end != '_' || !isdigit((unsigned char)end[1]) || pid <= 0 || pid > 0x3fffffff)
		return -1;
	p = end + 1;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '_' ? (int)pid : -1;
}

int bl_probe_events_line_event(const char *line, char *group, size_t glen, char *event,
			       size_t elen)
{
	const char *colon = strchr(line, ':'), *slash, *end;

	/* "p:kprobes/NAME SYMBOL..." or "r16:kprobes/NAME SYMBOL" */
	if (!colon || (line[0] != 'p' && line[0] != 'r'))
		return -EINVAL;
	slash = strchr(colon, '/');
	end = colon + strcspn(colon, " \n");
	if (!slash || slash > end || (size_t)(slash - colon - 1) >= glen ||
	    (size_t)(end - slash - 1) >= elen || slash == colon + 1 || end == slash + 1)
		return -EINVAL;
	memcpy(group, colon + 1, (size_t)(slash - colon - 1));
	group[slash - colon - 1] = '\0';
	memcpy(event, slash + 1, (size_t)(end - slash - 1));
	event[end - slash - 1] = '\0';
	return 0;
}
