/* uprobe_trace.bpf.c - a uprobe and a uretprobe on a function of a
 * program: the user-space counterpart of unlink_trace.
 *
 * The target is tests/uprobe/target.c, built into
 * build/tests/uprobe/target, whose function
 *     long bl_target_add(long a, long b)
 * it calls N times. The uprobe fires at the function's first instruction
 * and reads the two arguments from the registers of the calling process
 * (PT_REGS_PARM1, PT_REGS_PARM2: rdi and rsi on x86_64, x0 and x1 on
 * arm64); the uretprobe fires when it returns and reads the result
 * (PT_REGS_RC: rax, x0). The sections are bare, SEC("uprobe") and
 * SEC("uretprobe"): the file and function are given on the command line,
 * so the object does not depend on where the build tree is. With a fixed
 * path it would be SEC("uprobe//usr/bin/prog:func") (see bashreadline).
 *
 * Run:     bpfload run build/bpf-progs/uprobe_trace.bpf.o \
 *              --uprobe build/tests/uprobe/target:bl_target_add
 * Trigger: build/tests/uprobe/target 3 2 40
 * Output:  three pairs of trace_pipe lines
 *            add pid=PID a=2 b=40
 *            add pid=PID returned 42
 *          and the map add_calls: key 0 = calls seen.
 */
#include "bpfload.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} add_calls SEC(".maps");

SEC("uprobe")
int trace_add(struct pt_regs *ctx)
{
	long a = PT_REGS_PARM1(ctx), b = PT_REGS_PARM2(ctx);
	__u32 zero = 0;
	__u64 *n;

	bpf_printk("add pid=%d a=%ld b=%ld", bpf_get_current_pid_tgid() >> 32, a, b);
	n = bpf_map_lookup_elem(&add_calls, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("uretprobe")
int trace_add_ret(struct pt_regs *ctx)
{
	long ret = PT_REGS_RC(ctx);

	bpf_printk("add pid=%d returned %ld", bpf_get_current_pid_tgid() >> 32, ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
