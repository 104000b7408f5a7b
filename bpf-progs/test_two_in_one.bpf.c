/* test_two_in_one.bpf.c - test object: two programs in one section.
 *
 * For the loader's tests.  libbpf allows several global functions in the
 * same section: each is its own program, found through its symbol (the
 * symbol's value is the program's offset in the section, its size the
 * length).  The relocations of the section must be split between them.
 *
 * Run:     bpfload run build/bpf-progs/test_two_in_one.bpf.o
 * Trigger: getppid(2), e.g. python3 -c 'import os; os.getppid()'
 * Output:  the map slots: slot 0 counted by first, slot 1 by second;
 *          after N calls both hold (at least) N.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(slots, BPF_MAP_TYPE_ARRAY, __u32, __u64, 2);

static __always_inline void bump(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&slots, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	(void)ctx;
	bump(0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int second(void *ctx)
{
	(void)ctx;
	bump(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
