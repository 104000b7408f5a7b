/* test_alternatives.bpf.c - test object: three implementations of one
 * event, the tracepoint sys_enter (docs/alternatives.md).
 *
 * As libbpf-tools do (biolatency, runqlat: tp_btf/X and raw_tp/X), the
 * object carries the event three times: a BTF tracepoint, a raw
 * tracepoint and a perf tracepoint. bpfload attaches one of them, the
 * most preferred the kernel loads: tp_btf, else raw_tp, else the
 * tracepoint. Each counts the system calls of target_tgid (0: of every
 * process) in a slot of its own, so the map shows which ran: exactly one
 * slot grows. With --all-alternatives every loaded one is attached, and
 * each system call is counted once per program.
 *
 * Run:     bpfload run build/bpf-progs/test_alternatives.bpf.o --set target_tgid=PID
 * Trigger: any system call of PID
 * Output:  alt_calls: slot 0 tp_btf, 1 raw_tp, 2 tracepoint; the line
 *          "alternative tracepoint sys_enter: ..." says which was used.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(alt_calls, BPF_MAP_TYPE_ARRAY, __u32, __u64, 3);

const volatile __u32 target_tgid = 0;	/* 0: every process */

static __always_inline void count(__u32 slot)
{
	__u64 *n;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return;
	n = bpf_map_lookup_elem(&alt_calls, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* BTF tracepoint: the arguments of TP_PROTO, typed (here unused) */
SEC("tp_btf/sys_enter")
int on_btf(__u64 *ctx)
{
	(void)ctx;
	count(0);
	return 0;
}

/* raw tracepoint: the same arguments as __u64 */
SEC("raw_tp/sys_enter")
int on_raw(struct bpf_raw_tracepoint_args *ctx)
{
	(void)ctx;
	count(1);
	return 0;
}

/* perf tracepoint: the formatted record of events/raw_syscalls/sys_enter */
SEC("tracepoint/raw_syscalls/sys_enter")
int on_tp(void *ctx)
{
	(void)ctx;
	count(2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
