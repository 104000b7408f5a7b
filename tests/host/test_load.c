/* tests/host/test_load.c — the loader's behaviour on the running kernel:
 * maps of several kinds, several programs in one section, a program the
 * verifier rejects, attaching that fails midway, fds over many loads. */
#include "host.h"
#include "loader/sys/features.h"

#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

START_TEST(maps_of_every_kind_see_the_programs)
{
	struct ht_run r = { 0 };
	uint32_t me = (uint32_t)getpid(), key = 0;
	uint64_t hit[2], *percpu, sum = 0;
	struct bl_map *m;
	int cpus = bl_possible_cpus();

	UT_PROG(path, "test_maps");
	free(path);
	ck_assert_int_gt(cpus, 0);
	ht_start(&r, "test_maps");
	ht_getppid_times(50);

	/* array of struct hit { count, last_pid } */
	m = bl_object_find_map(r.l, "hits");
	ck_assert_uint_eq(bl_map_value_len(m), 16);
	ck_assert_int_eq(bl_map_lookup(m, &key, hit), 0);
	ck_assert_uint_ge(hit[0], 50);
	/* last_pid is whoever called getppid last, and other processes call
	 * it too: one more call, then look, until it shows this process. */
	for (int i = 0; i < 500 && hit[1] != me; i++) {
		ht_getppid_times(1);
		ck_assert_int_eq(bl_map_lookup(m, &key, hit), 0);
	}
	ck_assert_uint_eq(hit[1], me);
	/* hash keyed by tgid, written by the raw tracepoint on sys_exit */
	ck_assert_uint_ge(ht_lookup_u64(r.l, "counts", me), 50);
	/* per-CPU array: one 8-byte value per possible CPU */
	m = bl_object_find_map(r.l, "percpu");
	ck_assert_uint_eq(bl_map_value_len(m), (size_t)cpus * 8);
	percpu = calloc((size_t)cpus, 8);
	ck_assert_int_eq(bl_map_lookup(m, &key, percpu), 0);
	for (int i = 0; i < cpus; i++)
		sum += percpu[i];
	free(percpu);
	ck_assert_uint_ge(sum, 50);
	ht_stop(&r);
}
END_TEST

START_TEST(two_programs_in_one_section_both_run)
{
	struct ht_run r = { 0 };

	UT_PROG(path, "test_two_in_one");
	free(path);
	ht_start(&r, "test_two_in_one");
	ck_assert_uint_eq(r.l->prog_cnt, 2);
	ht_getppid_times(20);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "slots", 0), 20);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "slots", 1), 20);
	ht_stop(&r);
}
END_TEST

START_TEST(rejected_program_has_errno_and_log)
{
	struct bl_load_opts keep = { .keep_going = true, .log_level = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_prog *bad, *good;
	int ret;

	UT_PROG(path, "test_reject");
	obj = ut_read_ok(path);
	ret = bl_load(obj, NULL, &l, &err);
	ck_assert_int_eq(ret, -EACCES);
	ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, "bad") && strstr(err.msg, "EACCES"),
		      "message: %s", err.msg);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_PROGRAMS); /* the result says how far it got */
	bad = bl_object_find_prog(l, "bad");
	ck_assert_int_eq(bad->state, BL_PROG_REJECTED);
	ck_assert_int_eq(bad->load_errno, EACCES);
	ck_assert_ptr_nonnull(bad->log);
	ck_assert_msg(strstr(bad->log, "invalid mem access 'map_value_or_null'"), "log: %s", bad->log);
	bl_close(l);

	ret = bl_load(obj, &keep, &l, &err);
	ck_assert_int_eq(ret, -EACCES);
	good = bl_object_find_prog(l, "good");
	ck_assert_int_eq(good->state, BL_PROG_LOADED);
	ck_assert_int_ge(good->fd, 0);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(attach_failure_detaches_what_was_attached)
{
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_prog *first;
	int ret;

	UT_ASM(path, "attach_missing_tp");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ret = bl_attach(l, NULL, &err);
	ck_assert_int_lt(ret, 0);
	ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, "bpfload_none/no_such_event"),
		      "message: %s", err.msg);
	first = bl_object_find_prog(l, "attaches");
	ck_assert_int_eq(first->link.link_fd, -1);
	ck_assert_int_eq(first->link.perf_fd, -1);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Kernels before 5.15 have no BPF link for perf events: the program is
 * set on the event with PERF_EVENT_IOC_SET_BPF and enabled. Forced here,
 * it must run just the same and be gone after unload. */
START_TEST(tracepoint_through_perf_ioctls)
{
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	struct bl_prog *p;

	UT_PROG(path, "test_two_in_one");
	r.obj = ut_read_ok(path);
	free(path);
	ck_assert_msg(bl_load(r.obj, NULL, &r.l, &err) == 0, "%s", err.msg);
	r.ao.no_bpf_link = true;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < r.l->prog_cnt; i++) {
		p = &r.l->progs[i];
		ck_assert_int_eq(p->link.link_fd, -1);
		ck_assert_int_ge(p->link.perf_fd, 0);
		ck_assert_msg(strstr(p->link.what, "perf ioctl"), "%s", p->link.what);
	}
	ht_getppid_times(20);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "slots", 0), 20);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "slots", 1), 20);
	ht_stop(&r);
}
END_TEST

/* A log longer than the first buffer (64 KiB): the load is retried with
 * a doubled buffer on ENOSPC until the whole log fits. */
