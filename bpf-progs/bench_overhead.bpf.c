/* bench_overhead.bpf.c - the programs of the probe overhead benchmark
 * (tests/bench/overhead.c, docs/performance.md).
 *
 * The benchmark measures how much slower a loop of writes to
 * /proc/self/comm runs when a BPF program is attached to the rename each
 * write causes: write(2) on /proc/PID/comm -> __set_task_comm() -> the
 * tracepoint task:task_rename (include/trace/events/task.h). It follows
 * the kernel's samples/bpf/test_overhead, with one program per way of
 * attaching, each loaded and attached alone:
 *
 *   tp_task_rename       tracepoint/task/task_rename   (perf event + BPF link)
 *   raw_tp_task_rename   raw_tp/task_rename            (BPF_RAW_TRACEPOINT_OPEN)
 *   kprobe_set_task_comm kprobe/__set_task_comm        (kernels with kprobes: the VM)
 *   uprobe_bench_call    uprobe on a function of the benchmark binary
 *                        (bare section: the target is given at attach time)
 *
 * As in the kernel sample the tracepoint programs do nothing but return,
 * and the kprobe reads what the tracepoint would have handed over (the
 * task's pid and old name, the new name, the oom_score_adj of its
 * signal_struct). Each program also counts its runs in its slot of the
 * array `hits` (an inlined array lookup and one atomic add: a few
 * nanoseconds against the microsecond of a rename), so the benchmark
 * can check that the program it measured really ran once per write.
 *
 * The sections are libbpf's, and the map a BTF-defined one: the same
 * object is loaded by libbpf as the peer in the same run.
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

enum { HIT_TP, HIT_RAW_TP, HIT_KPROBE, HIT_UPROBE, HIT_SLOTS };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, HIT_SLOTS);
} hits SEC(".maps");

static __always_inline int hit(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&hits, &slot);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("tracepoint/task/task_rename")
int tp_task_rename(void *ctx)
{
	(void)ctx;
	return hit(HIT_TP);
}

SEC("raw_tp/task_rename")
int raw_tp_task_rename(void *ctx)
{
	(void)ctx;
	return hit(HIT_RAW_TP);
}

/* Only the members read, matched by name in the kernel's BTF (CO-RE). */
struct signal_struct {
	short oom_score_adj;
} __bl_core;

struct task_struct {
	int pid;
	char comm[16];
	struct signal_struct *signal;
} __bl_core;

/* void __set_task_comm(struct task_struct *tsk, const char *buf, bool exec) */
SEC("kprobe/__set_task_comm")
int kprobe_set_task_comm(struct pt_regs *ctx)
{
	struct task_struct *task = (struct task_struct *)PT_REGS_PARM1(ctx);
	const char *new_name = (const char *)PT_REGS_PARM2(ctx);
	char old_comm[16], new_comm[16];
	struct signal_struct *signal = 0;
	short oom_score_adj = 0;
	int pid = 0;

	bpf_core_read(&pid, sizeof(pid), &task->pid);
	bpf_core_read(old_comm, sizeof(old_comm), &task->comm);
	bpf_probe_read_kernel_str(new_comm, sizeof(new_comm), new_name);
	bpf_core_read(&signal, sizeof(signal), &task->signal);
	bpf_core_read(&oom_score_adj, sizeof(oom_score_adj), &signal->oom_score_adj);
	(void)pid;
	(void)oom_score_adj;
	return hit(HIT_KPROBE);
}

SEC("uprobe")
int uprobe_bench_call(struct pt_regs *ctx)
{
	(void)ctx;
	return hit(HIT_UPROBE);
}

char LICENSE[] SEC("license") = "GPL";
