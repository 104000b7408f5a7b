/* test_uprobe.bpf.c - test object: a uprobe and a uretprobe on the same
 * user-space function, for the loader's uprobe tests.
 *
 * Both sections are bare: the function is given at attach time
 * (bl_attach_opts.uprobe_target, `bpfload run --uprobe PATH:FUNC`). The host
 * tests probe a function of their own binary, `long ht_uprobe_add(long a,
 * long b)`; the command-line tests the functions of tests/uprobe/.
 *
 * Per process (key: tgid), in the hash map calls:
 *   entries, returns  how many calls entered and returned
 *   arg1, arg2        PT_REGS_PARM1 / PT_REGS_PARM2 of the last entry
 *   ret               PT_REGS_RC of the last return
 * so that a process the probe must not see (--pid) shows as no entry.
 *
 * Run:     bpfload run build/bpf-progs/test_uprobe.bpf.o \
 *              --uprobe build/tests/uprobe/target:bl_target_add
 * Trigger: build/tests/uprobe/target 3 2 40     (3 calls of add(2, 40))
 */
#include "bpfload.bpf.h"

struct call_stats {
	__u64 entries;
	__u64 returns;
	__u64 arg1;
	__u64 arg2;
	__u64 ret;
};

BL_LEGACY_MAP(calls, BPF_MAP_TYPE_HASH, __u32, struct call_stats, 256);

static __always_inline struct call_stats *stats_of_this_process(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct call_stats zero = {}, *s;

	s = bpf_map_lookup_elem(&calls, &tgid);
	if (s)
		return s;
	bpf_map_update_elem(&calls, &tgid, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&calls, &tgid);
}

SEC("uprobe")
int on_entry(struct pt_regs *ctx)
{
	struct call_stats *s = stats_of_this_process();

	if (!s)
		return 0;
	__sync_fetch_and_add(&s->entries, 1);
	s->arg1 = PT_REGS_PARM1(ctx);
	s->arg2 = PT_REGS_PARM2(ctx);
	return 0;
}

SEC("uretprobe")
int on_return(struct pt_regs *ctx)
{
	struct call_stats *s = stats_of_this_process();

	if (!s)
		return 0;
	__sync_fetch_and_add(&s->returns, 1);
	s->ret = PT_REGS_RC(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
