/* loader/output/trace_comm.c — the process name of a trace_pipe line.
 *
 * trace_pipe's COMM column is not written with the line: the kernel
 * looks the pid up in its saved_cmdlines cache when the line is read
 * (Documentation/trace/ftrace.rst, saved_cmdlines and options/record-cmd).
 * The cache is filled at context switches, so a line read before its
 * process was switched out says "<...>", or the name the pid had before
 * its exec (the shell it was forked from).
 *
 * bpfload reads /proc/PID/comm instead, when the line is read: the
 * trace line's pid is a thread id, and /proc/TID works for every thread.
 * A process that has already exited (a chmod lives a millisecond) is no
 * longer there, so bpfload runs a program of its own on the tracepoint
 * sched/sched_process_exit while it reads: at every thread's exit it
 * stores the thread's name under its id in an LRU hash map
 * (BPF_MAP_TYPE_LRU_HASH, Documentation/bpf/map_hash.rst), which is
 * looked up when /proc has nothing. The program is 16 instructions,
 * written below as they are (include/uapi/linux/bpf.h: struct bpf_insn);
 * it is attached as any tracepoint program is, by perf_event_open(2)
 * and PERF_EVENT_IOC_SET_BPF, and goes away with its fds.
 */
#include "trace_pipe.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"
#include "loader/sys/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_NAMES 8192	/* threads that exited between two reads */

/* The recorder, for the map fd:
 *   key = (u32)bpf_get_current_pid_tgid();        the thread id
 *   bpf_get_current_comm(name, 16);
 *   bpf_map_update_elem(map, &key, name, BPF_ANY);
 *   return 0;
 * key at fp-4, name at fp-24. */
static void recorder(struct bpf_insn insn[16], int map_fd)
{
	const struct bpf_insn prog[16] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_current_pid_tgid },
		{ .code = BPF_STX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .src_reg = BPF_REG_0, .off = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_1, .imm = -24 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 16 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_current_comm },
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1, .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = map_fd },
		{ 0 }, /* the second half of the 64-bit load */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_3, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_3, .imm = -24 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4, .imm = BPF_ANY },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_update_elem },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	memcpy(insn, prog, sizeof(prog));
}

static int start_recorder(struct bl_trace_comm *c, struct bl_err *err)
{
	struct bpf_insn insn[16];
	char dir[256], eb[16];
	int id, ret;

	c->map_fd = bl_sys_map_create(BPF_MAP_TYPE_LRU_HASH, "bpfload_comm", 4, 16, EXIT_NAMES, 0);
	if (c->map_fd < 0)
		return bl_err_set(err, c->map_fd, "names at exit: BPF_MAP_CREATE of an LRU hash: %s",
				  bl_errno_name(-c->map_fd, eb));
	recorder(insn, c->map_fd);
	struct bl_prog_load_args a = {
		.type = BPF_PROG_TYPE_TRACEPOINT, .name = "bpfload_comm", .insns = insn,
		.insn_cnt = 16, .license = "GPL", .prog_btf_fd = -1,
	};
	c->prog_fd = bl_sys_prog_load(&a);
	if (c->prog_fd < 0)
		return bl_err_set(err, c->prog_fd, "names at exit: BPF_PROG_LOAD: %s",
				  bl_errno_name(-c->prog_fd, eb));
	ret = bl_tracefs_find(dir, sizeof(dir));
	id = ret ? ret : bl_tracefs_event_id(dir, "sched/sched_process_exit");
	if (id < 0)
		return bl_err_set(err, id, "names at exit: no tracepoint sched/sched_process_exit: %s",
				  bl_errno_name(-id, eb));
	c->perf_fd = bl_sys_perf_tracepoint_open((uint64_t)id, -1);
	if (c->perf_fd < 0)
		return bl_err_set(err, c->perf_fd, "names at exit: perf_event_open of sched/sched_process_exit: %s",
				  bl_errno_name(-c->perf_fd, eb));
	ret = bl_sys_perf_event_set_bpf(c->perf_fd, c->prog_fd);
	if (!ret)
		ret = bl_sys_perf_event_enable(c->perf_fd);
	if (ret)
		return bl_err_set(err, ret, "names at exit: attaching to sched/sched_process_exit: %s",
				  bl_errno_name(-ret, eb));
	return 0;
}

