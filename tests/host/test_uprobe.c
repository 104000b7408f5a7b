/* tests/host/test_uprobe.c — uprobes and uretprobes on a function of
 * this test binary, through the uprobe PMU and through tracefs
 * uprobe_events: the calls are counted, the arguments read with
 * PT_REGS_PARM1/2 and the return value with PT_REGS_RC; --pid limits the
 * probe to one process (a child calling the same function is not seen);
 * the section's own PATH:FUNC; the errors; the uprobe_trace example.
 */
#include "host.h"
#include "ht_uprobe.h"
#include "loader/sys/features.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A real function with a symbol of its own: never inlined, and (gcc's
 * noipa) never cloned into name.constprop.0 or similar. */
#if defined(__clang__)
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noinline, noipa))
#endif

NOIPA long ht_uprobe_add(long a, long b)
{
	return a + b;
}

long ht_uprobe_call(int n, long a, long b)
{
	long (*volatile fn)(long, long) = ht_uprobe_add;
	long sum = 0;

	for (int i = 0; i < n; i++)
		sum = fn(a, b);
	return sum;
}

const char *ht_uprobe_self(void)
{
	static char self[PATH_MAX];
	ssize_t n;

	if (!self[0]) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		ck_assert_int_gt(n, 0);
		self[n] = '\0';
	}
	return self;
}

const char *ht_uprobe_target(void)
{
	static char target[PATH_MAX + 32];

	snprintf(target, sizeof(target), "%s:ht_uprobe_add", ht_uprobe_self());
	return target;
}

bool ht_uprobe_stats(struct bl_object *l, int tgid, struct ht_call_stats *out)
{
	struct bl_map *m = bl_object_find_map(l, "calls");
	uint32_t key = (uint32_t)tgid;

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(bl_map_value_len(m), sizeof(*out));
	return bl_map_lookup(m, &key, out) == 0;
}

bool ht_uprobe_load(struct ht_run *r, enum bl_probe_mode mode, int pid)
{
	struct bl_err err = { "" };
	char *path = ut_prog_path("test_uprobe");

	if (!ut_have(path, __func__)) {
		free(path);
		return false;
	}
	r->obj = ut_read_ok(path);
	free(path);
	ck_assert_msg(bl_load(r->obj, NULL, &r->l, &err) == 0, "%s", err.msg);
	r->ao.uprobe_target = ht_uprobe_target();
	r->ao.probe_mode = mode;
	r->ao.uprobe_pid = pid;
	return true;
}

bool ht_have_uprobe_pmu(void)
{
	return access("/sys/bus/event_source/devices/uprobe/type", R_OK) == 0;
}

bool ht_have_uprobe_events(void)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/uprobe_events", ht_tracefs());
	return access(path, W_OK) == 0;
}

int ht_uprobe_events_with(const char *needle)
{
	char path[300], line[PATH_MAX + 128];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/uprobe_events", ht_tracefs());
	f = fopen(path, "re");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

int ht_uprobe_events_of_pid(int pid)
{
	char needle[64];

	snprintf(needle, sizeof(needle), "/bpfload_%d_", pid);
	return ht_uprobe_events_with(needle);
}

void ht_uprobe_events_write(const char *cmd)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/uprobe_events", ht_tracefs());
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "writing '%s': %s", cmd,
		      strerror(errno));
	close(fd);
}

/* The ways to make the probes: each mode with a BPF link, and the PMU
 * once more with the perf ioctls (what kernels before 5.15 get). */
static const struct {
	enum bl_probe_mode mode;
	bool no_bpf_link;
} runs[] = {
	{ BL_PROBE_PMU, false },
	{ BL_PROBE_TRACEFS, false },
	{ BL_PROBE_PMU, true },
};

static bool skip_mode(enum bl_probe_mode mode, const char *test)
{
	if (mode == BL_PROBE_PMU && !ht_have_uprobe_pmu()) {
		fprintf(stderr, "SKIP %s: no uprobe PMU\n", test);
		return true;
	}
	if (mode == BL_PROBE_TRACEFS && !ht_have_uprobe_events()) {
		fprintf(stderr, "SKIP %s: no uprobe_events in tracefs\n", test);
		return true;
	}
	return false;
}

/* Five calls of add(7, 35), then one of add(-50, 8): both probes count
 * six, the arguments and the result are the last call's. */