START_TEST(long_verifier_log_is_complete)
{
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_prog *p;

	UT_ASM(path, "long_log");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), -EACCES);
	p = bl_object_find_prog(l, "long_log");
	ck_assert_int_eq(p->state, BL_PROG_REJECTED);
	ck_assert(!p->log_truncated);
	/* Older kernels write shorter states (5.10: 56 KiB for this program):
	 * then the first buffer was enough and there was no retry to test. */
	if (strlen(p->log) <= 64 * 1024 && strstr(p->log, "3001: (95) exit\nR0 !read_ok")) {
		fprintf(stderr, "SKIP %s: this kernel's log is %zu bytes, within the first buffer\n",
			__func__, strlen(p->log));
		goto out;
	}
	ck_assert_uint_gt(strlen(p->log), 64 * 1024);
	ck_assert_msg(strncmp(p->log, "0: R1=ctx(", 10) == 0, "log starts: %.40s", p->log);
	ck_assert_msg(strstr(p->log, "3001: (95) exit\nR0 !read_ok"), "end of log missing");
out:
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Every fd the library opens is closed again: 1000 load/attach/unload
 * cycles in one process, through the library, leave /proc/self/fd as it
 * was. Nine in ten are of syscall_count (BTF, a legacy map, a raw
 * tracepoint: a cycle takes a few ms), one in ten of test_maps (maps of
 * four kinds, a tracepoint through a perf event: ~100 ms, most of it the
 * kernel unregistering the tracepoint probe at close). On a slow machine
 * (32-bit arm under TCG: the unregistering's SRCU grace periods take
 * seconds there) the cycles stop after FD_SECONDS, after at least
 * twenty cycles (about 150 there); the note says how many ran. */
#define FD_CYCLES 1000
#define FD_SECONDS 20
START_TEST(no_fd_leaks_over_many_loads)
{
	struct bl_err err = { "" };
	struct bl_object_spec *obj[2];
	struct bl_object *l;
	struct timespec t0, t1;
	int before, i;

	UT_PROG(cheap, "syscall_count");
	UT_PROG(maps, "test_maps");
	obj[0] = ut_read_ok(cheap);
	obj[1] = ut_read_ok(maps);
	before = ht_open_fd_count();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < FD_CYCLES; i++) {
		const struct bl_object_spec *o = obj[i % 10 == 9];

		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (i >= 20 && t1.tv_sec - t0.tv_sec > FD_SECONDS)
			break;

		ck_assert_msg(bl_load(o, NULL, &l, &err) == 0, "cycle %d: %s", i, err.msg);
		ck_assert_msg(bl_attach(l, NULL, &err) == 0, "cycle %d: %s", i, err.msg);
		bl_close(l);
		if (i < 10) /* each object's first cycle: said early */
			ck_assert_msg(ht_open_fd_count() == before, "cycle %d (%s) leaves %d fds open",
				      i, o->path, ht_open_fd_count() - before);
	}
	ck_assert_int_eq(ht_open_fd_count(), before);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "NOTE no_fd_leaks_over_many_loads: %d cycles in %.1f s\n", i,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	bl_object_spec_free(obj[0]);
	bl_object_spec_free(obj[1]);
	free(cheap);
	free(maps);
}
END_TEST

/* Four tracepoint links closed together (bl_detach: a thread each):
 * every program ran while attached, every link and perf fd is gone
 * afterwards, and nothing runs any more. */
START_TEST(many_links_detached)
{
	struct ht_run r = { 0 };
	int fds_before = ht_open_fd_count();
	uint32_t link_ids[4];
	uint64_t before;

	ht_start(&r, "test_teardown");
	ck_assert_uint_eq(r.l->prog_cnt, 4);
	/* Before 5.15 (no BL_FEAT_PERF_LINK) they are perf events with the
	 * program set by ioctl: no link ids to look for afterwards. */
	for (size_t i = 0; i < 4; i++) {
		link_ids[i] = ht_link_id(r.l->progs[i].link.link_fd);
		if (bl_kernel_has(BL_FEAT_PERF_LINK))
			ck_assert_uint_ne(link_ids[i], 0);
	}
	ht_getppid_times(3);
	syscall(SYS_getpgid, 0);
	syscall(SYS_getsid, 0);
	sched_yield();
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_uint_ge(ht_lookup_u64(r.l, "td_count", i), 1);
	bl_detach(r.l);
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(r.l->progs[i].link.link_fd, -1);
		ck_assert_int_eq(r.l->progs[i].link.perf_fd, -1);
		if (link_ids[i])
			ht_assert_link_gone(link_ids[i]);
	}
	before = ht_lookup_u64(r.l, "td_count", 0);
	ht_getppid_times(3);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "td_count", 0), before);
	ht_stop(&r);
	ck_assert_int_eq(ht_open_fd_count(), fds_before);
}
END_TEST

Suite *suite_load(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("loader");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, maps_of_every_kind_see_the_programs);
	tcase_add_test(tc, two_programs_in_one_section_both_run);
	tcase_add_test(tc, rejected_program_has_errno_and_log);
	tcase_add_test(tc, attach_failure_detaches_what_was_attached);
	tcase_add_test(tc, no_fd_leaks_over_many_loads);
	tcase_add_test(tc, tracepoint_through_perf_ioctls);
	tcase_add_test(tc, long_verifier_log_is_complete);
	tcase_add_test(tc, many_links_detached);
	suite_add_tcase(s, tc);
	return s;
}