struct start_try {
	struct bl_trace_comm *c;
	struct bl_err *err;
};

/* One try of start_recorder; a failed one closes what it opened. */
static int start_once(void *ctx)
{
	struct start_try *t = ctx;
	int ret;

	memset(t->c, 0, sizeof(*t->c));
	t->c->map_fd = t->c->prog_fd = t->c->perf_fd = -1;
	ret = start_recorder(t->c, t->err);
	if (ret)
		bl_trace_comm_close(t->c);
	return ret;
}

int bl_trace_comm_open(struct bl_trace_comm *c, struct bl_err *err)
{
	struct start_try t = { c, err };

	/* Before 5.11 the map counts against RLIMIT_MEMLOCK (EPERM past it),
	 * as bl_load's maps do (loader/sys/permissions.c). */
	return bl_kernel_charges_memlock() ? bl_memlock_retry(start_once, &t, NULL) : start_once(&t);
}

void bl_trace_comm_close(struct bl_trace_comm *c)
{
	if (c->perf_fd >= 0)
		close(c->perf_fd);
	if (c->prog_fd >= 0)
		close(c->prog_fd);
	if (c->map_fd >= 0)
		close(c->map_fd);
	c->map_fd = c->prog_fd = c->perf_fd = -1;
}

/* /proc/PID/comm into name: 0, or -errno (-ENOENT: no such thread). */
static int proc_comm(int pid, char name[16])
{
	char path[40], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ENOENT;
	buf[n] = '\0';
	n = (ssize_t)strcspn(buf, "\n");
	if (n > 15) /* TASK_COMM_LEN 16: never longer */
		n = 15;
	memcpy(name, buf, (size_t)n);
	name[n] = '\0';
	return 0;
}

static int seen_slot(const struct bl_trace_comm *c, int pid)
{
	for (int i = 0; i < BL_TRACE_COMM_SEEN; i++)
		if (c->seen[i].pid == pid && c->seen[i].name[0])
			return i;
	return -1;
}

static void remember(struct bl_trace_comm *c, int pid, const char *name)
{
	int i = seen_slot(c, pid);

	if (i < 0) {
		i = (int)(c->next++ % BL_TRACE_COMM_SEEN);
		c->seen[i].pid = pid;
	}
	snprintf(c->seen[i].name, sizeof(c->seen[i].name), "%s", name);
}

const char *bl_trace_comm_name(struct bl_trace_comm *c, int pid, const char *kernel_comm,
			       enum bl_comm_source *src)
{
	enum bl_comm_source dummy;
	uint32_t key = (uint32_t)pid;
	int i;

	if (!src)
		src = &dummy;
	*src = BL_COMM_KERNEL;
	if (pid <= 0) /* the idle task: the kernel's "<idle>" */
		return kernel_comm;
	if (!proc_comm(pid, c->name)) {
		remember(c, pid, c->name);
		*src = BL_COMM_PROC;
		return c->name;
	}
	memset(c->name, 0, sizeof(c->name));
	if (c->map_fd >= 0 && !bl_sys_map_lookup(c->map_fd, &key, c->name) && c->name[0]) {
		c->name[sizeof(c->name) - 1] = '\0';
		*src = BL_COMM_EXIT;
		return c->name;
	}
	i = seen_slot(c, pid);
	if (i >= 0) {
		memcpy(c->name, c->seen[i].name, sizeof(c->name));
		*src = BL_COMM_SEEN;
		return c->name;
	}
	return kernel_comm;
}