START_TEST(uprobe_and_uretprobe_count_and_read_registers)
{
	enum bl_probe_mode mode = runs[_i].mode;
	struct bl_err err = { "" };
	struct ht_call_stats st;
	struct ht_run r = { 0 };

	if (skip_mode(mode, __func__))
		return;
	if (!ht_uprobe_load(&r, mode, 0))
		return;
	r.ao.no_bpf_link = runs[_i].no_bpf_link;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < r.l->prog_cnt; i++) {
		const char *what = r.l->progs[i].link.what;

		ck_assert_msg(strstr(what, mode == BL_PROBE_PMU ? ", uprobe PMU)" : ", tracefs uprobes/bpfload_"),
			      "%s", what);
		ck_assert_msg(strstr(what, ":ht_uprobe_add (offset 0x"), "%s", what);
		/* kernels before 5.15 (no BL_FEAT_PERF_LINK) get the ioctls either way */
		ck_assert_msg(strstr(what, runs[_i].no_bpf_link || !bl_kernel_has(BL_FEAT_PERF_LINK)
						   ? "(perf ioctl)" : "(BPF link)"), "%s", what);
	}
	ck_assert_int_eq(ht_uprobe_events_of_pid(getpid()), mode == BL_PROBE_TRACEFS ? 2 : 0);
	ck_assert_int_eq(ht_uprobe_call(5, 7, 35), 42);
	ck_assert_int_eq(ht_uprobe_call(1, -50, 8), -42);
	ck_assert_msg(ht_uprobe_stats(r.l, getpid(), &st), "no calls seen from pid %d", getpid());
	ck_assert_uint_eq(st.entries, 6);
	ck_assert_uint_eq(st.returns, 6);
	ck_assert_int_eq((long)st.arg1, -50);
	ck_assert_int_eq((long)st.arg2, 8);
	ck_assert_int_eq((long)st.ret, -42);
	ht_stop(&r);
	ck_assert_int_eq(ht_uprobe_events_of_pid(getpid()), 0);
	ck_assert_int_eq(ht_uprobe_call(1, 1, 1), 2); /* still runs, unprobed */
}
END_TEST

/* A child calls the function 3 times, this process twice. With --pid
 * (iterations 1, 3) only this process is seen; without (0, 2) both. */
START_TEST(pid_limits_the_probe_to_one_process)
{
	enum bl_probe_mode mode = _i < 2 ? BL_PROBE_PMU : BL_PROBE_TRACEFS;
	bool filtered = _i % 2 == 1;
	struct bl_err err = { "" };
	struct ht_call_stats st;
	struct ht_run r = { 0 };
	pid_t child;
	int status;

	if (skip_mode(mode, __func__))
		return;
	if (!ht_uprobe_load(&r, mode, filtered ? getpid() : 0))
		return;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	if (filtered)
		ck_assert_msg(strstr(r.l->progs[0].link.what, ", pid "), "%s", r.l->progs[0].link.what);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(ht_uprobe_call(3, 1, 2) == 3 ? 0 : 1);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(ht_uprobe_call(2, 20, 22), 42);

	ck_assert_msg(ht_uprobe_stats(r.l, getpid(), &st), "no calls seen from pid %d", getpid());
	ck_assert_uint_eq(st.entries, 2);
	ck_assert_uint_eq(st.returns, 2);
	ck_assert_uint_eq(st.ret, 42);
	if (filtered) {
		ck_assert_msg(!ht_uprobe_stats(r.l, child, &st), "--pid %d: the child %d was seen %llu times",
			      getpid(), child, (unsigned long long)st.entries);
	} else {
		ck_assert_msg(ht_uprobe_stats(r.l, child, &st), "the child %d was not seen", child);
		ck_assert_uint_eq(st.entries, 3);
		ck_assert_uint_eq(st.returns, 3);
	}
	ht_stop(&r);
}
END_TEST

/* SEC("uprobe/PATH:FUNC") names its own target; --uprobe is then not
 * needed (and would not apply to it). */
START_TEST(section_names_the_target)
{
	struct bl_err err = { "" };
	struct ht_call_stats st;
	struct ht_run r = { 0 };
	char *target = strdup(ht_uprobe_target());

	if (!ht_uprobe_load(&r, BL_PROBE_AUTO, 0)) {
		free(target);
		return;
	}
	r.ao.uprobe_target = "/nonexistent:not_used";
	for (size_t i = 0; i < r.obj->program_cnt; i++)
		r.obj->programs[i].attach_target = target;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	ht_uprobe_call(4, 1, 1);
	ck_assert(ht_uprobe_stats(r.l, getpid(), &st));
	ck_assert_uint_eq(st.entries, 4);
	ck_assert_uint_eq(st.returns, 4);
	for (size_t i = 0; i < r.obj->program_cnt; i++)
		r.obj->programs[i].attach_target = NULL;
	ht_stop(&r);
	free(target);
}
END_TEST

