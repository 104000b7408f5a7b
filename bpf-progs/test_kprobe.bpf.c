/* test_kprobe.bpf.c - test object: the four kinds of kernel probe.
 *
 * For the loader's kprobe tests (they run where the kernel has kprobes:
 * the VMs). Each program counts its hits of this process only (tgid in
 * the one-slot array target_tgid, written by the test) into its own slot
 * of hits, so other processes' unlinks do not disturb the counts.
 *   hits[0]  kprobe/do_unlinkat       the VFS function behind unlink(2), unlinkat(2)
 *   hits[1]  kretprobe/do_unlinkat
 *   hits[2]  ksyscall/unlinkat        the syscall wrapper __x64_sys_unlinkat / __arm64_sys_unlinkat
 *   hits[3]  kretsyscall/unlinkat
 *
 * Run:     bpfload run build/bpf-progs/test_kprobe.bpf.o
 * Trigger: python3 -c 'import os; open("/tmp/x","w"); os.unlink("/tmp/x")'
 *          (with target_tgid left 0, every process counts)
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(hits, BPF_MAP_TYPE_ARRAY, __u32, __u64, 4);
BL_LEGACY_MAP(target_tgid, BPF_MAP_TYPE_ARRAY, __u32, __u32, 1);

static __always_inline int count(__u32 slot)
{
	__u32 zero = 0, tgid = bpf_get_current_pid_tgid() >> 32;
	__u32 *want = bpf_map_lookup_elem(&target_tgid, &zero);
	__u64 *n;

	if (want && *want && *want != tgid)
		return 0;
	n = bpf_map_lookup_elem(&hits, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("kprobe/do_unlinkat")
int on_do_unlinkat(void *ctx)
{
	(void)ctx;
	return count(0);
}

SEC("kretprobe/do_unlinkat")
int on_do_unlinkat_ret(void *ctx)
{
	(void)ctx;
	return count(1);
}

SEC("ksyscall/unlinkat")
int on_unlinkat(void *ctx)
{
	(void)ctx;
	return count(2);
}

SEC("kretsyscall/unlinkat")
int on_unlinkat_ret(void *ctx)
{
	(void)ctx;
	return count(3);
}

char LICENSE[] SEC("license") = "GPL";
