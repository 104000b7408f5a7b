/* tests/host/test_cli_signals.c — `bpfload run` stopped by SIGINT,
 * SIGTERM or SIGHUP exits 0 after dumping the maps, and its program is
 * gone from the kernel afterwards. */
#include "host.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Starts `bpfload run OBJ --json EXTRA...` with stdout on a pipe and
 * waits for its first "attach" line; returns the child's pid, or 0 when
 * the binary or object is not built. */
static pid_t spawn_run(const char *object, const char *extra, int *out_fd, char *out, size_t size,
		       size_t *used)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char bin[512], obj[512];
	int pipefd[2];
	pid_t child;

	snprintf(bin, sizeof(bin), "%s/bpfload", dir && *dir ? dir : "build");
	snprintf(obj, sizeof(obj), "%s/%s", dir && *dir ? dir : "build", object);
	if (!ut_have(bin, __func__) || !ut_have(obj, __func__))
		return 0;
	ck_assert_int_eq(pipe(pipefd), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(bin, bin, "run", obj, "--json", extra, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	*out_fd = pipefd[0];
	ck_assert_msg(ht_read_until(pipefd[0], out, size, used, "\"type\":\"attach\""),
		      "no attach line from bpfload run %s: %s", object, out);
	return child;
}

/* Waits up to 3 s for child; returns its status (killing it after). */
static int wait_exit(pid_t child, int sig)
{
	int status = 0;

	for (int i = 0; i < 300 && waitpid(child, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (!WIFEXITED(status) && !WIFSIGNALED(status)) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		ck_abort_msg("bpfload run did not exit within 3 s of signal %d", sig);
	}
	return status;
}

START_TEST(run_stops_cleanly_on_signal)
{
	int sig = stop_signals[_i], fd = -1, status;
	char out[65536] = "";
	size_t used = 0;
	unsigned id = 0;
	const char *p;
	pid_t child = spawn_run("bpf-progs/syscall_count.bpf.o", NULL, &fd, out, sizeof(out), &used);

	if (!child)
		return;
	p = strstr(out, "\"id\":");
	ck_assert_ptr_nonnull(p);
	id = (unsigned)strtoul(p + 5, NULL, 10);
	ck_assert_msg(ht_id_exists(BPF_PROG_GET_NEXT_ID, id), "program id %u not loaded", id);

	ck_assert_int_eq(kill(child, sig), 0);
	ht_read_until(fd, out, sizeof(out), &used, "\"type\":\"map_dump\"");
	status = wait_exit(child, sig);
	close(fd);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "signal %d: bpfload run ended with status 0x%x", sig, status);
	ck_assert_msg(strstr(out, "\"type\":\"map_dump\",\"name\":\"syscall_count\""),
		      "signal %d: no map dump in: %s", sig, out);
	ht_assert_prog_gone(id);
}
END_TEST

/* The programs' ids from the "program" lines of out, at most max. */
static int program_ids(const char *out, unsigned *ids, int max)
{
	int n = 0;

	for (const char *p = out; n < max && (p = strstr(p, "{\"type\":\"program\"")); p++) {
		const char *id = strstr(p, "\"id\":");

		if (id)
			ids[n++] = (unsigned)strtoul(id + 5, NULL, 10);
	}
	return n;
}

/* A second signal while bpfload detaches (a second Ctrl-C; SIGKILL):
 * teardown of four tracepoint links takes a few RCU grace periods
 * (loader/attach/attach.c bl_detach), and whatever happens during it,
 * none of the programs, and so none of their links, stays in the kernel. */
static const int second_signals[] = { SIGINT, SIGTERM, SIGKILL };

START_TEST(teardown_interrupted_leaves_nothing)
{
	int sig = second_signals[_i], fd = -1, status, n;
	char out[65536] = "";
	unsigned ids[4];
	size_t used = 0;
	pid_t child = spawn_run("bpf-progs/test_teardown.bpf.o", NULL, &fd, out, sizeof(out), &used);

	if (!child)
		return;
	ck_assert_msg(ht_read_until(fd, out, sizeof(out), &used, "\"program\":\"td_sched_yield\""),
		      "not every program attached: %s", out);
	n = program_ids(out, ids, 4);
	ck_assert_int_eq(n, 4);
	for (int i = 0; i < n; i++)
		ck_assert_msg(ht_id_exists(BPF_PROG_GET_NEXT_ID, ids[i]), "program id %u", ids[i]);
	ck_assert_int_eq(kill(child, SIGINT), 0);
	/* the maps are printed first: the second signal comes once they are */
	ht_read_until(fd, out, sizeof(out), &used, "\"type\":\"map_dump\"");
	usleep(20000);
	ck_assert_int_eq(kill(child, sig), 0);
	status = wait_exit(child, sig);
	close(fd);
	if (sig == SIGKILL)
		ck_assert_msg(WIFSIGNALED(status) || WIFEXITED(status), "status 0x%x", status);
	else
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "signal %d during teardown: status 0x%x", sig, status);
	for (int i = 0; i < n; i++)
		ht_assert_prog_gone(ids[i]);
}
END_TEST

