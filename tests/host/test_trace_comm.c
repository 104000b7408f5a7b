/* tests/host/test_trace_comm.c — the names of trace_pipe's COMM column
 * (loader/output/trace_comm.c): /proc/PID/comm while the process lives,
 * the name recorded at its exit by bpfload's own program once it is
 * gone, whatever the kernel's saved_cmdlines cache says.
 *
 * The processes exec a symlink with a name made for the test (the
 * kernel names a process after the file name it was exec'd as), so no
 * cache of the machine can know it from an earlier run. argv[0] stays
 * the program's own name, for busybox (the VMs), which picks its applet
 * by it. */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct named {
	char dir[64];
	char link[128];
	char name[16];		/* what the kernel calls the process */
};

/* A symlink DIR/blcNNNNN to target; the name is unique to this run. */
static void make_link(struct named *n, const char *target)
{
	snprintf(n->dir, sizeof(n->dir), "/tmp/bpfload-comm.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(n->dir));
	snprintf(n->name, sizeof(n->name), "blc%d", (int)getpid() % 1000000);
	snprintf(n->link, sizeof(n->link), "%s/%s", n->dir, n->name);
	ck_assert_int_eq(symlink(target, n->link), 0);
}

static void remove_link(struct named *n)
{
	unlink(n->link);
	rmdir(n->dir);
}

/* Forks a child that execs n->link as argv0 with arg; returns its pid. */
static pid_t spawn(const struct named *n, const char *argv0, const char *arg)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		execl(n->link, argv0, arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* A process that exited (and was reaped) before the name was asked
 * for: named from the recorder's map, not "<...>". Without the
 * recorder, the kernel's name is all there is. */
START_TEST(comm_of_exited_process)
{
	struct bl_trace_comm c, none;
	struct bl_err err = { "" };
	enum bl_comm_source src;
	struct named n;
	const char *name;
	int status;
	pid_t pid;

	ck_assert_msg(bl_trace_comm_open(&c, &err) == 0, "%s", err.msg);
	make_link(&n, "/bin/true");
	pid = spawn(&n, "true", NULL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s did not run", n.link);
	remove_link(&n);
	ck_assert_int_eq(kill(pid, 0), -1); /* gone: /proc has no name */

	name = bl_trace_comm_name(&c, pid, "<...>", &src);
	ck_assert_str_eq(name, n.name);
	ck_assert_int_eq(src, BL_COMM_EXIT);
	bl_trace_comm_close(&c);

	memset(&none, 0, sizeof(none));
	none.map_fd = none.prog_fd = none.perf_fd = -1;
	name = bl_trace_comm_name(&none, pid, "<...>", &src);
	ck_assert_str_eq(name, "<...>");
	ck_assert_int_eq(src, BL_COMM_KERNEL);
}
END_TEST

/* A living process: its name now, from /proc, whatever name the kernel
 * had for the pid (here the one before its exec). Once it is gone, the
 * recorder's name; without the recorder, the name read while it lived. */
START_TEST(comm_of_living_process)
{
	struct bl_trace_comm c;
	struct bl_err err = { "" };
	enum bl_comm_source src;
	struct named n;
	char proc[64], self[256];
	const char *name;
	ssize_t len;
	pid_t pid;
	int i;

	ck_assert_msg(bl_trace_comm_open(&c, &err) == 0, "%s", err.msg);
	make_link(&n, "/bin/sleep");
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	ck_assert_int_gt(len, 0);
	self[len] = '\0';
	pid = spawn(&n, "sleep", "30");
	snprintf(proc, sizeof(proc), "/proc/%d/exe", (int)pid);
	for (i = 0; i < 500; i++) { /* until the exec is done: not our exe */
		char exe[256];

		len = readlink(proc, exe, sizeof(exe) - 1);
		if (len > 0) {
			exe[len] = '\0';
			if (strcmp(exe, self))
				break;
		}
		usleep(10000);
	}
	name = bl_trace_comm_name(&c, pid, "check_host", &src);
	ck_assert_str_eq(name, n.name);
	ck_assert_int_eq(src, BL_COMM_PROC);

	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	remove_link(&n);
	name = bl_trace_comm_name(&c, pid, "<...>", &src);
	ck_assert_str_eq(name, n.name);
	ck_assert_int_eq(src, BL_COMM_EXIT);

	/* the recorder stopped: what was read while it lived */
	close(c.map_fd);
	c.map_fd = -1;
	name = bl_trace_comm_name(&c, pid, "<...>", &src);
	ck_assert_str_eq(name, n.name);
	ck_assert_int_eq(src, BL_COMM_SEEN);
	bl_trace_comm_close(&c);
}
END_TEST

/* The idle task (pid 0) keeps the kernel's "<idle>". */
START_TEST(comm_of_idle)
{
	struct bl_trace_comm c;
	enum bl_comm_source src;

	memset(&c, 0, sizeof(c));
	c.map_fd = c.prog_fd = c.perf_fd = -1;
	ck_assert_str_eq(bl_trace_comm_name(&c, 0, "<idle>", &src), "<idle>");
	ck_assert_int_eq(src, BL_COMM_KERNEL);
}
END_TEST

Suite *suite_trace_comm(void)
{
	Suite *s = suite_create("trace_comm");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, comm_of_exited_process);
	tcase_add_test(tc, comm_of_living_process);
	tcase_add_test(tc, comm_of_idle);
	suite_add_tcase(s, tc);
	return s;
}
