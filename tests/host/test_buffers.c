/* tests/host/test_buffers.c — ring buffers and perf buffers
 * (loader/output/ringbuf.c, loader/output/perfbuf.c) with real programs: the records
 * arrive with the content the program wrote, discarded ring buffer
 * records are skipped, records that wrap at the end of a ring come out
 * whole, and a perf buffer's lost records are counted.
 *
 * bpf-progs/exec_ringbuf and open_perfbuf are triggered by an exec and an
 * openat of a file name unique to the test; bpf-progs/test_buffers
 * numbers the getppid calls of the process named in tb_config[0]. On
 * arm64 (make vm-check) these also exercise the acquire/release order of
 * the readers. */
#define _GNU_SOURCE /* sched_getcpu, sched_setaffinity */
#include "host.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void set_config(struct bl_object *l, const char *map, uint32_t key, uint64_t value)
{
	struct bl_map *m = bl_object_find_map(l, map);

	ck_assert_msg(m != NULL, "no map %s", map);
	ck_assert_int_eq(bl_map_update(m, &key, &value, BPF_ANY), 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct bl_ringbuf *ringbuf_open_ok(struct bl_object *l, const char *name)
{
	struct bl_err err = { "" };
	struct bl_ringbuf *rb;
	struct bl_map *m = bl_object_find_map(l, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	ck_assert_msg(bl_ringbuf_open(m, &rb, &err) == 0, "%s", err.msg);
	return rb;
}

static struct bl_perfbuf *perfbuf_open_ok(struct bl_object *l, const char *name, unsigned pages)
{
	struct bl_perfbuf_opts opts = { .pages = pages };
	struct bl_err err = { "" };
	struct bl_perfbuf *pb;
	struct bl_map *m = bl_object_find_map(l, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	ck_assert_msg(bl_perfbuf_open(m, &opts, &pb, &err) == 0, "%s", err.msg);
	return pb;
}

/* --- exec_ringbuf: the record of our own exec --------------------------- */

struct exec_event {
	uint32_t pid;
	uint32_t old_pid;
	char comm[16];
	char filename[64];
};

struct exec_wanted {
	const char *path;
	int pid;
	int records;
	struct exec_event got;
	bool found;
};

static int on_exec(const void *data, size_t size, void *ctx)
{
	struct exec_wanted *w = ctx;
	const struct exec_event *e = data;

	w->records++;
	ck_assert_uint_eq(size, sizeof(*e));
	if ((int)e->pid == w->pid && strncmp(e->filename, w->path, sizeof(e->filename)) == 0) {
		w->got = *e;
		w->found = true;
	}
	return 0;
}

START_TEST(ringbuf_exec_record_arrives)
{
	char path[64];
	struct exec_wanted w = { path, 0, 0, { 0 }, false };
	int fds_before = ht_open_fd_count(), status;
	struct bl_ringbuf *rb;
	struct ht_run r = { 0 };
	double end;
	pid_t child;

	UT_PROG(obj, "exec_ringbuf");
	free(obj);
	if (ht_skip_without_tracepoint("sched/sched_process_exec", __func__))
		return;
	/* A name of our own: the exec of a symlink to true (or sh). */
	snprintf(path, sizeof(path), "/tmp/bl-rb-%d", (int)getpid());
	unlink(path);
	ck_assert_int_eq(symlink(access("/bin/true", X_OK) == 0 ? "/bin/true" : "/bin/sh", path), 0);
	ht_start(&r, "exec_ringbuf");
	rb = ringbuf_open_ok(r.l, "exec_events");
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		execl(path, path, (char *)NULL);
		_exit(99); /* the exec failed */
	}
	w.pid = child;
	/* (busybox, in the VMs, runs no applet of that name and exits 127:
	 * the exec took place all the same) */
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) != 99, "exec of %s failed", path);
	for (end = now() + 3; !w.found && now() < end;)
		ck_assert_int_ge(bl_ringbuf_poll(rb, 100, on_exec, &w), 0);
	unlink(path);
	ck_assert_msg(w.found, "no record for the exec of %s by pid %d among %d", path, child,
		      w.records);
	/* comm is the basename, cut to 15 characters. */
	ck_assert_msg(strncmp(w.got.comm, path + 5, 15) == 0, "comm '%.16s'", w.got.comm);
	ck_assert_uint_ge(bl_ringbuf_records(rb), 1);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "exec_drops", 0), 0);
	bl_ringbuf_free(rb);
	ht_stop(&r);
	ck_assert_int_eq(ht_open_fd_count(), fds_before);
}
END_TEST

