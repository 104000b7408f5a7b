/* test_core_poison.bpf.c - test object: a CO-RE relocation that cannot
 * be resolved on any kernel, reached unconditionally.
 *
 * struct task_struct___bl_gone names task_struct (the flavor is ignored)
 * with a member the kernel does not have; reading it unguarded leaves a
 * relocation the loader cannot resolve, so it poisons the instruction
 * (a call of helper 0xbad2310) and the verifier refuses the program with
 * "invalid func unknown#195896080". bpfload must then say which
 * relocation it was (tests/host/test_core.c).
 *
 * Run:     bpfload verify build/bpf-progs/test_core_poison.bpf.o
 * Output:  rejected; the log starts with "CO-RE relocation 0 (...) could
 *          not be resolved on this kernel".
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

BL_LEGACY_MAP(results, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1);

struct task_struct___bl_gone {
	long bl_no_such_member;
} __bl_core;

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_poison(void *ctx)
{
	struct task_struct___bl_gone *t = (void *)bpf_get_current_task();
	__u32 slot = 0;
	__u64 *p = bpf_map_lookup_elem(&results, &slot);
	long v = 0;

	(void)ctx;
	bpf_core_read(&v, sizeof(v), &t->bl_no_such_member);
	if (p)
		*p = v;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
