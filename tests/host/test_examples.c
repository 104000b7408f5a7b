/* tests/host/test_examples.c — the examples of bpf-progs/, each loaded,
 * attached, triggered by the test itself, its effect asserted, and then
 * checked gone from the kernel. */
#include "host.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* raw_tracepoint/sys_enter counts every syscall of this process; after
 * detaching, more syscalls must not change the count. */
START_TEST(syscall_count_counts_and_stops)
{
	struct ht_run r = { 0 };
	uint32_t me = (uint32_t)getpid();
	uint64_t attached, detached;
	int fds_before = ht_open_fd_count();

	UT_PROG(path, "syscall_count");
	free(path);
	ht_start(&r, "syscall_count");
	ht_getppid_times(200);
	attached = ht_lookup_u64(r.l, "syscall_count", me);
	ck_assert_msg(attached >= 200, "syscall_count[%u] = %llu after 200 getppid calls", me,
		      (unsigned long long)attached);

	bl_detach(r.l);
	detached = ht_lookup_u64(r.l, "syscall_count", me);
	ht_getppid_times(200);
	ck_assert_uint_eq(ht_lookup_u64(r.l, "syscall_count", me), detached);
	ht_stop(&r);
	ck_assert_int_eq(ht_open_fd_count(), fds_before);
}
END_TEST

struct wanted_line {
	const char *path;
	int pid;
	bool found;
};

static void look_for_line(const char *line, void *arg)
{
	struct wanted_line *w = arg;
	struct bl_trace_line t;
	char want[300];

	snprintf(want, sizeof(want), "path=%s mode=0640", w->path);
	if (bl_trace_line_parse(line, &t) == 0 && t.pid == w->pid &&
	    strcmp(t.event, "bpf_trace_printk") == 0 && strstr(t.message, want))
		w->found = true;
}

/* tracepoint/syscalls/sys_enter_fchmodat prints path and mode with
 * bpf_printk: the line must reach trace_pipe, with our pid. */
START_TEST(fchmodat_trace_prints_path_and_mode)
{
	struct bl_trace_pipe tp;
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	char file[64];
	struct wanted_line w = { file, getpid(), false };

	UT_PROG(path, "fchmodat_trace");
	free(path);
	if (ht_skip_unless_field_at("syscalls/sys_enter_fchmodat", "filename", 24, __func__))
		return;
	snprintf(file, sizeof(file), "/tmp/bpfload-host-%d", getpid());
	close(open(file, O_CREAT | O_WRONLY, 0600));
	ck_assert_msg(bl_trace_pipe_open(&tp, &err) == 0, "%s", err.msg);
	ht_start(&r, "fchmodat_trace");
	for (int i = 0; i < 300 && !w.found; i++) {
		if (i % HT_PRINTK_ROUND == 0) /* again after 300 ms: see HT_PRINTK_ROUND */
			ck_assert_int_eq(syscall(SYS_fchmodat, AT_FDCWD, file, 0640), 0);
		bl_trace_pipe_read(&tp, look_for_line, &w);
		if (!w.found)
			usleep(10000);
	}
	bl_trace_pipe_close(&tp);
	unlink(file);
	ck_assert_msg(w.found, "no trace_pipe line with pid %d and \"path=%s mode=0640\"", w.pid, file);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "fchmodat_calls", 0), 1);
	ht_stop(&r);
}
END_TEST

/* A UDP datagram to a closed port on loopback is dropped (the ICMP
 * "port unreachable" path frees the skb with kfree_skb). The drop is
 * counted for the process current when the loopback softirq runs: this
 * process, which raised it, or, when softirqs are busy (slow emulation),
 * a ksoftirqd thread. The datagrams are sent until one is counted for
 * one of those. */
static bool is_ksoftirqd(uint32_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return strncmp(comm, "ksoftirqd/", 10) == 0;
}

struct drop_ctx {
	uint32_t me;
	uint64_t mine, softirqd;
};

static int count_drop(const struct bl_map *m, const void *key, const void *value, size_t len,
		      void *arg)
{
	struct drop_ctx *d = arg;
	uint32_t pid;
	uint64_t n;

	(void)m;
	(void)len;
	memcpy(&pid, key, sizeof(pid));
	memcpy(&n, value, sizeof(n));
	if (pid == d->me)
		d->mine += n;
	else if (is_ksoftirqd(pid))
		d->softirqd += n;
	return 0;
}