/* --- open_perfbuf: the record of our own openat ----------------------- */

struct open_event {
	uint32_t pid;
	uint32_t flags;
	char comm[16];
	char filename[128];
	uint32_t mode;
};

struct open_wanted {
	const char *path;
	int records;
	int cpu;
	struct open_event got;
	bool found;
	size_t size;
};

static int on_open(int cpu, const void *data, size_t size, void *ctx)
{
	struct open_wanted *w = ctx;
	const struct open_event *e = data;

	w->records++;
	ck_assert_uint_ge(size, sizeof(*e));
	if ((int)e->pid == getpid() && strcmp(e->filename, w->path) == 0) {
		w->got = *e;
		w->cpu = cpu;
		w->size = size;
		w->found = true;
	}
	return 0;
}

START_TEST(perfbuf_openat_record_arrives)
{
	char path[64];
	struct open_wanted w = { path, 0, -1, { 0 }, false, 0 };
	int fds_before = ht_open_fd_count(), cpus = bl_possible_cpus();
	struct bl_perfbuf *pb;
	struct ht_run r = { 0 };
	double end;

	UT_PROG(obj, "open_perfbuf");
	free(obj);
	if (ht_skip_unless_field_at("syscalls/sys_enter_openat", "filename", 24, __func__))
		return;
	snprintf(path, sizeof(path), "/tmp/bl-pb-%d-no-such-file", (int)getpid());
	ht_start(&r, "open_perfbuf");
	pb = perfbuf_open_ok(r.l, "open_events", 0);
	ck_assert_int_ge(bl_perfbuf_cpu_count(pb), 1);
	ck_assert_int_eq(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0), -1);
	/* Under the watermark: the poll's timeout brings it. */
	for (end = now() + 3; !w.found && now() < end;)
		ck_assert_int_ge(bl_perfbuf_poll(pb, 100, on_open, NULL, &w), 0);
	ck_assert_msg(w.found, "no record for openat(%s) among %d", path, w.records);
	ck_assert_uint_eq(w.got.flags, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(w.cpu, 0);
	ck_assert_int_lt(w.cpu, cpus);
	ck_assert_uint_eq(w.size, sizeof(struct open_event)); /* 156 + 4: no padding */
	ck_assert_uint_eq(bl_perfbuf_lost(pb), 0);
	bl_perfbuf_free(pb);
	ht_stop(&r);
	ck_assert_int_eq(ht_open_fd_count(), fds_before);
}
END_TEST

/* --- test_buffers: numbered records ------------------------------------- */

struct tb_record {
	uint64_t seq;
	uint64_t not_seq;
	uint32_t pid;
	uint32_t magic;
	uint64_t seq_times_3;
	uint64_t tail;
};

#define TB_RING 4096		/* tb_ring's size */
#define TB_SLOT 48		/* a record in the ring: 8-byte header + 40 */

struct tb_seen {
	uint64_t next;		/* the sequence number expected next */
	uint64_t step;		/* 1, or 2 when odd ones are discarded */
	uint64_t count;
	uint64_t straddled;	/* records that crossed the end of the ring */
	uint64_t slot;		/* bytes a record takes in its ring */
	uint64_t ring;		/* that ring's size */
	int cpu;		/* perf buffer: the CPU the test runs on */
	uint64_t lost;		/* perf buffer: what the lost callback said */
	char why[160];		/* the first wrong record */
};