/* Each error names the program and what is missing; nothing stays. */
START_TEST(errors_name_what_is_missing)
{
	static const struct {
		const char *target;	/* NULL: none at all */
		int pid;
		const char *want;
	} cases[] = {
		{ NULL, 0, "names no function: write SEC(\"uprobe/PATH:FUNCTION\"), or give bpfload run --uprobe" },
		{ "/nonexistent/bpfload-target:f", 0, "/nonexistent/bpfload-target: no such file" },
		{ "SELF:ht_no_such_function", 0, "has no function ht_no_such_function" },
		{ "SELF:ht_uprobe_add+100000", 0, "is beyond the end of ht_uprobe_add" },
		{ "SELF:ht_uprobe_add", -1, "no such process" },
		{ "SELF:ht uprobe_add", 0, "not a function name" },
	};
	char target[PATH_MAX + 64];
	pid_t dead = fork();

	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0); /* a pid no process has now */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bl_err err = { "" };
		struct ht_run r = { 0 };

		if (!ht_uprobe_load(&r, BL_PROBE_AUTO, cases[i].pid < 0 ? dead : 0))
			return;
		r.ao.uprobe_target = NULL;
		if (cases[i].target) {
			const char *t = cases[i].target;

			snprintf(target, sizeof(target), "%s%s", strncmp(t, "SELF", 4) ? "" : ht_uprobe_self(),
				 strncmp(t, "SELF", 4) ? t : t + 4);
			r.ao.uprobe_target = target;
		}
		ck_assert_int_lt(bl_attach(r.l, &r.ao, &err), 0);
		ck_assert_msg(strstr(err.msg, cases[i].want) && strstr(err.msg, "program on_entry (section uprobe)"),
			      "case %zu: %s", i, err.msg);
		ck_assert_msg(!strchr(err.msg, '\n'), "%s", err.msg);
		for (size_t j = 0; j < r.l->prog_cnt; j++) {
			ck_assert_int_eq(r.l->progs[j].link.perf_fd, -1);
			ck_assert_int_eq(r.l->progs[j].link.link_fd, -1);
		}
		ht_stop(&r);
	}
}
END_TEST

struct add_lines {
	char entry[64], ret[64];
	bool entry_seen, ret_seen;
};

static void look_for_add(const char *line, void *arg)
{
	struct add_lines *w = arg;
	struct bl_trace_line t;

	if (bl_trace_line_parse(line, &t) != 0)
		return;
	w->entry_seen |= strcmp(t.message, w->entry) == 0;
	w->ret_seen |= strcmp(t.message, w->ret) == 0;
}

/* bpf-progs/uprobe_trace.bpf.c, the example: its bare sections on this
 * binary's add, as `bpfload run --uprobe` would place them. */
START_TEST(uprobe_trace_example_prints_arguments_and_result)
{
	struct bl_trace_pipe tp;
	struct bl_err err = { "" };
	struct add_lines w;
	struct ht_run r = { 0 };

	UT_PROG(path, "uprobe_trace");
	r.obj = ut_read_ok(path);
	free(path);
	snprintf(w.entry, sizeof(w.entry), "add pid=%d a=2 b=40", getpid());
	snprintf(w.ret, sizeof(w.ret), "add pid=%d returned 42", getpid());
	w.entry_seen = w.ret_seen = false;
	ck_assert_msg(bl_load(r.obj, NULL, &r.l, &err) == 0, "%s", err.msg);
	r.ao.uprobe_target = ht_uprobe_target();
	ck_assert_msg(bl_trace_pipe_open(&tp, &err) == 0, "%s", err.msg);
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	for (int i = 0; i < 300 && !(w.entry_seen && w.ret_seen); i++) {
		if (i % HT_PRINTK_ROUND == 0) /* again after 300 ms: see HT_PRINTK_ROUND */
			ht_uprobe_call(3, 2, 40);
		bl_trace_pipe_read(&tp, look_for_add, &w);
		usleep(10000);
	}
	bl_trace_pipe_close(&tp);
	ck_assert_msg(w.entry_seen, "no trace_pipe line \"%s\"", w.entry);
	ck_assert_msg(w.ret_seen, "no trace_pipe line \"%s\"", w.ret);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "add_calls", 0), 3);
	ht_stop(&r);
}
END_TEST

Suite *suite_uprobe(void)
{
	Suite *s = suite_create("uprobe");
	TCase *tc = tcase_create("attach");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, uprobe_and_uretprobe_count_and_read_registers, 0,
			    (int)(sizeof(runs) / sizeof(runs[0])));
	tcase_add_loop_test(tc, pid_limits_the_probe_to_one_process, 0, 4);
	tcase_add_test(tc, section_names_the_target);
	tcase_add_test(tc, errors_name_what_is_missing);
	tcase_add_test(tc, uprobe_trace_example_prints_arguments_and_result);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tcase_uprobe_events());
	return s;
}