START_TEST(kfree_skb_count_counts_a_drop)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	struct drop_ctx d = { .me = (uint32_t)getpid() };
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	int s;

	UT_PROG(path, "kfree_skb_count");
	free(path);
	if (ht_skip_without_tracepoint("skb/kfree_skb", __func__))
		return;
	/* A port that was free a moment ago and is closed now. */
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&addr, &len), 0);
	close(s);

	ht_start(&r, "kfree_skb_count");
	ck_assert(!ht_has_key(r.l, "drops_by_pid", d.me));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	for (int i = 0; i < 100 && d.mine + d.softirqd == 0; i++) {
		ck_assert_int_eq(sendto(s, "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr)), 1);
		usleep(20000);
		d.mine = d.softirqd = 0;
		ck_assert_msg(bl_map_for_each(bl_object_find_map(r.l, "drops_by_pid"), count_drop, &d, &err) == 0,
			      "%s", err.msg);
	}
	close(s);
	ck_assert_msg(d.mine + d.softirqd >= 1, "no drop counted for pid %u or a ksoftirqd", d.me);
	ht_stop(&r);
}
END_TEST

struct unlink_lines {
	char path_line[128];
	int pid;
	bool path_seen, ret0_seen, enoent_seen;
	char seen[512];		/* this pid's lines, for the failure message */
};

static void look_for_unlink(const char *line, void *arg)
{
	struct unlink_lines *w = arg;
	struct bl_trace_line t;
	char ret0[64], enoent[64];

	if (bl_trace_line_parse(line, &t) || t.pid != w->pid)
		return;
	snprintf(ret0, sizeof(ret0), "unlink pid=%d ret=0", w->pid);
	snprintf(enoent, sizeof(enoent), "unlink pid=%d ret=-2", w->pid);
	snprintf(w->seen + strlen(w->seen), sizeof(w->seen) - strlen(w->seen), "[%s] ", t.message);
	w->path_seen |= strcmp(t.message, w->path_line) == 0;
	w->ret0_seen |= strcmp(t.message, ret0) == 0;
	w->enoent_seen |= strcmp(t.message, enoent) == 0;
}

/* kprobe/do_unlinkat reads the path through PT_REGS_PARM2 and a kernel
 * pointer; kretprobe/do_unlinkat prints PT_REGS_RC: 0, then -ENOENT for
 * a second unlink of the same file. */
START_TEST(unlink_trace_prints_path_and_return_value)
{
	struct bl_trace_pipe tp;
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	char file[64];
	struct unlink_lines w = { .pid = getpid() };
	int rounds = 0;

	UT_PROG(path, "unlink_trace");
	free(path);
	if (ht_skip_without_kprobes(__func__))
		return;
	snprintf(file, sizeof(file), "/tmp/bpfload-unlink-%d", getpid());
	snprintf(w.path_line, sizeof(w.path_line), "unlink pid=%d path=%s", w.pid, file);
	ck_assert_msg(bl_trace_pipe_open(&tp, &err) == 0, "%s", err.msg);
	ht_start(&r, "unlink_trace");
	for (int i = 0; i < 300 && !(w.path_seen && w.ret0_seen && w.enoent_seen); i++) {
		if (i % HT_PRINTK_ROUND == 0) { /* again after 300 ms: see HT_PRINTK_ROUND */
			close(open(file, O_CREAT | O_WRONLY, 0600));
			ck_assert_int_eq(unlink(file), 0);
			ck_assert_int_eq(unlink(file), -1);
			rounds++;
		}
		bl_trace_pipe_read(&tp, look_for_unlink, &w);
		usleep(10000);
	}
	bl_trace_pipe_close(&tp);
	if (rounds > 1 && w.path_seen)
		fprintf(stderr, "NOTE %s: the lines came in round %d of unlinks, not the first (HT_PRINTK_ROUND)\n",
			__func__, rounds);
	ck_assert_msg(w.path_seen, "no line \"%s\" in %s", w.path_line, w.seen);
	ck_assert_msg(w.ret0_seen, "no line \"unlink pid=%d ret=0\" in %s", w.pid, w.seen);
	ck_assert_msg(w.enoent_seen, "no line \"unlink pid=%d ret=-2\" in %s", w.pid, w.seen);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "unlink_calls", 0), 2);
	ht_stop(&r);
}
END_TEST

Suite *suite_examples(void)
{
	Suite *s = suite_create("examples");
	TCase *tc = tcase_create("bpf-progs");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, syscall_count_counts_and_stops);
	tcase_add_test(tc, fchmodat_trace_prints_path_and_mode);
	tcase_add_test(tc, kfree_skb_count_counts_a_drop);
	tcase_add_test(tc, unlink_trace_prints_path_and_return_value);
	suite_add_tcase(s, tc);
	return s;
}
