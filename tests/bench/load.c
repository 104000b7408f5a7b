/* tests/bench/load.c — the load benchmark: how long bpfload takes to open
 * and load an object, to attach and detach it and to show its first
 * event, and how much memory it needs for that, against libbpf (Debian's
 * libbpf 1.1) in the same run, and against the kernel's own share of
 * the work (docs/performance.md#loading has the method and the figures).
 *
 *   load [--pairs N] [BUILD]
 *
 * BUILD (default "build") holds what `make bench-load` builds: bpfload
 * (dynamic) and static/ARCH/bpfload (musl), tests/bench/libbpf_oneshot
 * and libbpf_oneshot_static (the peer, against libbpf.so and libbpf.a),
 * tests/bench/load_driver (the in-process measurements), and the objects
 * bpf-progs/compat/bench_core.bpf.o (3 tracepoint programs, 4 maps, 29
 * CO-RE relocations against task_struct), bench_nocore.bpf.o (the same
 * without CO-RE) and bpf-progs/fchmodat_trace.bpf.o (a seed example,
 * loaded by bpfload only: its legacy map definition is one libbpf 1.x
 * refuses).
 *
 * N pairs (default 15) of each measurement, bpfload first in even
 * rounds and libbpf first in odd ones:
 *   - open + load, a whole process each: `bpfload verify OBJ` against
 *     `libbpf_oneshot load OBJ`, dynamic against dynamic and static
 *     against static; wall time from posix_spawn(3) to wait4(2)
 *     (CLOCK_MONOTONIC), CPU time (user + system) and peak RSS (wait4's
 *     ru_utime, ru_stime, ru_maxrss). This program is linked
 *     statically with musl and stays small, because a child's ru_maxrss
 *     starts from the high-water mark of the process it was spawned
 *     from (exec keeps the old mm's mark, fs/exec.c), so a big parent
 *     would inflate every figure; and an empty process (this program
 *     with --nop) is timed beside them;
 *   - attach of every program of bench_core (3 tracepoints) and detach
 *     of the 3 links, and the kernel's floor, in one process
 *     (load_driver, whose comment says how);
 *   - startup to first event: `bpfload run OBJ` against
 *     `libbpf_oneshot first OBJ NAME`, from posix_spawn to the moment the
 *     first record of an openat(2) of NAME (which this program makes
 *     every millisecond meanwhile; the path does not exist) is read
 *     from its standard output. bpfload is then stopped with SIGINT.
 *
 * Then load_report.c prints a table (medians, [min-max], and the median
 * of the pairs' bpfload/libbpf ratios with their interquartile range),
 * and one line per target of issue 15 with PASS or FAIL. Exits 1 when a target is
 * missed or a loader fails, 0 otherwise; without root, says so in one
 * line and exits 0. Run by make bench and make bench-load; not part of
 * make check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "load.h"

extern char **environ;

#define TRIGGER "/bl-load-bench-trigger"
#define FIRST_TIMEOUT 10.0	/* seconds to wait for a first event */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* --- running processes ------------------------------------------------- */

static int devnull = -1;

