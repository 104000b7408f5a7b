// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat/bench_core.bpf.c - the CO-RE object of the load benchmark
 * (tests/bench/load.c, docs/performance.md): what a small libbpf-tools
 * style tool looks like. Three tracepoint programs, four BTF-defined
 * maps, no global data, and CO-RE reads of task_struct through a
 * bpftool-made vmlinux.h (libbpf-dev's <bpf/bpf_core_read.h>), so that
 * loading it means reading /sys/kernel/btf/vmlinux and resolving about
 * thirty relocations against it. bench_nocore.bpf.c is the same object
 * without them.
 *
 * Build (GNUmakefile, needs bpftool and /sys/kernel/btf/vmlinux):
 *   bpftool btf dump file /sys/kernel/btf/vmlinux format c > build/gen/vmlinux.h
 *   clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -Ibuild/gen -c X.bpf.c -o X.bpf.o
 * Run:     bpfload run build/bpf-progs/compat/bench_core.bpf.o
 * Trigger: openat(2) (one record each), execve(2) (one record), the end
 *          of a process
 * Output:  events (ring buffer): struct event; opens (pid -> count),
 *          starts (pid -> exec time, until it exits), stats (array:
 *          [0] opens, [1] execs, [2] exits, [3] sum of run times in ns
 *          since exec, [4] exits with a non-zero status)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define TASK_COMM_LEN 16
#define NAME_LEN 64

enum { EV_OPEN = 1, EV_EXEC = 2 };

struct event {
	__u64 ts;
	__u32 kind;		/* EV_OPEN or EV_EXEC */
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 pid_ns;
	__s32 flags;
	__u64 start_time;
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

/* The task's identity, read with CO-RE. */
static __always_inline void who(struct event *e, struct task_struct *task)
{
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = BPF_CORE_READ(task, cred, uid.val);
	e->pid_ns = BPF_CORE_READ(task, nsproxy, pid_ns_for_children, ns.inum);
	e->start_time = BPF_CORE_READ(task, start_time);
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int bench_open(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 pid = BPF_CORE_READ(task, tgid);
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
	who(e, task);
	e->flags = (__s32)ctx->args[2];
	bpf_probe_read_user_str(e->name, sizeof(e->name), (const char *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int bench_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 pid = BPF_CORE_READ(task, tgid);
	__u64 now = bpf_ktime_get_ns();
	unsigned int off = ctx->__data_loc_filename & 0xffff;
	struct event *e;

	bpf_map_update_elem(&starts, &pid, &now, BPF_ANY);
	count(1, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->ts = now;
	e->kind = EV_EXEC;
	who(e, task);
	e->flags = (__s32)BPF_CORE_READ(task, flags);
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), (void *)ctx + off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int bench_exit(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 pid = BPF_CORE_READ(task, tgid);
	__u64 *start;

	/* the last thread of the process only */
	if (BPF_CORE_READ(task, pid) != pid)
		return 0;
	count(2, 1);
	start = bpf_map_lookup_elem(&starts, &pid);
	if (start) {
		count(3, bpf_ktime_get_ns() - *start);
		bpf_map_delete_elem(&starts, &pid);
	}
	bpf_map_delete_elem(&opens, &pid);
	if (BPF_CORE_READ(task, exit_code) || BPF_CORE_READ(task, signal, group_exit_code))
		count(4, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
