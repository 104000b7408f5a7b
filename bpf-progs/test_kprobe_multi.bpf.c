/* test_kprobe_multi.bpf.c - test object: one program on every kernel
 * function named vfs_* (SEC("kprobe.multi/vfs_*"), and the same on
 * return), each call counted by the cookie of the function it hit.
 *
 * bpfload gives function i of the list the pattern resolves to (sorted
 * by name, as `bpfload list kprobes 'vfs_*'` prints it) the cookie i;
 * bpf_get_attach_cookie() reads it back here, whether the kernel made a
 * kprobe_multi link (5.18+ with CONFIG_FPROBE) or one kprobe per
 * function. Reading a file calls vfs_read: its cookie must count.
 *
 * Maps (hash, key: the cookie): entries, returns: calls seen.
 *
 * Run:     bpfload run build/bpf-progs/test_kprobe_multi.bpf.o
 * Trigger: cat /proc/version
 */
#include "bpfload.bpf.h"

/* bpf_get_attach_cookie (Linux 5.15): the value given at attach time. */
static __u64 (*attach_cookie)(void *ctx) = (void *)BPF_FUNC_get_attach_cookie;

BL_LEGACY_MAP(entries, BPF_MAP_TYPE_HASH, __u32, __u64, 4096);
BL_LEGACY_MAP(returns, BPF_MAP_TYPE_HASH, __u32, __u64, 4096);

static __always_inline void count(void *map, void *ctx)
{
	__u32 key = (__u32)attach_cookie(ctx);
	__u64 one = 1, *n;

	n = bpf_map_lookup_elem(map, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

SEC("kprobe.multi/vfs_*")
int on_entry(struct pt_regs *ctx)
{
	count(&entries, ctx);
	return 0;
}

SEC("kretprobe.multi/vfs_*")
int on_return(struct pt_regs *ctx)
{
	count(&returns, ctx);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