static void check_record(struct tb_seen *s, const void *data, size_t size)
{
	struct tb_record r;

	if (s->why[0])
		return;
	if (size < sizeof(r)) {
		snprintf(s->why, sizeof(s->why), "record %llu: %zu bytes",
			 (unsigned long long)s->count, size);
		return;
	}
	memcpy(&r, data, sizeof(r));
	if (r.seq != s->next || r.not_seq != ~r.seq || r.pid != (uint32_t)getpid() ||
	    r.magic != 0x7e57b0f5 || r.seq_times_3 != r.seq * 3 || r.tail != 0x0102030405060708ull) {
		snprintf(s->why, sizeof(s->why),
			 "record %llu: seq %llu (want %llu), ~seq %llx, pid %u, magic %x, 3*seq %llu, tail %llx",
			 (unsigned long long)s->count, (unsigned long long)r.seq,
			 (unsigned long long)s->next, (unsigned long long)r.not_seq, r.pid, r.magic,
			 (unsigned long long)r.seq_times_3, (unsigned long long)r.tail);
		return;
	}
	/* Every record before it took a slot, discarded ones too. */
	if ((r.seq * s->slot) % s->ring + s->slot > s->ring)
		s->straddled++;
	s->next += s->step;
	s->count++;
}

static int on_ring_record(const void *data, size_t size, void *ctx)
{
	struct tb_seen *s = ctx;

	if (size != sizeof(struct tb_record) && !s->why[0])
		snprintf(s->why, sizeof(s->why), "record %llu: %zu bytes, not 40",
			 (unsigned long long)s->count, size);
	check_record(s, data, size);
	return 0;
}

static void start_test_buffers(struct ht_run *r, bool discard, bool perf)
{
	ht_start(r, "test_buffers");
	set_config(r->l, "tb_config", 1, discard);
	set_config(r->l, "tb_config", 2, perf);
	set_config(r->l, "tb_config", 0, (uint64_t)getpid()); /* last: starts it */
}

/* Every odd record is reserved and discarded: the reader skips them. */
START_TEST(ringbuf_discarded_records_skipped)
{
	struct tb_seen s = { .step = 2, .slot = TB_SLOT, .ring = TB_RING };
	struct bl_ringbuf *rb;
	struct ht_run r = { 0 };

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	start_test_buffers(&r, true, false);
	rb = ringbuf_open_ok(r.l, "tb_ring");
	ht_getppid_times(60); /* 60 * 48 bytes: fits the 4096-byte ring */
	ck_assert_int_eq(bl_ringbuf_consume(rb, on_ring_record, &s), 30);
	ck_assert_msg(!s.why[0], "%s", s.why);
	ck_assert_uint_eq(s.count, 30);
	ck_assert_uint_eq(s.next, 60);
	/* Nothing left, nothing lost. */
	ck_assert_int_eq(bl_ringbuf_poll(rb, 0, on_ring_record, &s), 0);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "tb_drops", 0), 0);
	bl_ringbuf_free(rb);
	ht_stop(&r);
}
END_TEST

/* 1200 records of 48 bytes through a 4096-byte ring: it wraps 14 times,
 * and records keep straddling its end (4096 is not a multiple of 48).
 * The kernel maps the data area twice, so they come out whole. */
START_TEST(ringbuf_wrapped_records_whole)
{
	struct tb_seen s = { .step = 1, .slot = TB_SLOT, .ring = TB_RING };
	struct bl_ringbuf *rb;
	struct ht_run r = { 0 };

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	start_test_buffers(&r, false, false);
	rb = ringbuf_open_ok(r.l, "tb_ring");
	for (int round = 0; round < 30; round++) {
		ht_getppid_times(40); /* 1920 bytes: under half the ring */
		ck_assert_int_eq(bl_ringbuf_poll(rb, 100, on_ring_record, &s), 40);
		ck_assert_msg(!s.why[0], "round %d: %s", round, s.why);
	}
	ck_assert_uint_eq(s.count, 1200);
	ck_assert_uint_ge(s.straddled, 10);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "tb_drops", 0), 0);
	ck_assert_uint_eq(bl_ringbuf_records(rb), 1200);
	bl_ringbuf_free(rb);
	ht_stop(&r);
}
END_TEST

