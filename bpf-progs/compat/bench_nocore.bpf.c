// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat/bench_nocore.bpf.c - bench_core.bpf.c without CO-RE, for the
 * load benchmark's no-CO-RE rows (tests/bench/load.c,
 * docs/performance.md): the same three tracepoint programs, the same
 * four maps and the same record, but no vmlinux.h (whose structs all
 * carry preserve_access_index, so that even reading the context would
 * be a CO-RE relocation) and no task_struct: the tracepoints' contexts
 * are declared here from their format files
 * (/sys/kernel/tracing/events/.../format), and what bench_core reads
 * from the task comes from helpers or is left at 0. Loading it reads no
 * kernel BTF.
 *
 * Build (GNUmakefile, needs libbpf-dev):
 *   clang -O2 -g -target bpf -I bpf-progs -c X.bpf.c -o build/bpf-progs/compat/X.bpf.o
 * Run:     bpfload run build/bpf-progs/compat/bench_nocore.bpf.o
 * Trigger, output: as bench_core.bpf.c's, but stats[4] counts the exits
 *          of niced processes (the exit status is in the task)
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TASK_COMM_LEN 16
#define NAME_LEN 64

enum { EV_OPEN = 1, EV_EXEC = 2 };

/* syscalls/sys_enter_openat: the common header (8 bytes), the syscall
 * number, then its arguments. */
struct sys_enter_ctx {
	__u64 common;
	long id;
	unsigned long args[6];
};

/* sched/sched_process_exec */
struct exec_ctx {
	__u64 common;
	__u32 data_loc_filename;
	int pid;
	int old_pid;
};

/* sched/sched_process_exit */
struct exit_ctx {
	__u64 common;
	char comm[TASK_COMM_LEN];
	int pid;
	int prio;
};

struct event {
	__u64 ts;
	__u32 kind;		/* EV_OPEN or EV_EXEC */
	__u32 pid;
	__u32 ppid;		/* 0: not known without the task */
	__u32 uid;
	__u32 pid_ns;		/* 0 */
	__s32 flags;
	__u64 start_time;	/* 0 */
	char comm[TASK_COMM_LEN];
	char name[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} opens SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 slot, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &slot);

	if (v)
		__sync_fetch_and_add(v, n);
}

/* What helpers say of the current task. */
static __always_inline void who(struct event *e)
{
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

SEC("tracepoint/syscalls/sys_enter_openat")
int bench_open(struct sys_enter_ctx *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n;
	struct event *e;

	n = bpf_map_lookup_elem(&opens, &pid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&opens, &pid, &one, BPF_NOEXIST);
	count(0, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->ts = bpf_ktime_get_ns();
	e->kind = EV_OPEN;
	who(e);
	e->ppid = 0;
	e->pid_ns = 0;
	e->start_time = 0;
	e->flags = (__s32)ctx->args[2];
	bpf_probe_read_user_str(e->name, sizeof(e->name), (const char *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int bench_exec(struct exec_ctx *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 now = bpf_ktime_get_ns();
	unsigned int off = ctx->data_loc_filename & 0xffff;
	struct event *e;

	bpf_map_update_elem(&starts, &pid, &now, BPF_ANY);
	count(1, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->ts = now;
	e->kind = EV_EXEC;
	who(e);
	e->ppid = 0;
	e->pid_ns = 0;
	e->start_time = 0;
	e->flags = ctx->old_pid;
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), (void *)ctx + off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int bench_exit(struct exit_ctx *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32;
	__u64 *start;

	/* the last thread of the process only */
	if ((__u32)id != pid)
		return 0;
	count(2, 1);
	start = bpf_map_lookup_elem(&starts, &pid);
	if (start) {
		count(3, bpf_ktime_get_ns() - *start);
		bpf_map_delete_elem(&starts, &pid);
	}
	bpf_map_delete_elem(&opens, &pid);
	if (ctx->prio > 120)
		count(4, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
