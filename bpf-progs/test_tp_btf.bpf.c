/* test_tp_btf.bpf.c - test object: a BTF-typed tracepoint, tp_btf.
 *
 * SEC("tp_btf/sched_switch") is BPF_PROG_TYPE_TRACING with expected
 * attach type BPF_TRACE_RAW_TP, loaded with attr.attach_btf_id = the id
 * of the kernel's TYPEDEF btf_trace_sched_switch. Like a raw tracepoint
 * it gets the tracepoint's TP_PROTO arguments as u64s (ctx[0] = bool
 * preempt, ctx[1] = struct task_struct *prev, ctx[2] = next); unlike one,
 * the verifier knows their types from that typedef, so the program reads
 * prev->pid with a plain load instead of bpf_probe_read_kernel (the
 * member's offset relocated by CO-RE: struct task_struct below has only
 * the members used).
 *
 * `on_switch` records, in the one slot of `switches`, the last switch
 * away from a thread of process target_tgid (--set target_tgid=PID): the
 * pids of prev and next, prev's tgid and comm, and counts them.
 *
 * Run:     bpfload run build/bpf-progs/test_tp_btf.bpf.o --set target_tgid=PID
 * Trigger: process PID sleeps (any blocking call switches it out)
 * Output:  the map `switches` (tests/host/test_btf_attach.c,
 *          tests/cli/btf_attach.sh)
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
} __bl_core;

struct switch_seen {
	__u64 count;
	__s32 prev_pid;
	__s32 prev_tgid;
	__s32 next_pid;
	char prev_comm[16];
};

const volatile __s32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct switch_seen);
	__uint(max_entries, 1);
} switches SEC(".maps");

SEC("tp_btf/sched_switch")
int on_switch(__u64 *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx[1];
	struct task_struct *next = (struct task_struct *)ctx[2];
	struct switch_seen *s;
	__u32 zero = 0;

	if (prev->tgid != target_tgid)
		return 0;
	s = bpf_map_lookup_elem(&switches, &zero);
	if (!s)
		return 0;
	s->prev_pid = prev->pid;
	s->prev_tgid = prev->tgid;
	s->next_pid = next->pid;
	bpf_probe_read_kernel(s->prev_comm, sizeof(s->prev_comm), prev->comm);
	__sync_fetch_and_add(&s->count, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