static int on_perf_record(int cpu, const void *data, size_t size, void *ctx)
{
	struct tb_seen *s = ctx;

	/* 40 bytes, padded by the kernel to 44 (4 + 44 = 48). */
	if (size != 44 && !s->why[0])
		snprintf(s->why, sizeof(s->why), "record %llu: %zu bytes, not 44",
			 (unsigned long long)s->count, size);
	if (cpu != s->cpu && !s->why[0])
		snprintf(s->why, sizeof(s->why), "record %llu: from CPU %d, not %d",
			 (unsigned long long)s->count, cpu, s->cpu);
	check_record(s, data, size);
	return 0;
}

static void on_lost(int cpu, uint64_t lost, void *ctx)
{
	struct tb_seen *s = ctx;

	if (cpu != s->cpu && !s->why[0])
		snprintf(s->why, sizeof(s->why), "lost records on CPU %d, not %d", cpu, s->cpu);
	s->lost += lost;
}

/* The records of one CPU go to that CPU's ring: stay on one. */
static int pin_to_current_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	ck_assert_int_ge(cpu, 0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(set), &set), 0);
	return cpu;
}

/* A one-page perf ring (4096 bytes), records of 56 bytes (8 header, 4
 * size, 44 data): they straddle its end and are copied out whole. */
START_TEST(perfbuf_wrapped_records_whole)
{
	struct tb_seen s = { .step = 1, .slot = 56, .ring = 4096 };
	struct bl_perfbuf *pb;
	struct ht_run r = { 0 };

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	s.cpu = pin_to_current_cpu();
	start_test_buffers(&r, false, true);
	pb = perfbuf_open_ok(r.l, "tb_perf", 1);
	for (int round = 0; round < 20; round++) {
		ht_getppid_times(30); /* 1680 bytes */
		ck_assert_int_eq(bl_perfbuf_poll(pb, 0, on_perf_record, NULL, &s), 30);
		ck_assert_msg(!s.why[0], "round %d: %s", round, s.why);
	}
	ck_assert_uint_eq(s.count, 600);
	ck_assert_uint_ge(s.straddled, 5);
	ck_assert_uint_eq(bl_perfbuf_lost(pb), 0);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "tb_drops", 1), 0);
	bl_perfbuf_free(pb);
	ht_stop(&r);
}
END_TEST

/* A stalled reader: 3000 records into a 4096-byte ring. The kernel keeps
 * what fits, drops the rest, and says how many in a PERF_RECORD_LOST
 * once there is room again (the next record after the reader caught
 * up). Every record is then either read or counted lost, and the count
 * agrees with the program's own count of failed bpf_perf_event_output. */
START_TEST(perfbuf_lost_records_counted)
{
	struct tb_seen s = { .step = 1, .slot = 56, .ring = 4096 };
	uint64_t lost, dropped;
	struct bl_perfbuf *pb;
	struct ht_run r = { 0 };

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	s.cpu = pin_to_current_cpu();
	start_test_buffers(&r, false, true);
	pb = perfbuf_open_ok(r.l, "tb_perf", 1);
	ht_getppid_times(3000);
	/* The records that fit: in order from 0, with no gap. */
	ck_assert_int_gt(bl_perfbuf_poll(pb, 0, on_perf_record, on_lost, &s), 0);
	ck_assert_msg(!s.why[0], "%s", s.why);
	ck_assert_uint_lt(s.count, 3000);
	/* One more record brings the LOST record ahead of it. */
	ht_getppid_times(1);
	s.next = 3000; /* the gap is the lost ones */
	ck_assert_int_eq(bl_perfbuf_poll(pb, 0, on_perf_record, on_lost, &s), 1);
	ck_assert_msg(!s.why[0], "%s", s.why);
	lost = bl_perfbuf_lost(pb);
	dropped = ht_lookup_u64(r.l, "tb_drops", 1);
	ck_assert_uint_gt(lost, 0);
	ck_assert_uint_eq(lost, s.lost);
	ck_assert_uint_eq(lost, dropped);
	ck_assert_uint_eq(s.count + lost, 3001);
	ck_assert_uint_eq(bl_perfbuf_records(pb), s.count);
	bl_perfbuf_free(pb);
	ht_stop(&r);
}
END_TEST

