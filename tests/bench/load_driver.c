/* tests/bench/load_driver.c — the in-process half of the load benchmark
 * (tests/bench/load.c, docs/performance.md#loading): what is timed
 * inside one process, bpfload's library (loader/bpfload.h) against
 * libbpf (Debian's libbpf.a, 1.1), alternating, one pair per round.
 *
 *   load_driver attach LABEL OBJ PAIRS
 *       Each loader loads OBJ (not timed), then attaches every program
 *       (bl_attach; bpf_program__attach each) and detaches them again
 *       (bl_detach; bpf_link__destroy each), each step timed with
 *       CLOCK_MONOTONIC. Keys: LABEL.attach.LOADER, LABEL.detach.LOADER,
 *       LABEL.links.LOADER (how many were attached). And, per round, the
 *       kernel's floor under any detach (LABEL.detach.floor): a bare
 *       perf event (PERF_TYPE_TRACEPOINT, no BPF program) on each
 *       tracepoint of OBJ's tracepoint/CAT/NAME programs, all closed at
 *       once, a thread each. Closing the last perf event of a tracepoint
 *       waits for its unregistration to be seen by every CPU
 *       (perf_trace_event_unreg: tracepoint_synchronize_unregister, an
 *       RCU-tasks-trace and an RCU grace period) under the kernel's
 *       event_mutex, so N tracepoints cost N grace periods one after the
 *       other whoever closes them and however.
 *   load_driver floor LABEL OBJ PAIRS
 *       Each loader opens and loads OBJ once untimed (so that feature
 *       probes, which both keep for the process, are done), then per
 *       round opens and loads it timed (LABEL.inproc.LOADER: read +
 *       load, no process around it) while every bpf(2) call it makes is
 *       timed on its own (LABEL.kernel.LOADER: the time spent inside
 *       BPF_BTF_LOAD, BPF_MAP_CREATE and BPF_PROG_LOAD; .btf, .map,
 *       .prog each; LABEL.n.LOADER.CMD how many). And the two ways of
 *       getting the kernel's BTF: LABEL.vmlinux.read (open, fstat, malloc,
 *       read(2) of all of /sys/kernel/btf/vmlinux, free) and
 *       LABEL.vmlinux.mmap (mmap(2) and one load from every page, munmap;
 *       "n/a" before 6.16, which cannot mmap it).
 *
 * Output: one "KEY SECONDS" line per measurement (load.c reads them);
 * "error ..." on stderr and exit 1 when a load or attach fails.
 *
 * How the bpf(2) calls are timed without touching the loaders: this
 * program is linked statically with -Wl,--wrap=syscall, so that every
 * call of syscall(2) made by libbpfload.a (loader/sys/sys.c) and by
 * libbpf.a (bpf.c) goes through __wrap_syscall below, which reads the
 * clock around the real call when the number is __NR_bpf. The sum over
 * the three commands is what the kernel itself spends on the object
 * (checking BTF, allocating maps, verifying and JITing programs): the
 * floor under any loader.
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "loader/bpfload.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* --- bpf(2) timing ------------------------------------------------------ */

enum { ACC_BTF, ACC_MAP, ACC_PROG, ACC_OTHER, ACC_N };

static const char *const acc_name[ACC_N] = { "btf", "map", "prog", "other" };

static struct {
	bool on;
	double secs[ACC_N];
	unsigned calls[ACC_N];
} acc;

long __real_syscall(long nr, ...);
long __wrap_syscall(long nr, ...);

long __wrap_syscall(long nr, ...)
{
	long a[6], ret;
	va_list ap;
	double t0;
	int k, saved;

	va_start(ap, nr);
	for (k = 0; k < 6; k++)
		a[k] = va_arg(ap, long);
	va_end(ap);
	if (nr != __NR_bpf || !acc.on)
		return __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	t0 = now();
	ret = __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	saved = errno;
	switch (a[0]) {
	case BPF_BTF_LOAD: k = ACC_BTF; break;
	case BPF_MAP_CREATE: k = ACC_MAP; break;
	case BPF_PROG_LOAD: k = ACC_PROG; break;
	default: k = ACC_OTHER; break;
	}
	acc.secs[k] += now() - t0;
	acc.calls[k]++;
	errno = saved;
	return ret;
}

static void acc_start(void)
{
	memset(&acc, 0, sizeof(acc));
	acc.on = true;
}

static void acc_print(const char *label, const char *loader)
{
	acc.on = false;
	printf("%s.kernel.%s %.9f\n", label, loader,
	       acc.secs[ACC_BTF] + acc.secs[ACC_MAP] + acc.secs[ACC_PROG]);
	for (int k = 0; k < ACC_N; k++) {
		printf("%s.kernel.%s.%s %.9f\n", label, loader, acc_name[k], acc.secs[k]);
		printf("%s.n.%s.%s %u\n", label, loader, acc_name[k], acc.calls[k]);
	}
}

