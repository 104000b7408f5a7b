/*
 * tests/compat/libbpf_load.c — the reference loader of the compatibility
 * table (docs/compat.md): one BPF object loaded whole by libbpf
 * (Debian 12's libbpf-dev, 1.1), as a tool built on a libbpf skeleton
 * would load it, but with every program at its default autoload.
 *
 *     libbpf_load OBJ
 *
 * bpf_object__open_file() then bpf_object__load(): BTF, maps, CO-RE,
 * every program (BPF_BTF_LOAD, BPF_MAP_CREATE, BPF_PROG_LOAD of
 * include/uapi/linux/bpf.h, through libbpf). Nothing is attached. Prints
 * one line,
 *
 *     OK
 *     FAIL <errno name>: <libbpf's message>[; log: <the verifier's last line>]
 *
 * and exits 0 or 1 (2 on bad usage). libbpf's messages are caught by its
 * print callback (libbpf_set_print), so that the reason fits on that
 * line: the last warning before libbpf's closing "failed to load"
 * lines, and from a rejected program's verifier log the last line
 * before the statistics; LIBBPF_DEBUG=1 in the environment prints all of them to stderr
 * as well. Linked statically (make compat-files) so that it runs in the
 * VM's busybox initramfs.
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last telling warning libbpf printed outside a verifier log (not
 * its closing "failed to load object" lines), and the last telling line
 * of the last verifier log. */
static char reason[512];
static char log_last[256];
static int echo_all;

/* one_line S: S without its "libbpf: " prefix, with trailing blanks cut
 * and newlines inside turned into spaces. */
static void one_line(char *s)
{
	size_t n;
	char *p;

	if (strncmp(s, "libbpf: ", 8) == 0)
		memmove(s, s + 8, strlen(s + 8) + 1);
	for (p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* Whether a log LINE (of LEN bytes) is the verifier's closing statistics
 * rather than what it stopped at. */
static int stats_line(const char *line, size_t len)
{
	static const char *const stats[] = { "processed ", "verification time ", "stack depth " };

	for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		if (len >= strlen(stats[i]) && strncmp(line, stats[i], strlen(stats[i])) == 0)
			return 1;
	return len == 0;
}

/* The verifier log between libbpf 1.1's "-- BEGIN PROG LOAD LOG --" and
 * "-- END PROG LOAD LOG --" (one message): its last line that is not a
 * statistics line, into log_last. */
static void keep_log_tail(const char *msg)
{
	const char *begin = strstr(msg, "-- BEGIN PROG LOAD LOG --");
	const char *end = strstr(msg, "-- END PROG LOAD LOG --");
	const char *line, *best = NULL;
	size_t best_len = 0;

	begin = strchr(begin, '\n');
	if (!begin)
		return;
	if (!end)
		end = msg + strlen(msg);
	for (line = begin + 1; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);

		if (!stats_line(line, len)) {
			best = line;
			best_len = len;
		}
		line += len + 1;
	}
	if (best)
		snprintf(log_last, sizeof(log_last), "%.*s",
			 (int)(best_len < sizeof(log_last) ? best_len : sizeof(log_last) - 1), best);
}

/* libbpf's closing lines, which say only that something before failed,
 * and its guess at EPERM (a memlock limit), which is not the reason on
 * a kernel that accounts BPF memory to cgroups (5.11 on). */
static int wrap_up(const char *msg)
{
	static const char *const generic[] = {
		"failed to load object", "failed to prepare load attributes",
		"try raising 'ulimit -l'",
	};
	const char *p = strstr(msg, "failed to load: -");

	for (size_t i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (strstr(msg, generic[i]))
			return 1;
	/* "prog 'NAME': failed to load: -22" */
	if (p) {
		p += strlen("failed to load: -");
		return p[strspn(p, "0123456789")] == '\0';
	}
	return 0;
}

static int print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[8192];
	va_list copy;

	va_copy(copy, ap);
	if (echo_all)
		vfprintf(stderr, fmt, copy);
	va_end(copy);
	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (strstr(buf, "-- BEGIN PROG LOAD LOG --")) {
		keep_log_tail(buf);
		return 0;
	}
	one_line(buf);
	if (buf[0] && !wrap_up(buf))
		snprintf(reason, sizeof(reason), "%.*s", (int)sizeof(reason) - 1, buf);
	return 0;
}

/* errno_name E: "EPERM" for 1, "E<number>" when glibc has no name. */
static const char *errno_name(int e)
{
	static char num[24];
	const char *n = strerrorname_np(e);

	if (n)
		return n;
	snprintf(num, sizeof(num), "E%d", e);
	return num;
}

static int fail(int e)
{
	if (e < 0)
		e = -e;
	printf("FAIL %s: %s", errno_name(e), reason[0] ? reason : strerror(e));
	if (log_last[0])
		printf("; log: %s", log_last);
	printf("\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	const char *dbg = getenv("LIBBPF_DEBUG");
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: libbpf_load OBJ\n");
		return 2;
	}
	echo_all = dbg && *dbg && strcmp(dbg, "0") != 0;
	libbpf_set_print(print_cb);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return fail(errno ? errno : EINVAL);
	err = bpf_object__load(obj);
	if (err) {
		fail(err);
		bpf_object__close(obj);
		return 1;
	}
	printf("OK\n");
	bpf_object__close(obj);
	return 0;
}
