/* test_multi.bpf.c - test object: one program on many user-space
 * functions at once (SEC("uprobe.multi"), SEC("uretprobe.multi")), each
 * call counted by the cookie of the function it hit.
 *
 * Both sections are bare: PATH:PATTERN is given at attach time (`bpfload
 * run --uprobe PATH:PATTERN`). bpfload gives function i of the list the
 * pattern resolves to (sorted by name, as `bpfload list uprobes PATH
 * PATTERN` prints it) the cookie i; bpf_get_attach_cookie() reads it
 * back here, whether the kernel made one uprobe_multi link (6.6+) or
 * one uprobe per function.
 *
 * Maps (hash, key: the cookie): entries, returns: calls seen.
 *
 * Run:     bpfload run build/bpf-progs/test_multi.bpf.o \
 *              --uprobe 'build/tests/uprobe/target:bl_target_*'
 * Trigger: build/tests/uprobe/target 3 2 40
 *          (cookie 0, bl_target_add: 3 calls; 1, bl_target_static_twice: 1)
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

SEC("uprobe.multi")
int on_entry(struct pt_regs *ctx)
{
	count(&entries, ctx);
	return 0;
}

SEC("uretprobe.multi")
int on_return(struct pt_regs *ctx)
{
	count(&returns, ctx);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