/* --- the two loaders ---------------------------------------------------- */

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

struct loaded {
	struct bl_object_spec *spec;
	struct bl_object *bl;
	struct bpf_object *lb;
	struct bpf_link *links[16];
	int link_cnt;
};

static int load_bpfload(const char *path, struct loaded *o)
{
	struct bl_err e = { "" };
	int ret = bl_object_spec_read(path, &o->spec, &e);

	if (!ret)
		ret = bl_load(o->spec, NULL, &o->bl, &e);
	if (ret)
		fprintf(stderr, "error bpfload: %s\n", e.msg);
	return ret;
}

static int load_libbpf(const char *path, struct loaded *o)
{
	int ret;

	o->lb = bpf_object__open_file(path, NULL);
	if (!o->lb) {
		ret = -errno;
		fprintf(stderr, "error libbpf: %s: cannot open: %s\n", path, strerror(errno));
		return ret;
	}
	ret = bpf_object__load(o->lb);
	if (ret)
		fprintf(stderr, "error libbpf: %s: load failed: %s\n", path, strerror(-ret));
	return ret;
}

static void unload(struct loaded *o)
{
	for (int i = 0; i < o->link_cnt; i++)
		bpf_link__destroy(o->links[i]);
	bpf_object__close(o->lb);
	bl_close(o->bl);
	bl_object_spec_free(o->spec);
	memset(o, 0, sizeof(*o));
}

static int attach_bpfload(struct loaded *o)
{
	struct bl_err e = { "" };
	int ret = bl_attach(o->bl, NULL, &e);

	if (ret) {
		fprintf(stderr, "error bpfload: %s\n", e.msg);
		return ret;
	}
	for (size_t i = 0; i < o->bl->prog_cnt; i++)
		if (o->bl->progs[i].link.link_fd >= 0 || o->bl->progs[i].link.perf_fd >= 0)
			o->link_cnt++;
	return 0;
}

static int attach_libbpf(struct loaded *o)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, o->lb) {
		struct bpf_link *l;

		if (o->link_cnt == (int)(sizeof(o->links) / sizeof(o->links[0])))
			break;
		l = bpf_program__attach(p);
		if (!l) {
			int ret = -errno;

			fprintf(stderr, "error libbpf: %s: attach failed: %s\n",
				bpf_program__name(p), strerror(errno));
			return ret;
		}
		o->links[o->link_cnt++] = l;
	}
	return 0;
}

/* One round of attach and detach by LOADER (0 bpfload, 1 libbpf). */
static int attach_round(const char *label, const char *path, int loader)
{
	const char *name = loader ? "libbpf" : "bpfload";
	struct loaded o = { 0 };
	double t0, t1, t2;
	int ret, links;

	ret = loader ? load_libbpf(path, &o) : load_bpfload(path, &o);
	if (ret) {
		unload(&o);
		return ret;
	}
	t0 = now();
	ret = loader ? attach_libbpf(&o) : attach_bpfload(&o);
	t1 = now();
	if (ret) {
		unload(&o);
		return ret;
	}
	links = o.link_cnt;
	if (loader) {
		for (int i = 0; i < o.link_cnt; i++)
			bpf_link__destroy(o.links[i]);
		o.link_cnt = 0;
	} else {
		bl_detach(o.bl);
		o.link_cnt = 0;
	}
	t2 = now();
	unload(&o);
	printf("%s.attach.%s %.9f\n", label, name, t1 - t0);
	printf("%s.detach.%s %.9f\n", label, name, t2 - t1);
	printf("%s.links.%s %d\n", label, name, links);
	return 0;
}

/* The tracepoints of path's tracepoint/CAT/NAME (tp/CAT/NAME) programs:
 * their tracefs ids into ids[], how many. */
static int tracepoint_ids(const char *path, int *ids, int max)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	int n = 0;

	if (!obj)
		return -1;
	bpf_object__for_each_program(p, obj) {
		const char *sec = bpf_program__section_name(p), *rest;
		char file[512];
		FILE *f;

		if (!strncmp(sec, "tracepoint/", 11))
			rest = sec + 11;
		else if (!strncmp(sec, "tp/", 3))
			rest = sec + 3;
		else
			continue;
		snprintf(file, sizeof(file), "/sys/kernel/tracing/events/%s/id", rest);
		f = fopen(file, "r");
		if (!f || n == max || fscanf(f, "%d", &ids[n]) != 1) {
			fprintf(stderr, "error %s: %s\n", file, f ? "unreadable" : strerror(errno));
			if (f)
				fclose(f);
			bpf_object__close(obj);
			return -1;
		}
		fclose(f);
		n++;
	}
	bpf_object__close(obj);
	return n;
}

