/* test_alt_kprobe.bpf.c - test object: a kernel function's entry and
 * return, each twice: BTF trampolines (fentry, fexit) and kprobes
 * (kprobe, kretprobe) (docs/alternatives.md).
 *
 * As libbpf-tools do (tcpconnlat, biosnoop: fentry/F and kprobe/F), the
 * object carries both; bpfload attaches one per event: fentry/fexit where
 * the kernel loads and attaches them, else the kprobes. On a kernel with
 * neither (no trampolines, CONFIG_KPROBES off) `run` says that no
 * alternative of the event can be attached. Each program counts the
 * unlinks of target_tgid (0: of every process) in a slot of its own.
 *
 * Run:     bpfload run build/bpf-progs/test_alt_kprobe.bpf.o
 * Trigger: touch /tmp/x; rm /tmp/x
 * Output:  alt_unlinks: slot 0 fentry, 1 kprobe, 2 fexit, 3 kretprobe;
 *          one of 0 and 1 grows, one of 2 and 3.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(alt_unlinks, BPF_MAP_TYPE_ARRAY, __u32, __u64, 4);

const volatile __u32 target_tgid = 0;	/* 0: every process */

static __always_inline void count(__u32 slot)
{
	__u64 *n;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return;
	n = bpf_map_lookup_elem(&alt_unlinks, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("fentry/do_unlinkat")
int entry_btf(__u64 *ctx)
{
	(void)ctx;
	count(0);
	return 0;
}

SEC("kprobe/do_unlinkat")
int entry_kprobe(struct pt_regs *ctx)
{
	(void)ctx;
	count(1);
	return 0;
}

SEC("fexit/do_unlinkat")
int exit_btf(__u64 *ctx)
{
	(void)ctx;
	count(2);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int exit_kprobe(struct pt_regs *ctx)
{
	(void)ctx;
	count(3);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