/* With kprobes made through tracefs: each signal removes the events. */
START_TEST(tracefs_events_removed_on_signal)
{
	int sig = stop_signals[_i], fd = -1, status;
	char out[65536] = "";
	size_t used = 0;
	pid_t child;

	if (ht_skip_without_kprobes(__func__) || !ht_have_kprobe_events())
		return;
	child = spawn_run("bpf-progs/test_kprobe.bpf.o", "--attach-mode=tracefs", &fd, out, sizeof(out),
			  &used);
	if (!child)
		return;
	ck_assert_int_eq(ht_kprobe_events_of_pid(child), 4);
	ck_assert_int_eq(kill(child, sig), 0);
	status = wait_exit(child, sig);
	close(fd);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status 0x%x", status);
	ck_assert_int_eq(ht_kprobe_events_of_pid(child), 0);
}
END_TEST

/* kill -9 leaves the events (nothing can run at SIGKILL); the next
 * bpfload that makes a tracefs event removes them. */
START_TEST(events_of_killed_run_removed_by_next_run)
{
	int fd1 = -1, fd2 = -1, status;
	char out1[65536] = "", out2[65536] = "";
	size_t used1 = 0, used2 = 0;
	pid_t first, second;

	if (ht_skip_without_kprobes(__func__) || !ht_have_kprobe_events())
		return;
	first = spawn_run("bpf-progs/test_kprobe.bpf.o", "--attach-mode=tracefs", &fd1, out1,
			  sizeof(out1), &used1);
	if (!first)
		return;
	ck_assert_int_eq(ht_kprobe_events_of_pid(first), 4);
	kill(first, SIGKILL);
	waitpid(first, &status, 0);
	close(fd1);
	ck_assert_int_eq(ht_kprobe_events_of_pid(first), 4); /* left behind */

	second = spawn_run("bpf-progs/test_kprobe.bpf.o", "--attach-mode=tracefs", &fd2, out2,
			   sizeof(out2), &used2);
	ck_assert_int_eq(ht_kprobe_events_of_pid(first), 0);
	ck_assert_int_eq(ht_kprobe_events_of_pid(second), 4);
	kill(second, SIGINT);
	status = wait_exit(second, SIGINT);
	close(fd2);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(ht_kprobe_events_of_pid(second), 0);
}
END_TEST

Suite *suite_cli_signals(void)
{
	Suite *s = suite_create("cli-signals");
	TCase *tc = tcase_create("run");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, teardown_interrupted_leaves_nothing, 0,
			    (int)(sizeof(second_signals) / sizeof(second_signals[0])));
	tcase_add_loop_test(tc, run_stops_cleanly_on_signal, 0,
			    (int)(sizeof(stop_signals) / sizeof(stop_signals[0])));
	tcase_add_loop_test(tc, tracefs_events_removed_on_signal, 0,
			    (int)(sizeof(stop_signals) / sizeof(stop_signals[0])));
	tcase_add_test(tc, events_of_killed_run_removed_by_next_run);
	suite_add_tcase(s, tc);
	return s;
}
