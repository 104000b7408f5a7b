/* test_pid_filter.bpf.c - test object: a process filter in .rodata of
 * the kind libbpf-tools have, `const volatile int targ_pid`, which
 * `bpfload run --pid PID` (and --cmd) sets before the load
 * (loader/cli/pid_filter.c).
 *
 * Run:     bpfload run build/bpf-progs/test_pid_filter.bpf.o --pid PID
 * Trigger: getppid(2), from any process
 * Output:  a trace_pipe line per call of process targ_pid (of every
 *          process when it is 0), which says the caller's process id
 *          and targ_pid as the program saw it:
 *            pidfilter tgid=4242 targ_pid=4242
 *          and the map pid_calls: key 0 = the calls of every process,
 *          key 1 = those that passed the filter.
 */
#include "bpfload.bpf.h"

const volatile int targ_pid = 0;	/* 0: every process */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} pid_calls SEC(".maps");

static void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&pid_calls, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int pid_filter_getppid(void *ctx)
{
	int tgid = (int)(bpf_get_current_pid_tgid() >> 32);

	(void)ctx;
	count(0);
	if (targ_pid && tgid != targ_pid)
		return 0;
	count(1);
	bpf_printk("pidfilter tgid=%d targ_pid=%d", tgid, targ_pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
