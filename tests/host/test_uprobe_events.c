/* tests/host/test_uprobe_events.c — the hygiene of the uprobe events
 * bpfload makes in tracefs's uprobe_events, read back from that file:
 * removed at detach (test_uprobe.c), when attaching fails midway, when
 * `bpfload run` is stopped by SIGINT, SIGTERM or SIGHUP, and, when their
 * bpfload died (kill -9), by the next one; other tools' events and live
 * bpfloads' are never touched.
 */
#include "host.h"
#include "ht_uprobe.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf/binary/elf_symbols.h"

static bool skip_without_uprobe_events(const char *test)
{
	if (ht_have_uprobe_events())
		return false;
	fprintf(stderr, "SKIP %s: no uprobe_events in tracefs (CONFIG_UPROBE_EVENTS)\n", test);
	return true;
}

/* The second program's function does not exist: the first one's event
 * is removed again, and nothing stays attached. */
START_TEST(failure_midway_leaves_nothing)
{
	char bad[PATH_MAX + 64];
	struct bl_err err = { "" };
	struct ht_run r = { 0 };

	if (skip_without_uprobe_events(__func__) || !ht_uprobe_load(&r, BL_PROBE_TRACEFS, 0))
		return;
	snprintf(bad, sizeof(bad), "%s:ht_no_such_function", ht_uprobe_self());
	ck_assert_str_eq(r.obj->programs[1].name, "on_return");
	r.obj->programs[1].attach_target = bad;
	ck_assert_int_lt(bl_attach(r.l, &r.ao, &err), 0);
	ck_assert_msg(strstr(err.msg, "program on_return") && strstr(err.msg, "has no function ht_no_such_function"),
		      "%s", err.msg);
	for (size_t i = 0; i < r.l->prog_cnt; i++) {
		ck_assert_int_eq(r.l->progs[i].link.perf_fd, -1);
		ck_assert_int_eq(r.l->progs[i].link.link_fd, -1);
	}
	ck_assert_int_eq(ht_uprobe_events_of_pid(getpid()), 0);
	r.obj->programs[1].attach_target = NULL;
	ht_stop(&r);
}
END_TEST

/* Events of a dead bpfload go at the next attach through tracefs; a live
 * one's (pid 1) and another tool's stay. */
START_TEST(stale_events_of_dead_bpfload_removed)
{
	char cmd[PATH_MAX + 128], dead_event[64], other_event[64], live_event[64];
	struct bl_err err = { "" };
	struct bl_elf_func f;
	struct ht_run r = { 0 };
	pid_t dead;

	if (skip_without_uprobe_events(__func__))
		return;
	ck_assert_msg(bl_elf_find_func(ht_uprobe_self(), "ht_uprobe_add", &f, NULL, &err) == 0, "%s",
		      err.msg);
	dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0); /* now a pid that no process has */
	snprintf(dead_event, sizeof(dead_event), "bpfload_%d_0_ht_uprobe_add", dead);
	snprintf(other_event, sizeof(other_event), "othertool_%d_ht_uprobe_add", getpid());
	snprintf(live_event, sizeof(live_event), "bpfload_1_0_ht_uprobe_add_%d", getpid());
	snprintf(cmd, sizeof(cmd), "p:uprobes/%s %s:0x%llx\n", dead_event, ht_uprobe_self(),
		 (unsigned long long)f.offset);
	ht_uprobe_events_write(cmd);
	snprintf(cmd, sizeof(cmd), "r:uprobes/%s %s:0x%llx\n", other_event, ht_uprobe_self(),
		 (unsigned long long)f.offset);
	ht_uprobe_events_write(cmd);
	snprintf(cmd, sizeof(cmd), "p:uprobes/%s %s:0x%llx\n", live_event, ht_uprobe_self(),
		 (unsigned long long)f.offset);
	ht_uprobe_events_write(cmd);
	ck_assert_int_eq(ht_uprobe_events_with(dead_event), 1);

	if (!ht_uprobe_load(&r, BL_PROBE_TRACEFS, 0))
		return;
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(ht_uprobe_events_with(dead_event), 0);
	ck_assert_int_eq(ht_uprobe_events_with(other_event), 1);
	ck_assert_int_eq(ht_uprobe_events_with(live_event), 1);
	ck_assert_int_eq(ht_uprobe_events_of_pid(getpid()), 2);
	ht_stop(&r);
	ck_assert_int_eq(ht_uprobe_events_of_pid(getpid()), 0);
	snprintf(cmd, sizeof(cmd), "-:uprobes/%s\n", other_event);
	ht_uprobe_events_write(cmd);
	snprintf(cmd, sizeof(cmd), "-:uprobes/%s\n", live_event);
	ht_uprobe_events_write(cmd);
	ck_assert_int_eq(ht_uprobe_events_with(other_event), 0);
	ck_assert_int_eq(ht_uprobe_events_with(live_event), 0);
}
END_TEST