/* A perf event array with fewer slots than CPUs: only the CPUs with a
 * slot get a ring (key = CPU number); records from CPU 0 arrive. */
START_TEST(perfbuf_rings_only_for_slots)
{
	struct bl_map_override one = { "tb_perf", BL_MAP_MAX_ENTRIES, 1 };
	struct bl_load_opts opts = { .map_overrides = &one, .map_override_cnt = 1 };
	struct tb_seen s = { .step = 1, .slot = 56, .ring = 4096 };
	struct bl_err err = { "" };
	struct bl_perfbuf *pb;
	struct ht_run r = { 0 };
	char *path;
	cpu_set_t set;

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(set), &set), 0);
	s.cpu = 0;
	path = ut_prog_path("test_buffers");
	r.obj = ut_read_ok(path);
	free(path);
	ck_assert_msg(bl_load(r.obj, &opts, &r.l, &err) == 0, "%s", err.msg);
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(bl_object_find_map(r.l, "tb_perf")->max_entries, 1);
	set_config(r.l, "tb_config", 2, 1);
	set_config(r.l, "tb_config", 0, (uint64_t)getpid());
	pb = perfbuf_open_ok(r.l, "tb_perf", 1);
	ck_assert_int_eq(bl_perfbuf_cpu_count(pb), 1);
	ht_getppid_times(10);
	ck_assert_int_eq(bl_perfbuf_poll(pb, 0, on_perf_record, on_lost, &s), 10);
	ck_assert_msg(!s.why[0], "%s", s.why);
	bl_perfbuf_free(pb);
	ht_stop(&r);
}
END_TEST

/* The wrong kind of map is refused with its name; nothing is left open. */
START_TEST(buffers_refuse_other_maps)
{
	struct bl_err err = { "" };
	struct bl_ringbuf *rb;
	struct bl_perfbuf *pb;
	struct ht_run r = { 0 };
	int fds_before = ht_open_fd_count();

	UT_PROG(obj, "test_buffers");
	free(obj);
	if (ht_skip_without_atomic_fetch(__func__)) /* its counters: __sync_fetch_and_add */
		return;
	ht_start(&r, "test_buffers");
	ck_assert_int_eq(bl_ringbuf_open(bl_object_find_map(r.l, "tb_perf"), &rb, &err), -EINVAL);
	ck_assert_ptr_null(rb);
	ck_assert_msg(strstr(err.msg, "tb_perf") && strstr(err.msg, "not a ring buffer"), "%s",
		      err.msg);
	ck_assert_int_eq(bl_perfbuf_open(bl_object_find_map(r.l, "tb_ring"), NULL, &pb, &err), -EINVAL);
	ck_assert_ptr_null(pb);
	ck_assert_msg(strstr(err.msg, "tb_ring") && strstr(err.msg, "not a perf event array"),
		      "%s", err.msg);
	ck_assert_int_eq(bl_perfbuf_open(bl_object_find_map(r.l, "tb_perf"),
					 &(struct bl_perfbuf_opts){ .pages = 3 }, &pb, &err),
			 -EINVAL);
	ck_assert_msg(strstr(err.msg, "power of 2"), "%s", err.msg);
	ht_stop(&r);
	ck_assert_int_eq(ht_open_fd_count(), fds_before);
}
END_TEST

Suite *suite_buffers(void)
{
	Suite *s = suite_create("buffers");
	TCase *tc = tcase_create("buffers");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, ringbuf_exec_record_arrives);
	tcase_add_test(tc, perfbuf_openat_record_arrives);
	tcase_add_test(tc, ringbuf_discarded_records_skipped);
	tcase_add_test(tc, ringbuf_wrapped_records_whole);
	tcase_add_test(tc, perfbuf_wrapped_records_whole);
	tcase_add_test(tc, perfbuf_lost_records_counted);
	tcase_add_test(tc, perfbuf_rings_only_for_slots);
	tcase_add_test(tc, buffers_refuse_other_maps);
	suite_add_tcase(s, tc);
	return s;
}