static int spawn(char *const argv[], int out_fd, int err_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	ret = posix_spawn(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		fprintf(stderr, "bench load: cannot run %s: %s\n", argv[0], strerror(ret));
	return ret ? -1 : 0;
}

static int exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static double cpu_secs(const struct rusage *ru)
{
	return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
	       (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/* Runs ARGV to its end, its output to /dev/null (stderr to ours when
 * LOUD): the wall time, CPU time (user + system) and peak RSS (KiB).
 * Its exit status, or -1. */
static int run_timed(char *const argv[], bool loud, double *secs, double *cpu, long *rss_kib)
{
	struct rusage ru;
	double t0 = now();
	pid_t pid;
	int status;

	if (spawn(argv, devnull, loud ? 2 : devnull, &pid))
		return -1;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*secs = now() - t0;
	*cpu = cpu_secs(&ru);
	*rss_kib = ru.ru_maxrss;
	return exit_code(status);
}

/* Runs ARGV with its output through a pipe, making an openat(2) of
 * TRIGGER every millisecond, until WANT (or WANT2, unless NULL) shows in
 * the output: the time from the spawn to then. Then SIGINT when STOP, and
 * to its end. */
static int run_first(char *const argv[], const char *want, const char *want2, bool stop,
		     double *secs, long *rss_kib)
{
	static char buf[1 << 20];
	size_t len = 0, want_len = strlen(want), want2_len = want2 ? strlen(want2) : 0;
	size_t keep = want_len > want2_len ? want_len : want2_len;
	double t0, deadline;
	bool found = false, eof = false;
	struct rusage ru;
	int p[2], status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	t0 = now();
	if (spawn(argv, p[1], devnull, &pid)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	deadline = t0 + FIRST_TIMEOUT;
	while (!found && !eof && now() < deadline) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		int fd = openat(AT_FDCWD, TRIGGER, O_RDONLY | O_CLOEXEC);

		if (fd >= 0)
			close(fd);
		if (poll(&pfd, 1, 1) <= 0)
			continue;
		if (len == sizeof(buf)) {	/* keep the tail, where WANT may start */
			memmove(buf, buf + len - keep, keep);
			len = keep;
		}
		ssize_t n = read(p[0], buf + len, sizeof(buf) - len);

		if (n <= 0) {
			eof = true;
			break;
		}
		size_t from = len > keep ? len - keep : 0;

		len += (size_t)n;
		found = memmem(buf + from, len - from, want, want_len) != NULL ||
			(want2 && memmem(buf + from, len - from, want2, want2_len) != NULL);
	}
	*secs = now() - t0;
	if (!found)
		kill(pid, SIGKILL);
	else if (stop)
		kill(pid, SIGINT);
	while (!eof) {	/* what it prints while it stops */
		char sink[65536];
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };

		if (poll(&pfd, 1, (int)(FIRST_TIMEOUT * 1000)) <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (read(p[0], sink, sizeof(sink)) <= 0)
			break;
	}
	close(p[0]);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*rss_kib = ru.ru_maxrss;
	if (!found) {
		fprintf(stderr, "bench load: %s %s: no first event within %g s (exit %d)\n",
			argv[0], argv[1], FIRST_TIMEOUT, exit_code(status));
		return -1;
	}
	return 0;
}

/* Runs the in-process driver; its "KEY VALUE" lines become samples. */
static int run_driver(char *const argv[])
{
	static char buf[1 << 20];
	size_t len = 0;
	int p[2], status;
	pid_t pid;
	char *line, *save;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	if (spawn(argv, p[1], 2, &pid)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	for (;;) {
		ssize_t n = read(p[0], buf + len, sizeof(buf) - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(p[0]);
	buf[len] = '\0';
	waitpid(pid, &status, 0);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[64];
		double v;

		if (sscanf(line, "%63s %lf", key, &v) == 2)
			load_add(key, v);
	}
	if (exit_code(status)) {
		fprintf(stderr, "bench load: %s %s %s failed (exit %d)\n", argv[0], argv[1],
			argv[2], exit_code(status));
		return -1;
	}
	return 0;
}

/* --- the loaders and the objects ---------------------------------------- */


struct setup {
	int pairs;
	char loader[LOADERS][4096];
	char driver[4096];
	char self[4096];
	char obj[3][4096];	/* core, nocore, seed */
};

/* The seed example declares its map the legacy way (SEC("maps")), which
 * libbpf 1.0 and later refuse to open: bpfload alone loads it. */
static bool runs(int obj, int loader)
{
	return obj != 2 || loader == BL_DYN || loader == BL_STATIC;
}

/* The order of the loaders in round R: bpfload first in even rounds. */
static int loader_at(int r, int i)
{
	static const int even[LOADERS] = { BL_DYN, LB_DYN, BL_STATIC, LB_STATIC };
	static const int odd[LOADERS] = { LB_DYN, BL_DYN, LB_STATIC, BL_STATIC };

	return r % 2 ? odd[i] : even[i];
}

static void loader_argv(const struct setup *s, int l, const char *cmd_bl, const char *cmd_lb,
			const char *obj, const char *extra, char *argv[5])
{
	bool bl = l == BL_DYN || l == BL_STATIC;

	argv[0] = (char *)s->loader[l];
	argv[1] = (char *)(bl ? cmd_bl : cmd_lb);
	argv[2] = (char *)obj;
	argv[3] = bl ? NULL : (char *)extra;
	argv[4] = NULL;
}

/* Each loader loads each object once, loudly: a failure stops the run. */
static int check_loaders(const struct setup *s)
{
	for (int o = 0; o < 3; o++)
		for (int l = 0; l < LOADERS; l++) {
			char *argv[5];
			double t, cpu;
			long rss;
			int ret;

			if (!runs(o, l))
				continue;
			loader_argv(s, l, "verify", "load", s->obj[o], NULL, argv);
			ret = run_timed(argv, true, &t, &cpu, &rss);
			if (ret) {
				fprintf(stderr, "bench load: %s %s %s: exit %d\n", argv[0], argv[1],
					argv[2], ret);
				return -1;
			}
		}
	return 0;
}

/* A sample of measurement WHAT of object O by loader L. */
static void sample(const char *what, int o, int l, double v)
{
	char key[96];

	snprintf(key, sizeof(key), "%s.%s.%s", what, load_obj_key[o], load_loader_key[l]);
	load_add(key, v);
}

static int open_load_rounds(const struct setup *s)
{
	char *nop[] = { (char *)s->self, "--nop", NULL };

	for (int r = 0; r < s->pairs; r++) {
		double t, cpu;
		long rss;

		if (run_timed(nop, true, &t, &cpu, &rss))
			return -1;
		load_add("time.empty", t);
		load_add("cpu.empty", cpu);
		load_add("rss.empty", rss / 1024.0);
		for (int o = 0; o < 3; o++)
			for (int i = 0; i < LOADERS; i++) {
				int l = loader_at(r, i);
				char *argv[5];

				if (!runs(o, l))
					continue;
				loader_argv(s, l, "verify", "load", s->obj[o], NULL, argv);
				if (run_timed(argv, false, &t, &cpu, &rss)) {
					fprintf(stderr, "bench load: %s %s %s failed\n", argv[0],
						argv[1], argv[2]);
					return -1;
				}
				sample("time", o, l, t);
				sample("cpu", o, l, cpu);
				sample("rss", o, l, rss / 1024.0);
			}
	}
	return 0;
}

static int driver_rounds(const struct setup *s)
{
	char pairs[16];

	snprintf(pairs, sizeof(pairs), "%d", s->pairs);
	char *floor_core[] = { (char *)s->driver, "floor", "core", (char *)s->obj[0], pairs, NULL };
	char *floor_nocore[] = { (char *)s->driver, "floor", "nocore", (char *)s->obj[1], pairs,
				 NULL };
	char *attach[] = { (char *)s->driver, "attach", "core", (char *)s->obj[0], pairs, NULL };

	if (run_driver(floor_core) || run_driver(floor_nocore) || run_driver(attach))
		return -1;
	return 0;
}

static int first_event_rounds(const struct setup *s)
{
	char want[3 * sizeof(TRIGGER)] = "";

	/* bpfload run prints the record's NAME as text when it finds the
	 * record's type (the object's DWARF, in the dynamic build), else as
	 * hex bytes */
	for (size_t i = 0; i < strlen(TRIGGER); i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%02x", i ? " " : "",
			 (unsigned char)TRIGGER[i]);
	for (int r = 0; r < s->pairs; r++)
		for (int o = 0; o < 2; o++)
			for (int i = 0; i < LOADERS; i++) {
				int l = loader_at(r, i);
				bool bl = l == BL_DYN || l == BL_STATIC;
				char *argv[5];
				double t;
				long rss;

				loader_argv(s, l, "run", "first", s->obj[o], TRIGGER, argv);
				if (run_first(argv, bl ? want : "first event", bl ? TRIGGER : NULL, bl,
					      &t, &rss))
					return -1;
				sample("first", o, l, t);
				sample("firstrss", o, l, rss / 1024.0);
			}
	return 0;
}

/* --- main ------------------------------------------------------------------ */

static void loadavg(const char *when)
{
	char b[128] = "?";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (!fgets(b, sizeof(b), f))
			snprintf(b, sizeof(b), "?\n");
		fclose(f);
	}
	printf("load average %s: %s", when, b);
}

static int setup_paths(struct setup *s, const char *build)
{
	struct utsname u;
	const char *arch;
	ssize_t n;

	uname(&u);
	arch = !strcmp(u.machine, "aarch64") ? "arm64" : u.machine;
	snprintf(s->loader[BL_DYN], sizeof(s->loader[0]), "%s/bpfload", build);
	snprintf(s->loader[BL_STATIC], sizeof(s->loader[0]), "%s/static/%s/bpfload", build, arch);
	snprintf(s->loader[LB_DYN], sizeof(s->loader[0]), "%s/tests/bench/libbpf_oneshot", build);
	snprintf(s->loader[LB_STATIC], sizeof(s->loader[0]), "%s/tests/bench/libbpf_oneshot_static",
		 build);
	snprintf(s->driver, sizeof(s->driver), "%s/tests/bench/load_driver", build);
	snprintf(s->obj[0], sizeof(s->obj[0]), "%s/bpf-progs/compat/bench_core.bpf.o", build);
	snprintf(s->obj[1], sizeof(s->obj[1]), "%s/bpf-progs/compat/bench_nocore.bpf.o", build);
	snprintf(s->obj[2], sizeof(s->obj[2]), "%s/bpf-progs/fchmodat_trace.bpf.o", build);
	n = readlink("/proc/self/exe", s->self, sizeof(s->self) - 1);
	if (n <= 0)
		return -1;
	s->self[n] = '\0';
	for (int l = 0; l < LOADERS; l++)
		if (access(s->loader[l], X_OK)) {
			fprintf(stderr, "bench load: %s: %s (make bench-load builds it)\n",
				s->loader[l], strerror(errno));
			return -1;
		}
	for (int o = 0; o < 3; o++)
		if (access(s->obj[o], R_OK)) {
			fprintf(stderr, "bench load: %s: %s (make bench-load builds it)\n", s->obj[o],
				strerror(errno));
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	struct setup s = { .pairs = 15 };
	const char *build = "build";
	bool pass;

	if (argc == 2 && !strcmp(argv[1], "--nop"))
		return 0;	/* the empty process */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pairs") && i + 1 < argc) {
			s.pairs = atoi(argv[++i]);
			if (s.pairs < 1 || s.pairs > MAX_SAMPLES / 2) {
				fprintf(stderr, "bench load: --pairs wants 1 to %d\n",
					MAX_SAMPLES / 2);
				return 2;
			}
		} else if (argv[i][0] != '-') {
			build = argv[i];
		} else {
			fprintf(stderr, "usage: load [--pairs N] [BUILD]\n");
			return 2;
		}
	}
	if (geteuid() != 0) {
		printf("bench load: skipped: needs root (bpf(2), perf_event_open(2))\n");
		return 0;
	}
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0 || setup_paths(&s, build))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	loadavg("at the start");
	if (check_loaders(&s) || open_load_rounds(&s) || driver_rounds(&s) ||
	    first_event_rounds(&s))
		return 1;
	pass = load_report(s.pairs);
	loadavg("at the end");
	printf(pass ? "bench load: every target met\n" : "bench load: a target was missed\n");
	return pass ? 0 : 1;
}
