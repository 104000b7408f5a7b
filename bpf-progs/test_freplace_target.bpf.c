/* test_freplace_target.bpf.c - test object: the program whose global
 * function test_freplace.bpf.c replaces.
 *
 * `freplace_target` (tracepoint/syscalls/sys_enter_getppid) calls the
 * global function bl_freplace_value (in .text, not inlined: the
 * verifier checks it on its own, with its BTF FUNC from func_info) on
 * the value in slot 0 of `freplace_io` and stores the result in slot 1,
 * for the getppid calls of process target_tgid. As loaded, the function
 * adds 1 (41 gives 42); once test_freplace's program replaces it, it
 * adds 100 (141).
 *
 * Run:     bpfload run build/bpf-progs/test_freplace_target.bpf.o --set target_tgid=PID
 *          and, while it runs, bpfload run build/bpf-progs/test_freplace.bpf.o
 *          --replace-target ID (the id the first one printed)
 */
#include "bpfload.bpf.h"

const volatile __s32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __s64);
	__uint(max_entries, 2);
} freplace_io SEC(".maps");

__noinline int bl_freplace_value(int x)
{
	return x + 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int freplace_target(void *ctx)
{
	__u32 in = 0, out = 1;
	__s64 *x, result;

	(void)ctx;
	if ((bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	x = bpf_map_lookup_elem(&freplace_io, &in);
	if (!x)
		return 0;
	result = bl_freplace_value((int)*x);
	bpf_map_update_elem(&freplace_io, &out, &result, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
