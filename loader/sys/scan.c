/* loader/sys/scan.c — integers, decimals and words of the kernel's text
 * files without sscanf/strtod (scan.h says why). The files: proc(5)
 * (/proc/mounts, /proc/filesystems, /proc/sys/kernel/...), sysfs PMU
 * directories (Documentation/ABI/testing/sysfs-bus-event_source-devices-*),
 * tracefs event ids and trace_pipe (Documentation/trace/ftrace.rst).
 */
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0'
		: c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

const char *bl_scan_int(const char *s, int base, long long *out)
{
	unsigned long long v = 0, lim;
	bool neg = false;
	const char *start;
	int d;

	s = skip_blanks(s);
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (start = s; (d = digit(*s, base)) >= 0; s++) {
		if (v > (lim - (unsigned)d) / (unsigned)base)
			return NULL;
		v = v * (unsigned)base + (unsigned)d;
	}
	if (s == start)
		return NULL;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return s;
}

const char *bl_scan_decimal(const char *s, double *out)
{
	double whole = 0, scale = 1;
	unsigned long long frac = 0;
	int n = 0, fn = 0;

	for (; *s >= '0' && *s <= '9'; s++, n++)
		whole = whole * 10 + (*s - '0');
	if (*s == '.' && (n || (s[1] >= '0' && s[1] <= '9')))
		for (s++; *s >= '0' && *s <= '9'; s++, n++)
			if (fn < 18) {
				frac = frac * 10 + (unsigned)(*s - '0');
				scale *= 10;
				fn++;
			}
	if (!n)
		return NULL;
	*out = fn ? whole + (double)frac / scale : whole;
	return s;
}

const char *bl_scan_word(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	s = skip_blanks(s);
	if (!*s)
		return NULL;
	for (; *s && *s != ' ' && *s != '\t' && *s != '\n'; s++)
		if (n + 1 < size)
			buf[n++] = *s;
	if (size)
		buf[n] = '\0';
	return s;
}

int bl_read_int_file(const char *path, const char *prefix, long long *out)
{
	char buf[64];
	size_t plen = strlen(prefix);
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	close(fd);
	buf[n] = '\0';
	if (strncmp(buf, prefix, plen) || !bl_scan_int(buf + plen, 10, out))
		return -EINVAL;
	return 0;
}
