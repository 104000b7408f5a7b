/* loader/output/trace_line.c — splitting a line of tracefs's trace_pipe into its
 * fields.
 *
 * The default trace format (Documentation/trace/ftrace.rst, "Output
 * format") is
 *
 *       <comm>-<pid>     [<cpu>] <irq flags> <timestamp>: <event>: <message>
 *   e.g.   chmod-4242    [001] d..31  1234.567890: bpf_trace_printk: hello
 *
 * comm may itself contain '-' and spaces, so the pid is the number after
 * the last '-' before the "[cpu]" field. With the record-tgid option the
 * tgid follows the pid in parentheses; the irq-info field may be absent.
 */
#include "trace_pipe.h"
#include "loader/sys/scan.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The " [NNN] " cpu field: its '[' or NULL. */
static const char *find_cpu_field(const char *line)
{
	for (const char *p = strstr(line, " ["); p; p = strstr(p + 1, " [")) {
		const char *q = p + 2;

		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == ']')
			return p + 1;
	}
	return NULL;
}

int bl_trace_line_parse(const char *line, struct bl_trace_line *out)
{
	const char *cpu = find_cpu_field(line), *start = line, *end, *dash, *p;
	char *num_end;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!cpu)
		return -EINVAL;
	while (*start == ' ')
		start++;
	end = cpu;
	while (end > start && end[-1] == ' ')
		end--;
	if (end > start && end[-1] == ')') { /* "(tgid)" of record-tgid */
		const char *open = end;

		while (open > start && *open != '(')
			open--;
		end = open;
		while (end > start && end[-1] == ' ')
			end--;
	}
	for (dash = end; dash > start && *dash != '-'; dash--)
		;
	if (dash == start)
		return -EINVAL;
	out->pid = (int)strtol(dash + 1, &num_end, 10);
	if (num_end != end)
		return -EINVAL;
	n = (size_t)(dash - start);
	if (n >= sizeof(out->comm))
		n = sizeof(out->comm) - 1;
	memcpy(out->comm, start, n);
	out->cpu = (int)strtol(cpu + 1, NULL, 10);

	/* After the cpu: optional flags, then "<seconds>.<micros>: ". */
	p = strchr(cpu, ']') + 1;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return -EINVAL;
		double ts;
		const char *ts_end = bl_scan_decimal(p, &ts);

		num_end = (char *)(ts_end ? ts_end : p);

		if (num_end != p && num_end[0] == ':' && num_end[1] == ' ') {
			out->timestamp = ts;
			p = num_end + 2;
			break;
		}
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
	}
	end = strstr(p, ": ");
	if (!end) {
		out->message = p;
		return 0;
	}
	n = (size_t)(end - p);
	if (n >= sizeof(out->event))
		n = sizeof(out->event) - 1;
	memcpy(out->event, p, n);
	out->message = end + 2;
	return 0;
}
