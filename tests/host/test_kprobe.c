/* tests/host/test_kprobe.c — kprobes, kretprobes and syscall probes,
 * through the kprobe PMU and through tracefs kprobe_events, and the
 * hygiene of the tracefs events: removed at detach, on failure midway,
 * and, when their bpfload died, by the next run; other tools' events
 * never touched. Read back from kprobe_events itself.
 *
 * They need kprobes (the VMs have them; the development host, with
 * CONFIG_KPROBES off, runs only the first test, which checks the error).
 */
#include "host.h"
#include "loader/sys/features.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void write_kprobe_events(const char *cmd)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/kprobe_events", ht_tracefs());
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "writing '%s': %s", cmd,
		      strerror(errno));
	close(fd);
}

static void unlink_times(int n)
{
	char path[64];

	snprintf(path, sizeof(path), "/tmp/bpfload-kprobe-%d", getpid());
	for (int i = 0; i < n; i++) {
		close(open(path, O_CREAT | O_WRONLY, 0600));
		ck_assert_int_eq(syscall(SYS_unlinkat, AT_FDCWD, path, 0), 0);
	}
}

/* Without kprobes the error says so, and nothing stays attached. */
START_TEST(no_kprobes_is_a_clear_error)
{
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	if (ht_have_kprobe_pmu() || ht_have_kprobe_events()) {
		fprintf(stderr, "SKIP %s: this kernel has kprobes\n", __func__);
		return;
	}
	UT_ASM(path, "kprobe_minimal");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ck_assert_int_lt(bl_attach(l, NULL, &err), 0);
	ck_assert_msg(strstr(err.msg, "has no kprobes") && strstr(err.msg, "on_unlink"), "%s", err.msg);
	for (size_t i = 0; i < l->prog_cnt; i++)
		ck_assert_int_eq(l->progs[i].link.perf_fd, -1);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

static const enum bl_probe_mode modes[] = { BL_PROBE_PMU, BL_PROBE_TRACEFS };

/* probes_count_unlinkat's runs: each way to make the probe, with a BPF
 * link, and the PMU once more with the perf ioctls (kernels before 5.15). */
static const struct {
	enum bl_probe_mode mode;
	bool no_bpf_link;
} count_runs[] = {
	{ BL_PROBE_PMU, false },
	{ BL_PROBE_TRACEFS, false },
	{ BL_PROBE_PMU, true },
};

/* Each of the four probes counts this process's unlinkat calls; in
 * tracefs mode each has its event while attached, and none is left. */
START_TEST(probes_count_unlinkat)
{
	enum bl_probe_mode mode = count_runs[_i].mode;
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	uint32_t zero = 0, me = (uint32_t)getpid();

	if (ht_skip_without_kprobes(__func__))
		return;
	if (mode == BL_PROBE_PMU && !ht_have_kprobe_pmu()) {
		fprintf(stderr, "SKIP %s: no kprobe PMU\n", __func__);
		return;
	}
	UT_PROG(path, "test_kprobe");
	r.obj = ut_read_ok(path);
	free(path);
	ck_assert_msg(bl_load(r.obj, NULL, &r.l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_map_update(bl_object_find_map(r.l, "target_tgid"), &zero, &me, BPF_ANY), 0);
	r.ao.probe_mode = mode;
	r.ao.no_bpf_link = count_runs[_i].no_bpf_link;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < r.l->prog_cnt; i++) {
		const char *what = r.l->progs[i].link.what;

		ck_assert_msg(strstr(what, mode == BL_PROBE_PMU ? "(kprobe PMU)" : "(tracefs kprobes/"), "%s",
			      what);
		/* kernels before 5.15 (no BL_FEAT_PERF_LINK) get the ioctls either way */
		ck_assert_msg(strstr(what, count_runs[_i].no_bpf_link || !bl_kernel_has(BL_FEAT_PERF_LINK)
						   ? "(perf ioctl)" : "(BPF link)"), "%s", what);
	}
	ck_assert_int_eq(ht_kprobe_events_of_pid(getpid()), mode == BL_PROBE_TRACEFS ? 4 : 0);
	unlink_times(5);
	for (uint32_t slot = 0; slot < 4; slot++)
		ck_assert_msg(ht_lookup_u64(r.l, "hits", slot) == 5, "hits[%u] = %llu, want 5", slot,
			      (unsigned long long)ht_lookup_u64(r.l, "hits", slot));
	ht_stop(&r);
	ck_assert_int_eq(ht_kprobe_events_of_pid(getpid()), 0);
}
END_TEST

/* --maxactive makes a kretprobe through tracefs, "r8:". */
START_TEST(kretprobe_maxactive_through_tracefs)
{
	struct bl_attach_opts ao = { 0 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	char needle[64];

	if (ht_skip_without_kprobes(__func__))
		return;
	UT_ASM(path, "kprobe_minimal");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ao.kretprobe_maxactive = 8;
	ck_assert_msg(bl_attach(l, &ao, &err) == 0, "%s", err.msg);
	snprintf(needle, sizeof(needle), "r8:kprobes/bpfload_%d_", getpid());
	ck_assert_int_eq(ht_kprobe_events_with(needle), 1);
	bl_close(l);
	ck_assert_int_eq(ht_kprobe_events_of_pid(getpid()), 0);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* The second of three kprobes names no function: the error says so, and
 * the first is detached with its event removed. */
START_TEST(failure_midway_leaves_nothing)
{
	struct bl_attach_opts ao = { 0 };
	enum bl_probe_mode mode = modes[_i];
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	if (ht_skip_without_kprobes(__func__))
		return;
	UT_ASM(path, "kprobe_missing_middle");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ao.probe_mode = ht_have_kprobe_pmu() ? mode : BL_PROBE_TRACEFS;
	ck_assert_int_lt(bl_attach(l, &ao, &err), 0);
	ck_assert_msg(strstr(err.msg, "bpfload_no_such_function does not exist"), "%s", err.msg);
	for (size_t i = 0; i < l->prog_cnt; i++) {
		ck_assert_int_eq(l->progs[i].link.perf_fd, -1);
		ck_assert_int_eq(l->progs[i].link.link_fd, -1);
	}
	ck_assert_int_eq(ht_kprobe_events_of_pid(getpid()), 0);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* A function that exists but cannot be probed: the first entry of the
 * kprobe blacklist (debugfs) that is a plain symbol. */
START_TEST(unprobeable_function_is_named)
{
	char line[512], func[128] = "", *target;
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	FILE *f;

	if (ht_skip_without_kprobes(__func__))
		return;
	f = fopen("/sys/kernel/debug/kprobes/blacklist", "re");
	if (!f) {
		fprintf(stderr, "SKIP %s: no /sys/kernel/debug/kprobes/blacklist\n", __func__);
		return;
	}
	while (!func[0] && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %127s", func) != 1 || strchr(func, '[') || strchr(func, '.'))
			func[0] = '\0';
	fclose(f);
	ck_assert_msg(func[0], "no plain symbol in the kprobe blacklist");
	UT_ASM(path, "kprobe_minimal");
	obj = ut_read_ok(path);
	target = strdup(func);
	obj->programs[0].attach_target = target; /* kprobe/<blacklisted> */
	obj->program_cnt = 1;
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ck_assert_int_lt(bl_attach(l, NULL, &err), 0);
	ck_assert_msg(strstr(err.msg, func) && strstr(err.msg, "cannot be probed"), "%s", err.msg);
	ck_assert_int_eq(ht_kprobe_events_of_pid(getpid()), 0);
	bl_close(l);
	obj->program_cnt = 2;
	bl_object_spec_free(obj);
	free(target);
	free(path);
}
END_TEST

/* Events of a dead bpfload go at the next attach through tracefs; a
 * live one's and other tools' stay. */
START_TEST(stale_events_of_dead_bpfload_removed)
{
	struct bl_attach_opts ao = { 0 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	char cmd[256], dead_event[64], other_event[64];
	pid_t dead;

	if (ht_skip_without_kprobes(__func__) || !ht_have_kprobe_events())
		return;
	dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0); /* now a pid that no process has */
	snprintf(dead_event, sizeof(dead_event), "bpfload_%d_0_do_unlinkat", dead);
	snprintf(other_event, sizeof(other_event), "othertool_%d_do_unlinkat", getpid());
	snprintf(cmd, sizeof(cmd), "p:kprobes/%s do_unlinkat\n", dead_event);
	write_kprobe_events(cmd);
	snprintf(cmd, sizeof(cmd), "p:kprobes/%s do_unlinkat\n", other_event);
	write_kprobe_events(cmd);
	write_kprobe_events("p:kprobes/bpfload_1_0_do_unlinkat do_unlinkat\n"); /* pid 1 lives */
	ck_assert_int_eq(ht_kprobe_events_with(dead_event), 1);

	UT_ASM(path, "kprobe_minimal");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), 0);
	ao.probe_mode = BL_PROBE_TRACEFS;
	ck_assert_msg(bl_attach(l, &ao, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(ht_kprobe_events_with(dead_event), 0);
	ck_assert_int_eq(ht_kprobe_events_with(other_event), 1);
	ck_assert_int_eq(ht_kprobe_events_with("bpfload_1_0_do_unlinkat"), 1);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
	snprintf(cmd, sizeof(cmd), "-:kprobes/%s\n", other_event);
	write_kprobe_events(cmd);
	write_kprobe_events("-:kprobes/bpfload_1_0_do_unlinkat\n");
	ck_assert_int_eq(ht_kprobe_events_with(other_event), 0);
}
END_TEST

/* The registers the PT_REGS_* macros read are the arguments the test
 * passed: of a syscall through its wrapper, and of a kernel function. */
START_TEST(pt_regs_macros_read_the_arguments)
{
	const char *missing = "/nonexistent-bpfload/x";
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	uint32_t zero = 0, me = (uint32_t)getpid();
	int dir;

	if (ht_skip_without_kprobes(__func__))
		return;
	UT_PROG(path, "test_kprobe_args");
	r.obj = ut_read_ok(path);
	free(path);
	ck_assert_msg(bl_load(r.obj, NULL, &r.l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_map_update(bl_object_find_map(r.l, "target_tgid"), &zero, &me, BPF_ANY), 0);
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);

	ck_assert_int_eq(syscall(SYS_fchownat, AT_FDCWD, missing, 4242, 4343, AT_SYMLINK_NOFOLLOW), -1);
	ck_assert_int_eq(errno, ENOENT);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dir, 0);
	ck_assert_int_eq(syscall(SYS_unlinkat, dir, "bpfload-no-such-file", 0), -1);

	ck_assert_int_eq((int)ht_lookup_u64(r.l, "args", 0), AT_FDCWD);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "args", 1), (uintptr_t)missing);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "args", 2), 4242);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "args", 3), 4343);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "args", 4), AT_SYMLINK_NOFOLLOW);
	ck_assert_int_eq((int64_t)ht_lookup_u64(r.l, "args", 5), dir);
	ck_assert_int_eq((int64_t)ht_lookup_u64(r.l, "args", 6), -ENOENT);
	close(dir);
	ht_stop(&r);
}
END_TEST

Suite *suite_kprobe(void)
{
	Suite *s = suite_create("kprobe");
	TCase *tc = tcase_create("attach");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, no_kprobes_is_a_clear_error);
	tcase_add_loop_test(tc, probes_count_unlinkat, 0,
			    (int)(sizeof(count_runs) / sizeof(count_runs[0])));
	tcase_add_test(tc, kretprobe_maxactive_through_tracefs);
	tcase_add_loop_test(tc, failure_midway_leaves_nothing, 0, 2);
	tcase_add_test(tc, unprobeable_function_is_named);
	tcase_add_test(tc, stale_events_of_dead_bpfload_removed);
	tcase_add_test(tc, pt_regs_macros_read_the_arguments);
	suite_add_tcase(s, tc);
	return s;
}