/* `bpfload run test_uprobe.bpf.o --json --attach-mode=tracefs --uprobe
 * <this binary>:ht_uprobe_add`, stdout on a pipe, once it has attached;
 * 0 when bpfload or the object is not built. */
static pid_t spawn_run(int *out_fd)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char bin[512], obj[512], out[16384] = "";
	size_t used = 0;
	int pipefd[2];
	pid_t child;

	snprintf(bin, sizeof(bin), "%s/bpfload", dir && *dir ? dir : "build");
	snprintf(obj, sizeof(obj), "%s/bpf-progs/test_uprobe.bpf.o", dir && *dir ? dir : "build");
	if (!ut_have(bin, __func__) || !ut_have(obj, __func__))
		return 0;
	ck_assert_int_eq(pipe(pipefd), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(bin, bin, "run", obj, "--json", "--attach-mode=tracefs", "--uprobe",
		      ht_uprobe_target(), (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	*out_fd = pipefd[0];
	ck_assert_msg(ht_read_until(pipefd[0], out, sizeof(out), &used, "\"program\":\"on_return\""),
		      "no attach line of on_return from bpfload run: %s", out);
	return child;
}

/* Waits up to 3 s for child to exit; returns its status. */
static int wait_exit(pid_t child)
{
	int status = 0;

	for (int i = 0; i < 300 && waitpid(child, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (!WIFEXITED(status) && !WIFSIGNALED(status)) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		ck_abort_msg("bpfload run did not exit within 3 s of the signal");
	}
	return status;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

START_TEST(events_removed_on_signal)
{
	int sig = stop_signals[_i], fd = -1, status;
	pid_t child;

	if (skip_without_uprobe_events(__func__) || !(child = spawn_run(&fd)))
		return;
	ck_assert_int_eq(ht_uprobe_events_of_pid(child), 2);
	ck_assert_int_eq(kill(child, sig), 0);
	status = wait_exit(child);
	close(fd);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "signal %d: status 0x%x", sig,
		      status);
	ck_assert_int_eq(ht_uprobe_events_of_pid(child), 0);
}
END_TEST

/* kill -9 leaves the events; the next bpfload that makes one removes them. */
START_TEST(events_of_killed_run_removed_by_next_run)
{
	int fd1 = -1, fd2 = -1, status;
	pid_t first, second;

	if (skip_without_uprobe_events(__func__) || !(first = spawn_run(&fd1)))
		return;
	ck_assert_int_eq(ht_uprobe_events_of_pid(first), 2);
	kill(first, SIGKILL);
	waitpid(first, &status, 0);
	close(fd1);
	ck_assert_int_eq(ht_uprobe_events_of_pid(first), 2);
	second = spawn_run(&fd2);
	ck_assert_int_eq(ht_uprobe_events_of_pid(first), 0);
	ck_assert_int_eq(ht_uprobe_events_of_pid(second), 2);
	kill(second, SIGTERM);
	status = wait_exit(second);
	close(fd2);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status 0x%x", status);
	ck_assert_int_eq(ht_uprobe_events_of_pid(second), 0);
}
END_TEST

TCase *tcase_uprobe_events(void)
{
	TCase *tc = tcase_create("uprobe_events");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, failure_midway_leaves_nothing);
	tcase_add_test(tc, stale_events_of_dead_bpfload_removed);
	tcase_add_loop_test(tc, events_removed_on_signal, 0,
			    (int)(sizeof(stop_signals) / sizeof(stop_signals[0])));
	tcase_add_test(tc, events_of_killed_run_removed_by_next_run);
	return tc;
}
