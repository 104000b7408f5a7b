/* tests/bench/soak.c — `bpfload run` on a ring buffer program under a
 * steady load: does its memory stay flat, and does every record arrive?
 *
 * bpf-progs/soak_ringbuf.bpf.o sends one numbered 8-byte record per
 * getppid(2) of one process into a 16 MiB ring buffer (BPF_MAP_TYPE_RINGBUF,
 * Documentation/bpf/ringbuf.rst) and counts in .bss the records the ring
 * had no room for. This driver:
 *   - starts a generator pinned to CPU 1 (sched_setaffinity(2)), which
 *     waits, then calls getppid N times (5 million by default) spread
 *     evenly over S seconds (60 by default);
 *   - starts `bpfload run OBJ --set soak_tgid=GENERATOR` pinned to CPU 0,
 *     reads its standard output through a pipe and counts the record lines
 *     ("event soak_ring ..."), checking that the numbers in them go
 *     0, 1, 2, ... without a gap;
 *   - once bpfload has attached, samples VmRSS, RssAnon and VmHWM from
 *     /proc/PID/status (proc(5)), lets the generator go, samples again 2 s
 *     into the load ("start") and when the generator is done and the last
 *     record has come ("end"), with its CPU time (/proc/PID/stat), then
 *     stops bpfload with SIGINT and reads the
 *     counts it prints at exit: records read from the ring, and the
 *     program's soak_drops.
 *
 *   soak BPFLOAD OBJ [--events N] [--seconds S] [--rss-slack KIB]
 *
 * Passes (exit 0) when every record came, in order, none dropped, and
 * VmRSS grew by less than --rss-slack KiB (default 1024) from "start" to
 * "end". Run by `make bench`; not part of make check (a minute or more).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct mem {
	long rss_kib, anon_kib, hwm_kib;
	double cpu_s;		/* user + system time so far (/proc/PID/stat) */
};

struct counts {
	uint64_t lines;		/* record lines of soak_ring */
	uint64_t next_seq;	/* the number the next record must carry */
	uint64_t out_of_order;	/* records whose number was not next_seq */
	bool seq_checked;	/* the lines carry the record as hex bytes */
	bool attached;		/* "running for" / "Ctrl-C" seen */
	long ring_records;	/* "events soak_ring (ringbuf): N records", -1 if absent */
	long drops;		/* soak_drops at exit, -1 if not found */
	bool in_bss;		/* the next "value:" line is the .bss map's */
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		fprintf(stderr, "soak: cannot pin to CPU %d: %s (going on)\n", cpu, strerror(errno));
}

static int read_mem(pid_t pid, struct mem *m)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	memset(m, 0, sizeof(*m));
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "VmRSS: %ld", &m->rss_kib);
		sscanf(line, "RssAnon: %ld", &m->anon_kib);
		sscanf(line, "VmHWM: %ld", &m->hwm_kib);
	}
	fclose(f);
	/* fields 14 and 15, utime and stime in clock ticks, after the
	 * command name in parentheses */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (f) {
		unsigned long ut, st;
		char *p = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;

		if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
				&st) == 2)
			m->cpu_s = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
		fclose(f);
	}
	return 0;
}

/* The generator: waits for a byte on go_fd, then n getppid calls spread
 * over secs seconds (it catches up when it falls behind). */
static void generate(int go_fd, uint64_t n, double secs)
{
	char c;
	double t0;

	pin_to_cpu(1);
	if (read(go_fd, &c, 1) != 1)
		_exit(2);
	t0 = now();
	for (uint64_t i = 0; i < n; i++) {
		syscall(SYS_getppid);
		if ((i & 1023) == 1023) {
			double due = t0 + secs * (double)(i + 1) / (double)n, late = due - now();

			if (late > 0)
				usleep((useconds_t)(late * 1e6));
		}
	}
	_exit(0);
}

/* "... 2a 00 00 00 00 00 00 00" (the last 8 hex bytes of the line): the
 * record's number, little-endian. */
