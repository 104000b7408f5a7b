/* test_alternatives.bpf.c - test object: implementations of one event
 * by different mechanisms (docs/alternatives.md).
 *
 * As libbpf-tools do (biolatency, runqlat: tp_btf/X and raw_tp/X), the
 * object carries the tracepoint sys_enter three times: a BTF tracepoint,
 * a raw tracepoint and a perf tracepoint. bpfload attaches one of them,
 * the most preferred the kernel loads: tp_btf, else raw_tp, else the
 * tracepoint. And sys_enter_getppid twice: a raw tracepoint that loads
 * but cannot be attached (the syscall tracepoints have no raw tracepoint
 * of their own: the kernel says ENOENT), so bpfload falls back to the
 * perf tracepoint of that name.
 *
 * Each program counts the system calls of target_tgid (0: of every
 * process) in a slot of its own, so the map shows which ran: of slots
 * 0-2 exactly one grows, and of 3-4 only 4. With --all-alternatives
 * every loaded one is attached (and the raw tracepoint
 * sys_enter_getppid fails).
 *
 * Run:     bpfload run build/bpf-progs/test_alternatives.bpf.o --set target_tgid=PID
 * Trigger: any system call of PID; getppid(2) for slot 4
 * Output:  alt_calls: slot 0 tp_btf, 1 raw_tp, 2 tracepoint (sys_enter),
 *          3 raw_tp, 4 tracepoint (sys_enter_getppid); one line per
 *          event, "alternative tracepoint sys_enter: ...", says which
 *          was used and why the others were not.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(alt_calls, BPF_MAP_TYPE_ARRAY, __u32, __u64, 5);

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

/* no raw tracepoint has this name: loads, cannot be attached */
SEC("raw_tp/sys_enter_getppid")
int getppid_raw(struct bpf_raw_tracepoint_args *ctx)
{
	(void)ctx;
	count(3);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int getppid_tp(void *ctx)
{
	(void)ctx;
	count(4);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