static void *close_fd(void *arg)
{
	close((int)(intptr_t)arg);
	return NULL;
}

/* One round of the detach floor: bare perf events on path's tracepoints
 * (CPU 0, every process: as the loaders open theirs), closed at once. */
static int detach_floor_round(const char *label, const char *path)
{
	int ids[16], fds[16], n = tracepoint_ids(path, ids, 16);
	pthread_t threads[16];
	double t0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct perf_event_attr a;

		memset(&a, 0, sizeof(a));
		a.type = PERF_TYPE_TRACEPOINT;
		a.size = sizeof(a);
		a.config = (uint64_t)ids[i];
		a.sample_period = 1;
		a.wakeup_events = 1;
		fds[i] = (int)syscall(__NR_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
		if (fds[i] < 0) {
			fprintf(stderr, "error perf_event_open(tracepoint %d): %s\n", ids[i],
				strerror(errno));
			while (i--)
				close(fds[i]);
			return -1;
		}
	}
	t0 = now();
	for (int i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, close_fd, (void *)(intptr_t)fds[i]))
			close_fd((void *)(intptr_t)fds[i]), threads[i] = 0;
	for (int i = 0; i < n; i++)
		if (threads[i])
			pthread_join(threads[i], NULL);
	printf("%s.detach.floor %.9f\n", label, now() - t0);
	printf("%s.links.floor %d\n", label, n);
	return 0;
}

/* One timed open and load by LOADER, with its bpf(2) calls. */
static int floor_round(const char *label, const char *path, int loader, bool print)
{
	const char *name = loader ? "libbpf" : "bpfload";
	struct loaded o = { 0 };
	double t0, t1;
	int ret;

	acc_start();
	t0 = now();
	ret = loader ? load_libbpf(path, &o) : load_bpfload(path, &o);
	t1 = now();
	acc.on = false;
	unload(&o);
	if (ret || !print)
		return ret;
	printf("%s.inproc.%s %.9f\n", label, name, t1 - t0);
	acc_print(label, name);
	return 0;
}

/* --- getting the kernel's BTF --------------------------------------------- */

static int vmlinux_read(const char *label)
{
	double t0 = now();
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t got = 0;
	char *buf;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "error %s: %s\n", VMLINUX_BTF, strerror(errno));
		return -1;
	}
	buf = malloc((size_t)st.st_size);
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	free(buf);
	if (got != (size_t)st.st_size) {
		fprintf(stderr, "error %s: read %zu of %lld bytes\n", VMLINUX_BTF, got,
			(long long)st.st_size);
		return -1;
	}
	printf("%s.vmlinux.read %.9f\n", label, now() - t0);
	return 0;
}

static void vmlinux_mmap(const char *label)
{
	double t0 = now();
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);
	volatile const char *p;
	long page = sysconf(_SC_PAGESIZE);
	unsigned sum = 0;
	struct stat st;

	if (fd < 0 || fstat(fd, &st)) {
		printf("%s.vmlinux.mmap n/a\n", label);
		return;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		printf("%s.vmlinux.mmap n/a\n", label);
		return;
	}
	for (off_t off = 0; off < st.st_size; off += page)
		sum += (unsigned char)p[off];
	munmap((void *)p, (size_t)st.st_size);
	printf("%s.vmlinux.mmap %.9f\n", label, now() - t0);
	(void)sum;
}

static int usage(void)
{
	fprintf(stderr, "usage: load_driver attach|floor LABEL OBJ PAIRS\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *label, *path;
	int pairs, ret = 0;

	if (argc != 5)
		return usage();
	label = argv[2];
	path = argv[3];
	pairs = atoi(argv[4]);
	if (pairs < 1)
		return usage();
	if (!getenv("LIBBPF_DEBUG"))
		libbpf_set_print(quiet);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "attach")) {
		for (int r = 0; r < pairs && !ret; r++) {
			for (int k = 0; k < 2 && !ret; k++)
				ret = attach_round(label, path, (k + r) % 2);
			if (!ret)
				ret = detach_floor_round(label, path);
		}
	} else if (!strcmp(argv[1], "floor")) {
		ret = floor_round(label, path, 0, false);
		if (!ret)
			ret = floor_round(label, path, 1, false);
		for (int r = 0; r < pairs && !ret; r++) {
			for (int k = 0; k < 2 && !ret; k++)
				ret = floor_round(label, path, (k + r) % 2, true);
			if (!ret && (ret = vmlinux_read(label)) == 0)
				vmlinux_mmap(label);
		}
	} else {
		return usage();
	}
	return ret ? 1 : 0;
}