static bool record_number(const char *line, size_t len, uint64_t *seq)
{
	unsigned b[8];
	const char *p;

	if (len < 23)
		return false;
	p = line + len - 23;
	if (sscanf(p, "%2x %2x %2x %2x %2x %2x %2x %2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &b[6], &b[7]) != 8)
		return false;
	*seq = 0;
	for (int i = 7; i >= 0; i--)
		*seq = *seq << 8 | b[i];
	return true;
}

static void on_line(struct counts *c, char *line, size_t len)
{
	uint64_t seq;
	long v;
	char *p;

	line[len] = '\0';
	if (!strncmp(line, "event soak_ring", 15)) {
		c->lines++;
		if (record_number(line, len, &seq)) {
			c->seq_checked = true;
			if (seq != c->next_seq)
				c->out_of_order++;
			c->next_seq = seq + 1;
		}
		return;
	}
	if (strstr(line, "running for") || strstr(line, "Ctrl-C"))
		c->attached = true;
	if (sscanf(line, "events soak_ring (ringbuf): %ld record", &v) == 1)
		c->ring_records = v;
	/* soak_drops: typed ("soak_drops = N", "soak_drops: N") or, as hex,
	 * the second u64 of the .bss map's value line. */
	if ((p = strstr(line, "soak_drops")) != NULL) {
		p += strlen("soak_drops");
		while (*p && (*p == ' ' || *p == '=' || *p == ':' || *p == '"'))
			p++;
		if (sscanf(p, "%ld", &v) == 1)
			c->drops = v;
	}
	if (strstr(line, "map ") && strstr(line, ".bss"))
		c->in_bss = true;
	else if (c->in_bss && (p = strstr(line, "value:")) != NULL) {
		unsigned b[16];

		c->in_bss = false;
		if (c->drops < 0 &&
		    sscanf(p, "value: %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x", &b[0], &b[1],
			   &b[2], &b[3], &b[4], &b[5], &b[6], &b[7], &b[8], &b[9], &b[10], &b[11],
			   &b[12], &b[13], &b[14], &b[15]) == 16) {
			uint64_t d = 0;

			for (int i = 15; i >= 8; i--)
				d = d << 8 | b[i];
			c->drops = (long)d;
		}
	}
}

/* Reads what the pipe has (waiting up to timeout_ms) and hands each
 * whole line to on_line; a line's start stays in carry until its end
 * comes. Returns 0 at end of file. */
static int pump(int fd, struct counts *c, int timeout_ms)
{
	static char carry[1 << 17];
	static size_t used;
	struct pollfd pfd = { fd, POLLIN, 0 };
	char *p = carry, *end, *nl;
	ssize_t n;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 1;
	n = read(fd, carry + used, sizeof(carry) - used - 1);
	if (n <= 0)
		return 0;
	end = carry + used + n;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		on_line(c, p, (size_t)(nl - p));
		p = nl + 1;
	}
	used = (size_t)(end - p);
	memmove(carry, p, used);
	if (used == sizeof(carry) - 1) /* a line longer than that: dropped */
		used = 0;
	return 1;
}

int main(int argc, char **argv)
{
	uint64_t events = 5000000;
	double secs = 60;
	long slack_kib = 1024;
	struct counts c = { .ring_records = -1, .drops = -1 };
	struct mem attach_m, start_m, end_m;
	int go[2], out[2], status, ok = 1;
	pid_t gen, bl;
	char set[64], dur[32];
	double t_go, t_gen_done = 0, t_end;
	bool gen_done = false;

	if (argc < 3) {
		fprintf(stderr, "usage: soak BPFLOAD OBJ [--events N] [--seconds S] [--rss-slack KIB]\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--events"))
			events = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--seconds"))
			secs = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--rss-slack"))
			slack_kib = atol(argv[i + 1]);
	}
	if (pipe(go) || pipe(out)) {
		perror("soak: pipe");
		return 2;
	}
	gen = fork();
	if (gen == 0) {
		close(go[1]);
		close(out[0]);
		close(out[1]);
		generate(go[0], events, secs);
	}
	close(go[0]);
	snprintf(set, sizeof(set), "soak_tgid=%d", (int)gen);
	/* a limit well past the load, so that SIGINT is what stops it */
	snprintf(dur, sizeof(dur), "%d", (int)(secs * 3 + 60));
	bl = fork();
	if (bl == 0) {
		pin_to_cpu(0);
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		close(go[1]);
		/* --all-maps: soak_drops is in .bss, unchanged (and hidden) when 0 */
		execl(argv[1], argv[1], "run", argv[2], "--set", set, "--duration", dur, "--all-maps",
		      (char *)NULL);
		perror("soak: exec bpfload");
		_exit(127);
	}
	close(out[1]);
	pin_to_cpu(0);

	/* attached? */
	for (double t0 = now(); !c.attached && now() - t0 < 30;)
		if (!pump(out[0], &c, 100))
			break;
	if (!c.attached || read_mem(bl, &attach_m)) {
		fprintf(stderr, "soak: bpfload did not attach\n");
		kill(gen, SIGKILL);
		kill(bl, SIGKILL);
		return 1;
	}
	t_go = now();
	if (write(go[1], "g", 1) != 1)
		return 2;
	while (now() - t_go < 2)
		pump(out[0], &c, 100);
	read_mem(bl, &start_m);
	/* until the generator is done and the records stop coming */
	for (;;) {
		uint64_t before = c.lines;

		if (!gen_done && waitpid(gen, &status, WNOHANG) == gen) {
			gen_done = true;
			t_gen_done = now();
		}
		for (double t = now(); now() - t < 0.5;)
			pump(out[0], &c, 100);
		if (gen_done && (c.lines >= events || (c.lines == before && now() - t_gen_done > 5)))
			break;
		if (now() - t_go > secs * 3 + 30) {
			fprintf(stderr, "soak: the generator did not finish in time\n");
			kill(gen, SIGKILL);
			break;
		}
	}
	t_end = now();
	read_mem(bl, &end_m);
	kill(bl, SIGINT);
	while (pump(out[0], &c, 1000))
		;
	waitpid(bl, &status, 0);

	printf("soak: %llu getppid calls in %.1f s (%.0f/s) by a process on CPU 1; bpfload run on CPU 0\n",
	       (unsigned long long)events, t_gen_done - t_go, (double)events / (t_gen_done - t_go));
	printf("soak: records printed %llu, counted by bpfload %ld, dropped (soak_drops) %ld, out of order %llu%s\n",
	       (unsigned long long)c.lines, c.ring_records, c.drops,
	       (unsigned long long)c.out_of_order, c.seq_checked ? "" : " (numbers not checked: no hex in the lines)");
	printf("soak: bpfload VmRSS KiB: attached %ld, start %ld, end %ld (%+ld); RssAnon %ld -> %ld; VmHWM %ld -> %ld\n",
	       attach_m.rss_kib, start_m.rss_kib, end_m.rss_kib, end_m.rss_kib - start_m.rss_kib,
	       start_m.anon_kib, end_m.anon_kib, start_m.hwm_kib, end_m.hwm_kib);
	printf("soak: %.1f s from the first call to the last record; bpfload's CPU time (user + system) meanwhile %.1f s\n",
	       t_end - t_go, end_m.cpu_s - attach_m.cpu_s);
	if (c.lines != events || (c.ring_records >= 0 && (uint64_t)c.ring_records != events)) {
		printf("soak: FAIL: %llu records for %llu calls\n", (unsigned long long)c.lines,
		       (unsigned long long)events);
		ok = 0;
	}
	if (c.drops != 0) {
		printf("soak: FAIL: soak_drops is %ld\n", c.drops);
		ok = 0;
	}
	if (c.out_of_order) {
		printf("soak: FAIL: %llu records out of order\n", (unsigned long long)c.out_of_order);
		ok = 0;
	}
	if (end_m.rss_kib - start_m.rss_kib >= slack_kib) {
		printf("soak: FAIL: VmRSS grew by %ld KiB (limit %ld)\n", end_m.rss_kib - start_m.rss_kib,
		       slack_kib);
		ok = 0;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("soak: FAIL: bpfload exited with status %d\n", status);
		ok = 0;
	}
	printf("soak: %s\n", ok ? "ok" : "FAIL");
	return ok ? 0 : 1;
}
